import { fileURLToPath } from 'node:url';
import type { ServerType } from '@hono/node-server';
import { OpenAPIHono } from '@hono/zod-openapi';
import { createAdmin } from './admin/admin.js';
import { adminRoutes } from './admin/routes.js';
import { Clock } from './core/clock.js';
import { createIds } from './core/ids.js';
import { Journal } from './core/journal.js';
import { Outbox } from './core/outbox.js';
import { keptDeliveries } from './core/state/kept-deliveries.js';
import { Receivers } from './core/receivers.js';
import { Store } from './core/store.js';
import { isDatabaseUrl } from './core/data-location.js';
import { ScenarioEngine } from './core/scenarios/engine.js';
import { checkArmed, loadScenarioFiles, type ScenarioCatalogue } from './core/scenarios/load.js';
import { adminErrorResponse } from './http/admin-envelope.js';
import { vars, type SandboxEnv } from './http/env.js';
import { inProcessFault } from './http/faults.js';
import { openApiDocuments } from './http/openapi-documents.js';
import { Idempotency } from './http/idempotency.js';
import type { TenantState } from './core/state/tenant-state.js';
import { createLogger, type LogLevel } from './http/logger.js';
import { logUnexpected, otherRequestsLog, type LogEnv } from './http/request-log.js';
import type { ServiceContext, ServiceFactory, ServiceModule } from './http/service-module.js';
import type { KustomActions } from './services/kustom/actions.js';
import { createKustom } from './services/kustom/index.js';
import type { KhumbuActions } from './services/khumbu/actions.js';
import { createKhumbu } from './services/khumbu/index.js';
import type { OktoActions } from './services/oktopos/actions.js';
import { createOktopos } from './services/oktopos/index.js';
import { uiRoutes } from './ui/routes.js';
import { mountService, serviceNotFound, under } from './http/mount-service.js';
import { closeServer, serveOn, type Listening, type ServeOptions } from './http/serve.js';
import { SandboxTls } from './core/sandbox-tls.js';
import { SystemState } from './core/state/system-state.js';
import { Residency, type ResidencyOptions } from './core/state/residency.js';
import type { IdleMemoryRelease } from './core/idle-memory.js';

/**
 * The composition root: one clock, store, journal, outbox and set of services per sandbox.
 * Nothing is module-level: two sandboxes in one process share nothing.
 *
 * @example
 * const sb = await createSandbox();
 * const res = await sb.request('/ordermanagement/v1/orders/…', { headers: { Authorization: 'Basic kco_test_api_demo' } });
 * const { url, close } = await sb.listen(0); // a real port, for end-to-end tests
 */
const SERVICES: ServiceFactory[] = [createKustom, createKhumbu, createOktopos];

