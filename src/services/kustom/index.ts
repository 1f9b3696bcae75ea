import { serviceApi } from '../../http/service-api.js';
import { seededFaker } from '../../core/ids.js';
import { once } from '../../core/lazy.js';
import { serviceEdge } from '../../http/service-edge.js';
import type { ServiceFactory, ServiceModule } from '../../http/service-module.js';
import { createKustomActions } from './actions.js';
import { kustomAdminRoutes } from './admin-routes.js';
import { kustomAuth } from './auth.js';
import { kustomErrorResponse, kustomOnError, kustomScenarioResponse, kustomValidationHook } from './errors.js';
import { failure, KUSTOM_ERROR_CATALOGUE, tooLarge } from './failures.js';
import { loadKustomFixtures, seedKustomDoc } from './fixtures.js';
import { kustomOutcomes } from './outcomes.js';
import { KustomRepo } from './repo.js';
import { kustomReadiness } from './readiness.js';
import { registerCaptureRoutes } from './routes/captures.js';
import { registerCheckoutRoutes } from './routes/checkout.js';
import { registerOrderRoutes } from './routes/orders.js';
import { registerRefundRoutes } from './routes/refunds.js';
import { registerDueDateRoutes } from './routes/due-date.js';
import { kustomDocs } from './docs.js';
import { registerKustomWebhooks } from './webhook-docs.js';

/**
 * The Kustom service: Order Management v1 and Checkout v3 at Klarna's own paths.
 *
 * @example
 * const kustom = await createKustom(ctx); app.route('/', kustom.api);
 */
export const KUSTOM_MAX_BODY = 1024 * 1024;
const PREFIXES = ['/ordermanagement', '/checkout'];

export const createKustom: ServiceFactory = (ctx): ServiceModule => {
  const fixtures = loadKustomFixtures(ctx.fixturesDir);
  const byId = new Map(fixtures.tenants.map((t) => [t.id, t]));
  const repo = new KustomRepo(ctx, (tenant) => seedKustomDoc(byId.get(tenant), ctx.clock.now('kustom', tenant)));
  const actions = createKustomActions(ctx, repo, once(() => seededFaker(ctx.seed)));
  const outcomes = kustomOutcomes(repo);

  const api = serviceApi({ defaultHook: kustomValidationHook });
  const authenticate = kustomAuth({
    strict: ctx.strict,
    keys: new Set(fixtures.tenants.map((t) => t.id)),
    users: new Map(fixtures.tenants.filter((t) => t.password).map((t) => [t.id, t.password as string])),
  });
  const edge = serviceEdge(ctx, {
    service: 'kustom',
    correlationHeader: 'Klarna-Correlation-Id',
    maxBody: KUSTOM_MAX_BODY,
    tooLarge: (c) => kustomErrorResponse(c, tooLarge()),
    authenticate,
    idempotencyHeader: 'Klarna-Idempotency-Key',
    scenarios: { respond: kustomScenarioResponse, outcomes },
    onError: kustomOnError,
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'basicAuth', {
    type: 'http', scheme: 'basic',
    description: 'The raw API key (`Basic kco_test_api_…`), or base64(username:password). Any well-formed credential names a merchant unless the sandbox runs --strict.',
  });

  const deps = { ctx, repo };
  registerOrderRoutes(api, deps);
  registerCaptureRoutes(api, deps);
  registerDueDateRoutes(api, deps);
  registerRefundRoutes(api, deps);
  registerCheckoutRoutes(api, deps);
  registerKustomWebhooks(api.openAPIRegistry);

  for (const t of fixtures.tenants) if (t.receiver) ctx.receivers.set('kustom', t.id, t.receiver);

  return {
    name: 'kustom',
    info: {
      title: 'Kustom Order Management v1 + Checkout v3 (Order Sandbox)',
      version: '1.0.0',
      description: 'Klarna\'s Order Management and Checkout v3 API under the Kustom name, emulated with state. Paths, status codes and error envelopes follow Klarna\'s published specification; sandbox decisions are listed in the README.',
    },
    api,
    edges: PREFIXES.map((prefix) => ({ prefix, edge })),
    prefixes: PREFIXES,
    notFound: (c) => kustomErrorResponse(c, failure(404, 'NOT_FOUND', `No such resource: ${c.req.method} ${c.req.path}`)),
    onError: kustomOnError,
    admin: kustomAdminRoutes(actions),
    actions,
    reset: (tenant) => repo.state.reset(tenant),
    tick: () => repo.state.tick(),
    errorCodes: Object.keys(KUSTOM_ERROR_CATALOGUE),
    webhookKinds: ['push', 'notification'],
    readiness: async (input) => kustomReadiness(input, input.known ? await repo.all(input.tenant) : []),
    outcomes,
    async tenants() {
      return [...new Set([...fixtures.tenants.map((t) => t.id), ...(await ctx.store.tenants('kustom'))])].sort();
    },
    docs: kustomDocs(fixtures, actions),
  };
};
