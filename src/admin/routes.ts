import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { tenantName } from '../http/tenant.js';
import { TENANT_MAX } from '../core/tenant-name.js';
import { limitBody } from '../http/body-limit.js';
import { adminErrorResponse, adminErrorResponses, adminOnError, adminValidationHook } from '../http/admin-envelope.js';
import type { SandboxEnv } from '../http/env.js';
import type { ServiceModule } from '../http/service-module.js';
import type { Admin } from './admin.js';
import { json } from '../http/openapi.js';
import type { Context } from 'hono';
import { describeScenarioIssues } from '../core/scenarios/load.js';
import { FAULTS, ScenarioSchema } from '../core/scenarios/schema.js';
import type { ValidationResult } from '../http/validation.js';
import { ReadinessReportSchema } from './report-schema.js';

/**
 * `/__admin` over HTTP: health, reset, clock, journal, webhooks, and each service's own admin routes
 * under `/__admin/<service>`. With an admin token, everything but health and the CA certificate needs `Authorization: Bearer <token>`.
 *
 * @example
 * curl -X POST localhost:4010/__admin/clock/advance -H 'content-type: application/json' -d '{"seconds":3600}'
 */
const StoreKind = z.enum(['memory', 'directory', 'postgres']).openapi({ description: 'Where state is kept: nowhere (:memory:), a data directory, or PostgreSQL' });
const Scope = z.object({ service: z.string().optional(), tenant: z.string().max(TENANT_MAX).optional() });
const ClockState = z.object({ now: z.string(), frozen: z.boolean(), offsets: z.array(z.object({ scope: z.string(), seconds: z.number() })) }).openapi('ClockState');
const JournalEntry = z.object({
  id: z.number(), at: z.string(), service: z.string(), tenant: z.string().nullable(), operation: z.string(), method: z.string(), path: z.string(),
  status: z.number(), durationMs: z.number(), correlationId: z.string().optional(), errorCode: z.string().optional(), scenario: z.string().optional(),
  fault: z.enum(FAULTS).optional().openapi({ description: 'A network fault a scenario injected; status is 0 when the client got no answer.' }),
  idempotencyKey: z.string().optional().openapi({ description: 'The idempotency key the request carried (Klarna-Idempotency-Key).' }),
  subject: z.string().optional().openapi({ description: 'The record the request acted on (an order id).' }),
  from: z.string().optional().openapi({ description: 'The status of the subject before the request.' }),
  to: z.string().optional().openapi({ description: 'Its status after the request, when the request changed it.' }),
  recordedAt: z.string().openapi({ description: 'When the request was answered, by the wall clock (`at` is sandbox time).' }),
}).openapi('JournalEntry');
const Attempt = z.object({ at: z.string(), url: z.string(), status: z.number().nullable(), error: z.string().nullable(), durationMs: z.number() });
const Delivery = z.object({
  id: z.string(), service: z.string(), tenant: z.string(), kind: z.string(), key: z.string().nullable(), url: z.string().nullable(),
  method: z.string(), headers: z.record(z.string(), z.string()), body: z.string(), createdAt: z.string(),
  state: z.enum(['pending', 'delivered', 'failed', 'cancelled', 'inbox']), until: z.enum(['2xx', '200', 'cancelled']), nextAttemptAt: z.string().nullable(), attempts: z.array(Attempt), scenario: z.string().optional(),
  replayOf: z.string().optional().openapi({ description: 'The delivery this one replays.' }),
}).openapi('WebhookDelivery');
const Receiver = z.object({ service: z.string(), tenant: tenantName(), url: z.string().max(2000).regex(/^https?:\/\/[^\s]+$/).nullable().openapi({ description: 'An http(s) URL; Kustom substitutes {checkout.order.id} in it.' }) }).openapi('WebhookReceiver');

const LoadedScenario = z.object({
  name: z.string(), description: z.string(), source: z.string(), boot: z.boolean(), armed: z.boolean(), tenant: z.string().optional(),
  rules: z.array(z.record(z.string(), z.unknown()).openapi({ description: 'The rule as loaded, with its counters: `matched` and `fired` over every tenant, and `tenants`: the same per tenant (counters are per tenant: `times`, `after` and `probability` count each tenant\'s matches on their own).' })),
}).openapi('LoadedScenario');
const ScenarioName = z.object({ name: z.string().openapi({ example: 'kustom-capture-outage' }) });

