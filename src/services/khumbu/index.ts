import { createHash } from 'node:crypto';
import { serviceApi } from '../../http/service-api.js';
import { serviceEdge, type EdgeConfig } from '../../http/service-edge.js';
import type { ServiceFactory, ServiceModule } from '../../http/service-module.js';
import { createKhumbuActions } from './actions.js';
import { khumbuAdminRoutes } from './admin-routes.js';
import { khumbuGateway, type KhumbuAuthConfig } from './auth.js';
import { KHUMBU_SCENARIO_ERRORS, khumbuErrorResponse, khumbuOnError, khumbuScenarioResponse } from './errors.js';
import { tooLarge } from './failures.js';
import { loadKhumbuCatalog } from './fixtures.js';
import { KhumbuRepo } from './repo.js';
import { khumbuReadiness } from './readiness.js';
import { orderRoutes } from './routes/orders.js';
import { tokenRoutes } from './routes/token.js';
import { registerKhumbuWebhooks } from './webhook-docs.js';
import { khumbuDocs } from './docs.js';
import { khumbuOutcomes } from './outcomes.js';
import { khumbuWebhooks, WEBHOOK_KINDS } from './webhooks.js';

/**
 * The Khumbu service: OAuth2 token, the four order operations under `/uat/v1` and `/v1`, a simulated
 * POS per store on the sandbox clock, and webhooks to the client's receiver.
 *
 * @example
 * const khumbu = await createKhumbu(ctx); app.route('/', khumbu.api);
 */
export const KHUMBU_MAX_BODY = 10 * 1024 * 1024;
const API_PREFIXES = ['/uat/v1/providers', '/v1/providers'];
/** Paths answered in Khumbu's (API Gateway's) way when nothing matches. */
const PREFIXES = ['/uat', '/v1/providers', '/oauth2'];

export const createKhumbu: ServiceFactory = (ctx): ServiceModule => {
  const catalog = loadKhumbuCatalog(ctx.fixturesDir);
  const clients = catalog.fixtures.clients;
  const hooks = khumbuWebhooks(ctx.receivers);
  const repo = new KhumbuRepo(ctx, catalog, hooks);
  const actions = createKhumbuActions(repo, catalog, hooks);
  const outcomes = khumbuOutcomes(repo);
  const auth: KhumbuAuthConfig = {
    strict: ctx.strict,
    clients: new Map(clients.map((c) => [c.clientId, c.clientSecret])),
    apiKeys: new Set(clients.map((c) => c.apiKey)),
    secret: createHash('sha256').update(`order-sandbox khumbu ${ctx.seed}`).digest('hex'),
    clock: ctx.clock,
  };

  const api = serviceApi();
  const edge: EdgeConfig = {
    service: 'khumbu',
    correlationHeader: 'x-amzn-RequestId',
    gatewayIdHeader: 'x-amz-apigw-id',
    maxBody: KHUMBU_MAX_BODY,
    tooLarge: (c) => khumbuErrorResponse(c, tooLarge()),
    scenarios: { respond: khumbuScenarioResponse, outcomes },
    onError: khumbuOnError,
  };
  const orderEdge = serviceEdge(ctx, { ...edge, authenticate: khumbuGateway(auth) });
  const openEdge = serviceEdge(ctx, edge);
  const edges = [
    ...API_PREFIXES.map((prefix) => ({ prefix, edge: orderEdge })),
    { prefix: '/oauth2', edge: openEdge }, // the token route checks its client itself
    { prefix: '/uat', edge: openEdge }, // unknown paths: API Gateway's 403, with its request ids like any answer
  ];
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http', scheme: 'bearer', bearerFormat: 'JWT',
    description: 'The access_token of POST /oauth2/token, valid 3600 s of sandbox time. Its client_id is the tenant.',
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'apiKey', in: 'header', name: 'x-api-key',
    description: 'Any non-empty key, or in --strict mode a key of fixtures/khumbu.json.',
  });
  const deps = { ctx, repo, catalog };
  api.route('/', tokenRoutes(auth));
  api.route('/uat/v1', orderRoutes(deps, false));
  api.route('/v1', orderRoutes(deps, true));
  registerKhumbuWebhooks(api.openAPIRegistry);

  for (const c of clients) if (c.receiver) ctx.receivers.set('khumbu', c.clientId, c.receiver);

  return {
    name: 'khumbu',
    info: {
      title: 'Khumbu Order API (Order Sandbox)',
      version: '1.0.0',
      description: 'Ordering partner → restaurant POS, with results by webhook. The order routes are documented under /uat/v1 and served the same under /v1. Paths, bodies and KS codes follow Khumbu\'s developer portal; sandbox decisions (HTTP statuses, the fire body, the POS simulation) are listed in the README.',
    },
    api,
    edges,
    prefixes: PREFIXES,
    onError: khumbuOnError,
    notFound: (c) => khumbuErrorResponse(c, { kind: 'gateway', status: 403, message: 'Missing Authentication Token', hint: `no Khumbu route ${c.req.method} ${c.req.path} (API Gateway answers unknown paths this way)` }),
    admin: khumbuAdminRoutes(actions),
    actions,
    reset: (tenant) => repo.state.reset(tenant),
    tick: () => repo.state.tick(),
    errorCodes: KHUMBU_SCENARIO_ERRORS,
    webhookKinds: [...WEBHOOK_KINDS],
    readiness: async (input) => khumbuReadiness(input, input.known ? await repo.list(input.tenant) : []),
    outcomes,
    async tenants() {
      return [...new Set([...clients.map((c) => c.clientId), ...(await ctx.store.tenants('khumbu'))])].sort();
    },
    docs: khumbuDocs(auth, clients[0], (id) => ctx.clock.now('khumbu', id)),
  };
};
