import type { Context } from 'hono';

/**
 * The origin a client used to reach the sandbox, honouring `X-Forwarded-Proto` / `X-Forwarded-Host`
 * (so `Location` headers are right behind a proxy or in Docker).
 *
 * @example
 * absoluteUrl(c, '/ordermanagement/v1/orders/x/captures/y'); // 'http://localhost:4010/ordermanagement/…'
 */
export function requestOrigin(c: Context): string {
  const url = new URL(c.req.url);
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
  const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
  const safeProto = proto && /^https?$/i.test(proto) ? proto.toLowerCase() : url.protocol.replace(':', '');
  const safeHost = host && /^[A-Za-z0-9.\-:[\]]+$/.test(host) ? host : url.host;
  return `${safeProto}://${safeHost}`;
}

export function absoluteUrl(c: Context, path: string): string {
  return `${requestOrigin(c)}${path}`;
}