export interface SandboxOptions {
  /** `:memory:` (default) or a directory for one JSON document per service and tenant. */
  data?: string;
  /** Seed for faker-filled data (default 1). */
  seed?: number;
  /** Accept only credentials listed in the fixtures. */
  strict?: boolean;
  /** Protect /__admin (except health) with `Authorization: Bearer <token>`. */
  adminToken?: string;
  /** Where fixtures/*.json live (default: the package's own). */
  fixturesDir?: string;
  logLevel?: LogLevel;
  /** Where log lines (one JSON object each) go; default stderr. */
  logWrite?: (line: string) => void;
  /** Start the clock here (epoch ms or ISO) and/or frozen. */
  clock?: { now?: number | string; frozen?: boolean };
  /** How webhooks are sent (default: fetch). Returns the receiver's HTTP status. */
  sendWebhook?: (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<number>;
  /** Capacity of the request journal (default 1000). */
  journalSize?: number;
  /** Scenario files or directories (YAML or JSON) to load at start, armed only where a file says `armed: true` (the shipped examples do not). */
  scenarios?: string[];
  /** Names of loaded scenarios to arm for everyone from the start (and again at every full reset). */
  arm?: string[];
  /** How a scenario's `delay` waits (default: real time). A test can pass one that records the wait and returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Which tenants stay in memory (with a data directory): at most `maxTenants` (default 64), and none
   * idle longer than `idleSeconds` (default 120). Evicted tenants load again on their next request.
   */
  residency?: Partial<Pick<ResidencyOptions, 'maxTenants' | 'idleSeconds'>>;
  /**
   * Freeze every record the state layer stores, so code that edits one in place throws instead of
   * losing the edit on disk. Default: on under vitest (`VITEST` set), off otherwise (it costs time).
   */
  freezeRecords?: boolean;
  /** The certificate and key (PEM) HTTPS serves; default: a sandbox CA kept in the data directory signs one for localhost. */
  tls?: { cert: string; key: string };
}

export type { Listening, ServeOptions } from './http/serve.js';

export const DEFAULT_FIXTURES_DIR = fileURLToPath(new URL('../fixtures', import.meta.url));

export async function createSandbox(options: SandboxOptions = {}) {
  const log = createLogger(options.logLevel ?? 'warn', options.logWrite);
  const clock = new Clock();
  const data = options.data ?? ':memory:';
  // PostgreSQL's code (and its client) load only when the URL asks for it.
  const storage = isDatabaseUrl(data) ? await (await import('./core/postgres-storage.js')).PostgresStorage.connect(data) : data;
  const store = new Store(storage, (w) => log.warn(`data document ${w.file} could not be read (${w.reason}); kept aside as ${w.movedTo} and started from the seed`, { file: w.file, movedTo: w.movedTo }));
  await store.check(); // a sandbox that cannot keep what it acknowledges does not start
  const system = await SystemState.open(store);
  const journal = new Journal(options.journalSize ?? 1000);
  // Replicas: the journal they share, which the admin API reads (each writes its entries there when asked).
  const sharedJournal = store.adapter.sharedJournal?.(journal);
  const scenarios = new ScenarioEngine(options.seed ?? 1);
  const states = new Map<string, TenantState<never, never>>();
  const claimant = store.adapter.claimant;
  const outbox = new Outbox({
    clock,
    faults: (d) => scenarios.deliveryFault(d),
    onFailedAttempt: (d, a) => log.warn(`webhook ${d.kind} to ${a.url} failed: ${a.error ?? `the receiver answered ${a.status}`}${d.nextAttemptAt ? `; next attempt at ${d.nextAttemptAt} (sandbox time)` : ''}`, {
      delivery: d.id, service: d.service, tenant: d.tenant, kind: d.kind, url: a.url, status: a.status ?? undefined, error: a.error ?? undefined,
    }),
    ...(options.sendWebhook ? { send: options.sendWebhook } : {}),
    // In the tenants' documents; with replicas each attempt is claimed there first, so exactly one replica makes it.
    persist: keptDeliveries(states, system, claimant),
    ...(claimant ? { claimant } : {}),
  });
  const receivers = new Receivers();
  const shutdown = new AbortController();
  // On a database the sandbox CA is made per process (its files need a directory): give --tls-cert/--tls-key to share one.
  const tls = new SandboxTls(isDatabaseUrl(data) ? ':memory:' : data, options.tls);
  const ctx: ServiceContext = {
    clock, store, journal, outbox, receivers, log, scenarios,
    ids: createIds(),
    idempotency: new Idempotency(states),
    states,
    shutdown: shutdown.signal,
    sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    durable: () => system.durable(),
    ...(store.adapter.claimant ? { decide: <T>(fn: () => T) => system.decide(fn) } : {}),
    dues: system,
    strict: options.strict ?? false,
    freezeRecords: options.freezeRecords ?? process.env.VITEST !== undefined,
    seed: options.seed ?? 1,
    fixturesDir: options.fixturesDir ?? DEFAULT_FIXTURES_DIR,
  };
  const services: ServiceModule[] = [];
  for (const factory of SERVICES) services.push(await factory(ctx));
  const catalogue = scenarioCatalogue(services);
  const files = await loadScenarioFiles(options.scenarios ?? [], catalogue);
  checkArmed(options.arm ?? [], files.map((f) => f.scenario.name));
  for (const { scenario, source } of files) scenarios.add(options.arm?.includes(scenario.name) ? { ...scenario, armed: true } : scenario, { source, boot: true });
  // What the last run kept (clock, receivers, runtime scenarios and counters) over the fixtures and files;
  // then what this start asks for explicitly (a clock, --arm) over that.
  system.restore({ clock, receivers, scenarios });
  for (const name of options.arm ?? []) scenarios.setArmed(name, true);
  if (options.clock) {
    const now = typeof options.clock.now === 'string' ? Date.parse(options.clock.now) : options.clock.now;
    await system.changeClock((c) => c.set({ now, frozen: options.clock?.frozen }));
  }

  // Ticks never overlap. A tick asked for while one is in flight runs once that one ends, so whoever
  // asks (a clock advance, say) waits for a tick that started after its change; askers share it.
  let ticking: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  const runTick = async () => {
    for (const s of services) await s.tick();
    await outbox.runDue();
  };
  const tick = (): Promise<void> => {
    if (!ticking) {
      ticking = runTick().finally(() => (ticking = null));
      return ticking;
    }
    queued ??= ticking.catch(() => undefined).then(() => {
      queued = null;
      return tick();
    });
    return queued;
  };

  const idles = new Set<IdleMemoryRelease>();
  const residency = new Residency(store, (service, tenant, opts) => states.get(service)?.evict(tenant, opts) ?? Promise.resolve(false), {
    ...options.residency,
    onEvicted: () => idles.forEach((i) => i.nudge()), // what the evicted tenants held goes back at the next quiet moment
  });
  const admin = {
    ...createAdmin({ clock, journal, sharedJournal, outbox, receivers, services, tick, scenarios, catalogue, tls, store, system, states, residency }),
    kustom: services.find((s) => s.name === 'kustom')?.actions as KustomActions,
    khumbu: services.find((s) => s.name === 'khumbu')?.actions as KhumbuActions,
    oktopos: services.find((s) => s.name === 'oktopos')?.actions as OktoActions,
  };

  const app = new OpenAPIHono<SandboxEnv>();
  if (log.enabled('debug')) app.use('*', otherRequestsLog(log));
  app.route('/__admin', adminRoutes(admin, services, { token: options.adminToken }));
  for (const s of services) mountService(app, s);
  app.route('/openapi', openApiDocuments(app, services));
  app.route('/', uiRoutes(services, (origin) => ({ name: 'order-sandbox', ...baseUrls(origin) })));
  const notFound = new Map(services.map((s) => [s, serviceNotFound(s)]));
  app.notFound((c) => {
    const svc = services.find((s) => s.prefixes.some((p) => under(c.req.path, p)));
    if (svc) return notFound.get(svc)!(c);
    return adminErrorResponse(c, 404, 'NOT_FOUND', `No route ${c.req.method} ${c.req.path}. The APIs are listed at /.`);
  });
  const byName = new Map(services.map((s) => [s.name, s]));
  app.onError((err, c) => {
    const svc = byName.get(vars(c).service ?? '');
    if (svc) return svc.onError(err, c);
    logUnexpected(c, 'sandbox', err);
    return adminErrorResponse(c, 500, 'INTERNAL', 'Unexpected server error.');
  });

  // Every request's environment carries the logger, so the error handlers (module-level, one per API
  // envelope) log through it.
  const env: LogEnv = { log };

  const failed = (what: string) => (e: unknown) => log.error(`${what} failed`, { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  const timer = setInterval(() => {
    void tick().catch(failed('tick'));
    void residency.sweep().catch(failed('eviction'));
  }, 1000);
  timer.unref();
  const servers = new Set<ServerType>();
  let closing: Promise<void> | null = null;

  const sandbox = {
    app,
    admin,
    /** The fetch handler (Request → Response), for any runtime or test. */
    fetch: (req: Request): Promise<Response> => inProcess(app.fetch(req, env), req.signal),
    /**
     * In-process request: a path (with origin http://localhost) or a full URL. A scenario's network fault
     * rejects it the way `fetch` would (`TypeError: fetch failed`, `cause.code` e.g. ECONNRESET).
     */
    request: (input: string | Request | URL, init?: RequestInit): Promise<Response> =>
      inProcess(app.request(input, init, env), init?.signal ?? (input instanceof Request ? input.signal : undefined)),
    /**
     * Serves on a port (0 = any free port) of `host` (default 127.0.0.1), HTTP or (`https: true`) HTTPS;
     * call it once for each. Slow clients cannot hold the server: headers must arrive within
     * `headersTimeoutMs` (default 10 s) and the whole request within `requestTimeoutMs` (default 30 s);
     * idle keep-alive connections close after 5 s.
     */
    async listen(port = 4010, host = '127.0.0.1', limits: ServeOptions = {}): Promise<Listening> {
      // Node's per-request environment ({ incoming, outgoing }) gets the logger too.
      const fetch = (req: Request, nodeEnv: object) => app.fetch(req, Object.assign(nodeEnv, env));
      return serveOn(fetch, port, host, limits, servers, limits.https ? await tls.server(host) : undefined, idles);
    },
    /** The sandbox CA HTTPS is served with (made on first use; kept in the data directory), or null when `tls` gave a certificate. */
    ca: () => tls.ca(),
    /** Stops timers and servers and waits for pending writes. Closing again waits for the same close. */
    close(): Promise<void> {
      closing ??= (async () => {
        clearInterval(timer);
        shutdown.abort();
        await Promise.all([...servers].map(closeServer));
        await queued?.catch(() => undefined);
        await ticking?.catch(() => undefined);
        for (const s of states.values()) s.keepDues();
        await store.close();
      })();
      return closing;
    },
  };
  return sandbox;
}

export type Sandbox = Awaited<ReturnType<typeof createSandbox>>;

/** An in-process answer, or the rejection a real client would get for a scenario's network fault. */
async function inProcess(res: Response | Promise<Response>, signal: AbortSignal | null | undefined): Promise<Response> {
  const answer = await res;
  const fault = inProcessFault(answer, signal);
  if (fault) throw fault;
  return answer;
}

/** What each service offers scenario files: its operationIds (from its OpenAPI registry) and error codes. */
function scenarioCatalogue(services: ServiceModule[]): ScenarioCatalogue {
  return Object.fromEntries(services.map((s) => [s.name, {
    operations: s.api.openAPIRegistry.definitions.flatMap((d) => (d.type === 'route' && d.route.operationId ? [d.route.operationId] : [])),
    errors: s.errorCodes,
    webhooks: s.webhookKinds,
    outcomes: s.outcomes,
  }]));
}

/** Where each API lives on a sandbox origin. */
export function baseUrls(origin: string) {
  return {
    apis: {
      kustom: { baseUrl: origin, openapi: `${origin}/openapi/kustom.json` },
      khumbu: { baseUrl: `${origin}/uat/v1`, tokenUrl: `${origin}/oauth2/token`, openapi: `${origin}/openapi/khumbu.json` },
      oktopos: { baseUrl: `${origin}/v1`, openapi: `${origin}/openapi/oktopos.json` },
    },
    admin: { baseUrl: `${origin}/__admin`, openapi: `${origin}/openapi/admin.json` },
    docs: `${origin}/docs`,
    dashboard: `${origin}/`,
  };
}