const r = {
  health: createRoute({
    method: 'get', path: '/health', operationId: 'adminHealth', tags: ['Admin'], summary: 'Health (never needs the admin token): 503 when the data directory or the database cannot be written',
    responses: {
      200: { description: 'Healthy.', ...json(z.object({ status: z.literal('ok'), store: StoreKind })) },
      503: { description: 'Failing: what the sandbox cannot do, in words.', ...json(z.object({ status: z.literal('failing'), store: StoreKind, problems: z.array(z.string()) })) },
    },
  }),
  reset: createRoute({ method: 'post', path: '/reset', operationId: 'adminReset', tags: ['Admin'], summary: 'Reset data of a service and/or tenant to the seed', request: { body: { ...json(Scope), required: false } }, responses: { 200: { description: 'Reset.', ...json(z.object({ reset: Scope })) }, ...adminErrorResponses(400, 401) } }),
  clockGet: createRoute({ method: 'get', path: '/clock', operationId: 'adminGetClock', tags: ['Clock'], summary: 'Sandbox time', responses: { 200: { description: 'Clock.', ...json(ClockState) }, ...adminErrorResponses(401) } }),
  clockSet: createRoute({ method: 'put', path: '/clock', operationId: 'adminSetClock', tags: ['Clock'], summary: 'Set and/or freeze sandbox time', request: { body: { ...json(z.object({ now: z.string().optional(), frozen: z.boolean().optional() })), required: true } }, responses: { 200: { description: 'Clock.', ...json(ClockState) }, ...adminErrorResponses(400, 401) } }),
  clockAdvance: createRoute({ method: 'post', path: '/clock/advance', operationId: 'adminAdvanceClock', tags: ['Clock'], summary: 'Advance time (everyone, a service, or one tenant) and fire what became due', request: { body: { ...json(Scope.extend({ seconds: z.number().positive().max(10 * 365 * 86400) })), required: true } }, responses: { 200: { description: 'Clock.', ...json(ClockState) }, ...adminErrorResponses(400, 401) } }),
  journal: createRoute({ method: 'get', path: '/journal', operationId: 'adminJournal', tags: ['Journal'], summary: 'Requests, newest first', request: { query: Scope.extend({ operation: z.string().optional(), limit: z.coerce.number().int().min(1).max(1000).optional() }) }, responses: { 200: { description: 'Entries.', ...json(z.array(JournalEntry)) }, ...adminErrorResponses(400, 401) } }),
  journalClear: createRoute({ method: 'delete', path: '/journal', operationId: 'adminClearJournal', tags: ['Journal'], summary: 'Delete journal entries', request: { query: Scope.extend({ operation: z.string().optional() }) }, responses: { 200: { description: 'Deleted.', ...json(z.object({ deleted: z.number() })) }, ...adminErrorResponses(400, 401) } }),
  webhooks: createRoute({ method: 'get', path: '/webhooks', operationId: 'adminWebhooks', tags: ['Webhooks'], summary: 'Every delivery with its attempts', request: { query: Scope.extend({ kind: z.string().optional() }) }, responses: { 200: { description: 'Deliveries, newest first.', ...json(z.array(Delivery)) }, ...adminErrorResponses(400, 401) } }),
  receiverSet: createRoute({ method: 'put', path: '/webhooks/receivers', operationId: 'adminSetReceiver', tags: ['Webhooks'], summary: 'Register (or with url null, remove) a tenant\'s webhook receiver', request: { body: { ...json(Receiver), required: true } }, responses: { 200: { description: 'Registered.', ...json(Receiver) }, ...adminErrorResponses(400, 401) } }),
  replay: createRoute({ method: 'post', path: '/webhooks/{id}/replay', operationId: 'adminReplayWebhook', tags: ['Webhooks'], summary: 'Send a recorded delivery again now (a new delivery; answers after its attempt)', request: { params: z.object({ id: z.string().openapi({ example: 'wh_hon4k2q8a0' }) }) }, responses: { 201: { description: 'The new delivery, with its attempt.', ...json(Delivery) }, ...adminErrorResponses(404) } }),
  receivers: createRoute({ method: 'get', path: '/webhooks/receivers', operationId: 'adminReceivers', tags: ['Webhooks'], summary: 'Registered receivers', request: { query: Scope }, responses: { 200: { description: 'Receivers.', ...json(z.array(Receiver)) }, ...adminErrorResponses(400, 401) } }),
  scenarios: createRoute({ method: 'get', path: '/scenarios', operationId: 'adminScenarios', tags: ['Scenarios'], summary: 'Loaded scenarios with their counters', responses: { 200: { description: 'Scenarios, in load order.', ...json(z.array(LoadedScenario)) }, ...adminErrorResponses(401) } }),
  scenarioAdd: createRoute({
    method: 'post', path: '/scenarios', operationId: 'adminAddScenario', tags: ['Scenarios'],
    summary: 'Load a scenario at runtime (the file format, inline); replaces a runtime one of the same name',
    request: { body: { ...json(ScenarioSchema), required: true } },
    responses: { 201: { description: 'Loaded.', ...json(LoadedScenario) }, ...adminErrorResponses(400, 409) },
  }),
  scenarioDelete: createRoute({ method: 'delete', path: '/scenarios/{name}', operationId: 'adminDeleteScenario', tags: ['Scenarios'], summary: 'Unload a scenario (a file\'s comes back on reset)', request: { params: ScenarioName }, responses: { 200: { description: 'Unloaded.', ...json(z.object({ deleted: z.string() })) }, ...adminErrorResponses(404) } }),
  scenarioArm: createRoute({ method: 'post', path: '/scenarios/{name}/arm', operationId: 'adminArmScenario', tags: ['Scenarios'], summary: 'Arm a scenario: it applies to every matching request', request: { params: ScenarioName }, responses: { 200: { description: 'Armed.', ...json(LoadedScenario) }, ...adminErrorResponses(404) } }),
  scenarioDisarm: createRoute({ method: 'post', path: '/scenarios/{name}/disarm', operationId: 'adminDisarmScenario', tags: ['Scenarios'], summary: 'Disarm a scenario: it applies only to requests naming it in X-Sandbox-Scenario', request: { params: ScenarioName }, responses: { 200: { description: 'Disarmed.', ...json(LoadedScenario) }, ...adminErrorResponses(404) } }),
  tlsCa: createRoute({
    method: 'get', path: '/tls/ca.pem', operationId: 'adminTlsCa', tags: ['Admin'],
    summary: 'The sandbox CA that signs its HTTPS certificate, to trust (NODE_EXTRA_CA_CERTS, curl --cacert); never needs the admin token',
    responses: {
      200: { description: 'The CA certificate, PEM.', content: { 'application/x-pem-file': { schema: z.string().openapi({ example: '-----BEGIN CERTIFICATE-----\n…' }) } } },
      ...adminErrorResponses(404),
    },
  }),
  state: createRoute({
    method: 'get', path: '/state', operationId: 'adminState', tags: ['Admin'], summary: 'Where state is kept, and how many tenants are in memory against the budget (--resident-tenants, --evict-idle)',
    responses: { 200: { description: 'State.', ...json(z.object({
      store: StoreKind, data: z.string().nullable().openapi({ description: 'The data directory, or the database URL without its password' }),
      resident: z.object({ resident: z.number().int(), maxTenants: z.number().int(), idleSeconds: z.number(), evictions: z.number().int(), evicting: z.boolean().openapi({ description: 'false with :memory: (nothing to load an evicted tenant from)' }) }),
    })) }, ...adminErrorResponses(401) },
  }),
  evict: createRoute({
    method: 'post', path: '/state/evict', operationId: 'adminEvict', tags: ['Admin'], summary: 'Take every tenant not in use out of memory now (with a data directory); each loads again, identical, on its next use',
    responses: { 200: { description: 'Evicted.', ...json(z.object({ evicted: z.number().int(), resident: z.number().int() })) }, ...adminErrorResponses(401) },
  }),
  report: createRoute({
    method: 'get', path: '/report', operationId: 'adminReport', tags: ['Readiness'],
    summary: 'Go-live readiness of a tenant: coverage of the API\'s catalogue, and checks of the integration\'s behaviour with evidence',
    request: { query: z.object({ service: z.string().openapi({ example: 'kustom' }), tenant: z.string().min(1).max(1000).openapi({ example: 'kco_test_api_demo' }) }) },
    responses: { 200: { description: 'The report.', ...json(ReadinessReportSchema) }, ...adminErrorResponses(400, 401) },
  }),
  tenants: createRoute({ method: 'get', path: '/tenants', operationId: 'adminTenants', tags: ['Admin'], summary: 'Known tenants per service', responses: { 200: { description: 'Tenants.', ...json(z.record(z.string(), z.array(z.string()))) }, ...adminErrorResponses(401) } }),
};

