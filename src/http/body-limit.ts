import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * Hono's body limit, applied only to methods that carry a body. Touching `c.req.raw.body` on a GET
 * makes @hono/node-server build a full undici Request, which costs more than the rest of the request.
 *
 * @example
 * api.use('/checkout/*', limitBody(1024 * 1024, (c) => c.json({ error: 'too large' }, 413)));
 */
const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function limitBody(maxSize: number, onError: (c: Context) => Response | Promise<Response>): MiddlewareHandler {
  const limit = bodyLimit({ maxSize, onError });
  return (c, next) => (BODYLESS.has(c.req.method) ? next() : limit(c, next));
}
