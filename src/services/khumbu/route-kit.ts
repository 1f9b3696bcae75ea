import { createRoute, z, type RouteConfig } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { SandboxEnv } from '../../http/env.js';
import { json } from '../../http/openapi.js';
import { operation } from '../../http/operation.js';
import { KhumbuError } from './errors.js';
import { ks, unsupportedMediaType, withHint } from './failures.js';
import type { KhumbuCatalog } from './fixtures.js';
import type { MarketDef } from './model.js';
import { GatewayError, KsError } from './schemas.js';

/**
 * Builds Khumbu's order routes: relative to a stage base (`/uat/v1` or `/v1`), with the operationId
 * set before anything else, the JSON body gate (415 / KS-0001 / KS-1003), the path names checked
 * against the fixtures (KS-0002, KS-0003, KS-0012, unknown market), and every error response documented.
 *
 * @example
 * khumbuRoute(catalog, { method: 'post', path: `${MARKET_PATH}/orders/cancel`, operationId: 'cancelOrder', … }, hide)
 */
export const MARKET_PATH = '/providers/{integrationPartnerName}/partners/{posName}/markets/{marketName}';

export const PathParams = z.object({
  integrationPartnerName: z.string().openapi({ example: 'standardprovider', description: 'Your integration partner (provider) name.' }),
  posName: z.string().openapi({ example: 'simphony', description: 'The POS system (partner) name.' }),
  marketName: z.string().openapi({ example: 'plkpl', description: 'The brand-in-a-region market.' }),
});

const either = z.union([KsError, GatewayError]);
const ERRORS: Record<number, [string, z.ZodType]> = {
  400: ['Invalid JSON (KS-0001, KS-1003), missing field (KS-0006, KS-0007, KS-0011), bad value (KS-0010, KS-0016, KS-0017, KS-0021, KS-0022), provider name length (KS-0002).', KsError],
  401: ['API Gateway: missing, foreign or expired bearer token `{"message":"Unauthorized"}`.', either],
  403: ['API Gateway: missing or unknown `x-api-key` `{"message":"Forbidden"}`.', either],
  404: ['Unknown provider (KS-0003), partner (KS-0012), store (KS-1001, KS-1002) or order (KS-0020).', KsError],
  409: ['Duplicate order (KS-0018), inactive store (KS-0019), already cancelled (KS-1005), fire of an order not on HOLD (KS-0010).', KsError],
  413: ['API Gateway: body over 10 MB.', GatewayError],
  415: ['API Gateway: body not sent as application/json.', GatewayError],
  429: ['API Gateway: too many requests (scenarios can produce it).', GatewayError],
  500: ['Unexpected error (KS-2010).', KsError],
  502: ['The POS call failed (KS-2003; scenarios can produce it).', KsError],
  503: ['API Gateway: service unavailable (scenarios can produce it).', GatewayError],
};

const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/** The body must be JSON: 415 without the content type, KS-0001 when it does not parse, KS-1003 when it is no object. */
const jsonBodyGate: MiddlewareHandler<SandboxEnv> = async (c, next) => {
  if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) throw new KhumbuError(unsupportedMediaType());
  const text = await c.req.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new KhumbuError(withHint(ks('KS-0001'), text.trim() === '' ? 'the body is empty' : e instanceof Error ? e.message : 'not JSON'));
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new KhumbuError(withHint(ks('KS-1003'), 'the body must be a JSON object'));
  await next();
};

/** The market named by the path; throws KS-0002/0003/0012/0010 when the names are not the fixtures'. */
export function marketOf(catalog: KhumbuCatalog, c: Context<SandboxEnv>): MarketDef {
  const provider = c.req.param('integrationPartnerName') ?? '';
  const partner = c.req.param('posName') ?? '';
  const name = c.req.param('marketName') ?? '';
  if (provider.length < 2 || provider.length > 100) throw new KhumbuError(ks('KS-0002'));
  if (!catalog.providers.has(provider)) throw new KhumbuError(withHint(ks('KS-0003', provider), `known providers: ${[...catalog.providers].join(', ')}`));
  if (!catalog.partners.get(provider)?.has(partner)) throw new KhumbuError(withHint(ks('KS-0012', partner), `partners of ${provider}: ${[...(catalog.partners.get(provider) ?? [])].join(', ')}`));
  const market = catalog.market(provider, partner, name);
  if (!market) throw new KhumbuError(withHint(ks('KS-0010', 'marketName'), `no market "${name}" for ${provider}/${partner} in fixtures/khumbu.json`));
  return market;
}

type Def = Omit<RouteConfig, 'responses' | 'middleware' | 'operationId' | 'security'> & { operationId: string; responses: RouteConfig['responses']; errors: number[] };

export function khumbuRoute<const D extends Def>(catalog: KhumbuCatalog, def: D, hide: boolean) {
  const checkPath: MiddlewareHandler<SandboxEnv> = async (c, next) => {
    marketOf(catalog, c);
    await next();
  };
  const statuses = [...new Set([400, 401, 403, 404, 413, 415, 429, 500, 502, 503, ...def.errors])].sort();
  const errors = Object.fromEntries(statuses.map((s) => {
    const [description, schema] = ERRORS[s] ?? ['Error.', KsError];
    return [s, { description, ...json(schema) }];
  }));
  const { errors: _omit, ...rest } = def;
  return createRoute({
    ...rest,
    hide,
    security: [{ bearerAuth: [], apiKey: [] }],
    middleware: [operation(def.operationId), jsonBodyGate, checkPath] as const,
    responses: { ...errors, ...def.responses } as D['responses'],
  });
}
