import { serviceApi } from '../../http/service-api.js';
import type { Context } from 'hono';
import { vars, type SandboxEnv } from '../../http/env.js';
import { serviceEdge } from '../../http/service-edge.js';
import { TENANT_MAX } from '../../core/tenant-name.js';
import { requestHeader } from '../../http/request-header.js';
import type { ServiceFactory, ServiceModule } from '../../http/service-module.js';
import { createOktoActions } from './actions.js';
import { oktoAdminRoutes } from './admin-routes.js';
import { OKTO_SCENARIO_ERRORS, OktoError, oktoErrorResponse, oktoFailure, oktoOnError, oktoScenarioResponse } from './errors.js';
import { demoOrders, loadOktoFixtures, type OktoFixtures } from './fixtures.js';
import type { OktoDoc } from './repo.js';
import { oktoOutcomes } from './outcomes.js';
import { OktoRepo } from './repo.js';
import { oktoposReadiness } from './readiness.js';
import { registerArticleRoutes } from './routes/articles.js';
import { registerOrderRoutes } from './routes/orders.js';
import { oktoDocs } from './docs.js';

/**
 * The OktoPOS service: the Order-Api 1.3.0 under `/v1/order`, read-only article views under
 * `/v1/articles`, and a kitchen per till on the sandbox clock.
 *
 * @example
 * const okto = await createOktopos(ctx); app.route('/', okto.api);
 */
export const OKTO_MAX_BODY = 10 * 1024 * 1024;
/** Hono's `p/*` also matches `p` itself, so `/v1/articles` is covered. */
const PREFIXES = ['/v1/order', '/v1/articles'];
const FIRST_INTERNAL_ID = 1001;

function seedDoc(fx: OktoFixtures, tenant: string, seed: number, now: number): OktoDoc {
  const t = fx.tenants.find((x) => x.apiKey === tenant);
  const orders = t?.demoOrders ? demoOrders(fx, seed, now, FIRST_INTERNAL_ID, (t.preparationMinutes ?? fx.defaultPreparationMinutes) * 60_000) : [];
  return {
    orders: Object.fromEntries(orders.map((o) => [String(o.internalId), o])),
    bySender: Object.fromEntries(orders.map((o) => [o.orderId, o.internalId])),
    nextInternalId: FIRST_INTERNAL_ID + orders.length,
    preparationMinutes: t?.preparationMinutes ?? fx.defaultPreparationMinutes,
  };
}

export const createOktopos: ServiceFactory = (ctx): ServiceModule => {
  const fixtures = loadOktoFixtures(ctx.fixturesDir);
  const keys = new Set(fixtures.tenants.map((t) => t.apiKey));
  const seed = (tenant: string) => seedDoc(fixtures, tenant, ctx.seed, ctx.clock.now('oktopos', tenant));
  const repo = new OktoRepo(ctx, seed);
  const actions = createOktoActions(repo);
  const outcomes = oktoOutcomes(repo);
  const now = (c: Context<SandboxEnv>) => ctx.clock.now('oktopos', vars(c).tenant ?? '');

  const authenticate = (c: Context<SandboxEnv>): string => {
    const key = requestHeader(c, 'x-api-key')?.trim();
    if (!key) throw new OktoError(oktoFailure(403, 'Missing API key: send the token of OktoPOS -> System in the X-API-KEY header.'));
    if (key.length > TENANT_MAX || (ctx.strict && !keys.has(key))) throw new OktoError(oktoFailure(403, 'Invalid API key.'));
    return key;
  };
  const onError = oktoOnError(now);

  const api = serviceApi();
  const edge = serviceEdge(ctx, {
    service: 'oktopos',
    maxBody: OKTO_MAX_BODY,
    tooLarge: (c) => oktoErrorResponse(c, oktoFailure(413, 'Request body is larger than 10 MB.'), now(c)),
    authenticate,
    scenarios: { respond: oktoScenarioResponse(now), outcomes },
    onError,
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'ApiKeyAuth', {
    type: 'apiKey', in: 'header', name: 'X-API-KEY',
    description: 'The token of OktoPOS -> System. Any non-empty key names a till unless the sandbox runs --strict.',
  });
  registerOrderRoutes(api, { repo, fixtures });
  registerArticleRoutes(api, fixtures);

  return {
    name: 'oktopos',
    info: {
      title: 'OktoPOS Manager Order-Api 1.3.0 (Order Sandbox)',
      version: '1.3.0',
      description: 'Orders from third-party apps into an OktoPOS till, with a kitchen that makes them ready on the sandbox clock. Confirmed and sandbox-decided parts are listed in the README.',
    },
    api,
    onError,
    edges: PREFIXES.map((prefix) => ({ prefix, edge })),
    prefixes: ['/v1'], // every other /v1 path (Khumbu's /v1/providers comes first) gets OktoPOS's 404
    notFound: (c) => oktoErrorResponse(c, oktoFailure(404, `No route ${c.req.method} ${c.req.path}.`), now(c)),
    admin: oktoAdminRoutes(actions),
    actions,
    reset: (tenant) => repo.state.reset(tenant),
    tick: () => repo.state.tick(),
    errorCodes: OKTO_SCENARIO_ERRORS,
    webhookKinds: [],
    readiness: async (input) => oktoposReadiness(input, input.known ? await repo.list(input.tenant) : []),
    outcomes,
    async tenants() {
      return [...new Set([...keys, ...(await ctx.store.tenants('oktopos'))])].sort();
    },
    docs: oktoDocs(fixtures, actions),
  };
};