/** A scenario that fails the schema: the same "rule N (field): message" wording as a file at start. */
const scenarioHook = (result: ValidationResult, c: Context): Response | undefined => {
  if (result.success) return;
  const { error } = result as { error: { issues: { path: PropertyKey[]; message: string }[] } };
  return adminErrorResponse(c, 400, 'BAD_REQUEST', `Invalid scenario: ${describeScenarioIssues(error.issues)}`);
};

/** What never needs the admin token: liveness, and the CA certificate (public by nature). */
const PUBLIC = new Set(['/__admin/health', '/__admin/tls/ca.pem']);

export function adminRoutes(admin: Admin, services: ServiceModule[], opts: { token?: string | undefined }): OpenAPIHono<SandboxEnv> {
  const app = new OpenAPIHono<SandboxEnv>({ defaultHook: adminValidationHook });
  app.onError(adminOnError);
  app.openapi(r.health, async (c) => {
    const health = await admin.health();
    return health.status === 'ok' ? c.json(health, 200) : c.json(health, 503);
  });
  app.use('*', async (c, next) => {
    if (!opts.token || PUBLIC.has(c.req.path)) return next();
    if (c.req.header('authorization') !== `Bearer ${opts.token}`) {
      c.header('WWW-Authenticate', 'Bearer realm="order-sandbox-admin"');
      return adminErrorResponse(c, 401, 'UNAUTHORIZED', 'This sandbox protects /__admin: send Authorization: Bearer <admin token>.');
    }
    return next();
  });
  app.use('*', limitBody(1024 * 1024, (c) => adminErrorResponse(c, 413, 'REQUEST_TOO_LARGE', 'Request body is over 1 MB.')));
  app.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', { type: 'http', scheme: 'bearer', description: 'Only when the sandbox runs with --admin-token.' });

  app.openapi(r.reset, async (c) => c.json(await admin.reset(c.req.valid('json')), 200));
  app.openapi(r.clockGet, (c) => c.json(admin.clock.get(), 200));
  app.openapi(r.clockSet, async (c) => c.json(await admin.clock.set(c.req.valid('json')), 200));
  app.openapi(r.clockAdvance, async (c) => c.json(await admin.clock.advance(c.req.valid('json')), 200));
  app.openapi(r.journal, async (c) => c.json(await admin.journal.find(c.req.valid('query')), 200));
  app.openapi(r.journalClear, async (c) => c.json(await admin.journal.clear(c.req.valid('query')), 200));
  app.openapi(r.webhooks, async (c) => c.json(await admin.webhooks.find(c.req.valid('query')), 200));
  app.openapi(r.receiverSet, async (c) => c.json(await admin.webhooks.setReceiver(c.req.valid('json')), 200));
  app.openapi(r.replay, async (c) => c.json(await admin.webhooks.replay(c.req.valid('param').id), 201));
  app.openapi(r.receivers, (c) => c.json(admin.webhooks.receivers(c.req.valid('query')), 200));
  app.openapi(r.state, (c) => c.json(admin.state(), 200));
  app.openapi(r.evict, async (c) => c.json(await admin.evict(), 200));
  app.openapi(r.report, async (c) => c.json(await admin.report(c.req.valid('query')), 200));
  app.openapi(r.tenants, async (c) => c.json(await admin.tenants(), 200));
  app.openapi(r.tlsCa, async (c) => c.body(await admin.tls.ca(), 200, { 'Content-Type': 'application/x-pem-file' }));
  app.openapi(r.scenarios, (c) => c.json(admin.scenarios.list(), 200));
  app.openapi(r.scenarioAdd, async (c) => c.json(await admin.scenarios.add(c.req.valid('json')), 201), scenarioHook as never);
  app.openapi(r.scenarioDelete, async (c) => c.json(await admin.scenarios.remove(c.req.valid('param').name), 200));
  app.openapi(r.scenarioArm, async (c) => c.json(await admin.scenarios.setArmed(c.req.valid('param').name, true), 200));
  app.openapi(r.scenarioDisarm, async (c) => c.json(await admin.scenarios.setArmed(c.req.valid('param').name, false), 200));
  for (const s of services) if (s.admin) app.route(`/${s.name}`, s.admin);
  return app;
}
