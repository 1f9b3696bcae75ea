import type { Clock, ClockState } from '../core/clock.js';
import type { Journal, JournalEntry, JournalQuery } from '../core/journal.js';
import type { Delivery } from '../core/delivery.js';
import type { Outbox } from '../core/outbox.js';
import type { Receivers } from '../core/receivers.js';
import type { SystemState } from '../core/state/system-state.js';
import type { TenantState } from '../core/state/tenant-state.js';
import type { Residency } from '../core/state/residency.js';
import type { LoadedScenario, ScenarioEngine } from '../core/scenarios/engine.js';
import { checkScenario, ScenarioError, type ScenarioCatalogue } from '../core/scenarios/load.js';
import { AdminError } from '../http/admin-envelope.js';
import type { ServiceModule } from '../http/service-module.js';
import type { SandboxTls } from '../core/sandbox-tls.js';
import type { SharedJournal, StorageAdapter, Store } from '../core/store.js';
import type { ReadinessReport } from '../core/readiness/report.js';
import { readinessReport } from './readiness.js';

type StoreKind = StorageAdapter['kind'];

/**
 * The admin object: everything `/__admin` does, callable in-process without a port.
 *
 * @example
 * const sb = await createSandbox();
 * await sb.admin.clock.advance({ seconds: 29 * 86400 }); // authorizations expire, pushes fire
 * sb.admin.journal.list({ service: 'kustom', limit: 10 });
 */
export interface AdminDeps {
  clock: Clock;
  journal: Journal;
  /** Replicas: the journal they share (what the HTTP admin API reads and clears). */
  sharedJournal?: SharedJournal | undefined;
  outbox: Outbox;
  receivers: Receivers;
  services: ServiceModule[];
  tick: () => Promise<void>;
  scenarios: ScenarioEngine;
  /** Keeps the clock, receivers and scenarios across restarts. */
  system: SystemState;
  /** Every service's state layer, to open a tenant's document. */
  states: Map<string, TenantState<never, never>>;
  /** Which tenants are in memory. */
  residency: Residency;
  /** What the services offer scenarios, to check one loaded at runtime. */
  catalogue: ScenarioCatalogue;
  tls: Pick<SandboxTls, 'ca'>;
  store: Pick<Store, 'check' | 'adapter'>;
}

export interface Scope {
  service?: string | undefined;
  tenant?: string | undefined;
}

export function createAdmin(deps: AdminDeps) {
  const { clock, journal, outbox, receivers, services } = deps;
  const names = services.map((s) => s.name);

  function checkService(service: string | undefined): void {
    if (service !== undefined && !names.includes(service)) {
      throw new AdminError(400, 'BAD_REQUEST', `Unknown service "${service}". Use one of: ${names.join(', ')}.`);
    }
  }

  const admin = {
    /** `ok`, or `failing` with what is wrong (the data directory cannot be written). */
    async health(): Promise<{ status: 'ok'; store: StoreKind } | { status: 'failing'; store: StoreKind; problems: string[] }> {
      const store = deps.store.adapter.kind;
      try {
        await deps.store.check();
        return { status: 'ok', store };
      } catch (e) {
        return { status: 'failing', store, problems: [(e as Error).message] };
      }
    },

    services: () => names,

    /** Where state is kept, and how many tenants are in memory against the budget. */
    state() {
      return { store: deps.store.adapter.kind, data: deps.store.adapter.location, resident: deps.residency.stats() };
    },

    /** Takes every tenant not in use out of memory now (with a data directory); they load again on their next use. */
    async evict(): Promise<{ evicted: number; resident: number }> {
      const evicted = await deps.residency.evictAll();
      return { evicted, resident: deps.residency.stats().resident };
    },

    /** Replaces data of a service and/or tenant with fresh seed, and forgets its journal, webhooks and clock offsets. */
    async reset(scope: Scope = {}): Promise<{ reset: Scope }> {
      checkService(scope.service);
      // The clock first: the fresh seed is made at the current time, not at a time the demo had moved to.
      await deps.system.changeClock((c) => c.reset(scope));
      for (const s of services) if (!scope.service || s.name === scope.service) await s.reset(scope.tenant);
      journal.clear(scope);
      await deps.sharedJournal?.clear(scope);
      outbox.clear(scope);
      if (!scope.service && !scope.tenant) deps.scenarios.reset();
      else if (scope.tenant) deps.scenarios.resetTenant(scope.tenant);
      return { reset: scope };
    },

    clock: {
      get: (): ClockState => clock.state(),
      /** A tenant's sandbox time now (epoch ms), its offsets applied. */
      at: (service: string, tenant?: string): number => clock.now(service, tenant),
      async set(opts: { now?: string | number | undefined; frozen?: boolean | undefined }): Promise<ClockState> {
        const now = opts.now === undefined ? undefined : typeof opts.now === 'number' ? opts.now : Date.parse(opts.now);
        if (now !== undefined && !Number.isFinite(now)) throw new AdminError(400, 'BAD_REQUEST', `Invalid now "${String(opts.now)}": send an ISO 8601 timestamp such as 2026-01-31T12:00:00.000Z.`);
        await deps.system.changeClock((c) => c.set({ now, frozen: opts.frozen }));
        await deps.tick();
        return clock.state();
      },
      /** Moves time forward and fires what became due (expiries, timed outcomes, webhook attempts). */
      async advance(opts: { seconds: number } & Scope): Promise<ClockState> {
        checkService(opts.service);
        if (opts.tenant && !opts.service) throw new AdminError(400, 'BAD_REQUEST', 'A tenant\'s clock belongs to a service: send service with tenant.');
        if (!(opts.seconds > 0)) throw new AdminError(400, 'BAD_REQUEST', 'seconds must be a positive number (time only moves forward).');
        await deps.system.changeClock((c) => c.advance(opts.seconds, opts));
        await deps.tick();
        return clock.state();
      },
    },

    journal: {
      /** This process's journal, at once. */
      list: (q: JournalQuery = {}): JournalEntry[] => journal.query(q),
      /** Every replica's journal when they share one (each writes out what it holds first); this process's otherwise. */
      find: async (q: JournalQuery = {}): Promise<JournalEntry[]> => (deps.sharedJournal ? deps.sharedJournal.query(q) : journal.query(q)),
      clear: async (q: Omit<JournalQuery, 'limit'> = {}): Promise<{ deleted: number }> => {
        const local = journal.clear(q);
        return { deleted: deps.sharedJournal ? await deps.sharedJournal.clear(q) : local };
      },
    },

    webhooks: {
      /** Deliveries of tenants in memory, newest first (with `:memory:` that is every tenant; see `find`). */
      list: (q: Scope & { kind?: string | undefined } = {}): Delivery[] => outbox.list(q),
      /** Deliveries, newest first: a tenant's (its document opened first if it is not in memory), or those of every tenant in memory. */
      async find(q: Scope & { kind?: string | undefined } = {}): Promise<Delivery[]> {
        if (q.tenant) for (const s of services) if (!q.service || s.name === q.service) await deps.states.get(s.name)?.doc(q.tenant);
        return outbox.list(q);
      },
      async setReceiver(r: { service: string; tenant: string; url: string | null }) {
        checkService(r.service);
        receivers.set(r.service, r.tenant, r.url);
        await deps.system.durable();
        return { service: r.service, tenant: r.tenant, url: r.url };
      },
      receivers: (q: Scope = {}) => receivers.list(q),
      /** Sends a recorded delivery again now (a new delivery, `replayOf` the old one); answers after the attempt. */
      async replay(id: string): Promise<Delivery> {
        let copy = await outbox.replay(id);
        if (!copy) {
          // Not in memory: its tenant's document may not be open (after a restart). Open them and look again.
          for (const s of services) for (const t of await s.tenants()) await deps.states.get(s.name)?.doc(t);
          copy = await outbox.replay(id);
        }
        if (!copy) throw new AdminError(404, 'NOT_FOUND', `No webhook delivery "${id}". GET /__admin/webhooks lists them.`);
        await deps.tick();
        return outbox.get(copy.id) ?? copy;
      },
    },

    scenarios: {
      /** Loaded scenarios with their source, armed state and per-rule counters. */
      list: () => deps.scenarios.list().map(scenarioView),
      /**
       * Loads (or replaces) a runtime scenario, checked like a file: a problem names the rule and the field.
       * A scenario loaded from a file at start cannot be replaced at runtime (delete it first).
       */
      async add(raw: unknown) {
        let scenario;
        try {
          scenario = checkScenario(raw, 'scenario', deps.catalogue);
        } catch (e) {
          if (e instanceof ScenarioError) throw new AdminError(400, 'BAD_REQUEST', `Invalid ${e.message}`);
          throw e;
        }
        const existing = deps.scenarios.get(scenario.name);
        if (existing?.boot) throw new AdminError(409, 'CONFLICT', `Scenario "${scenario.name}" was loaded from ${existing.source} at start; DELETE /__admin/scenarios/${scenario.name} first, or choose another name.`);
        const added = scenarioView(deps.scenarios.add(scenario, { source: 'admin', boot: false }));
        await deps.system.durable();
        return added;
      },
      async remove(name: string) {
        if (!deps.scenarios.remove(name)) throw noScenario(name);
        await deps.system.durable();
        return { deleted: name };
      },
      async setArmed(name: string, armed: boolean) {
        const l = deps.scenarios.setArmed(name, armed);
        if (!l) throw noScenario(name);
        await deps.system.durable();
        return scenarioView(l);
      },
    },

    tls: {
      /** The sandbox CA's certificate (PEM) that HTTPS is served with, for clients to trust. */
      async ca(): Promise<string> {
        const ca = await deps.tls.ca();
        if (!ca) throw new AdminError(404, 'NOT_FOUND', 'This sandbox serves HTTPS with the certificate it was given (--tls-cert): there is no sandbox CA. Trust the issuer of that certificate.');
        return ca.cert;
      },
    },

    /** Runs what is due now (the sandbox also does this every second on its own). */
    tick: () => deps.tick(),

    /** A tenant's go-live readiness report (admin/readiness.ts): from its journal, its webhooks and its records. */
    async report(q: { service: string; tenant: string }): Promise<ReadinessReport> {
      checkService(q.service);
      const svc = services.find((s) => s.name === q.service)!;
      if (!q.tenant) throw new AdminError(400, 'BAD_REQUEST', 'Name the tenant: a report is per service and tenant.');
      // A tenant the service does not know is not opened (opening one creates it): its report is empty.
      const known = (await svc.tenants()).includes(q.tenant);
      const entries = await admin.journal.find({ service: q.service, tenant: q.tenant, limit: journal.capacity });
      const deliveries = known ? await admin.webhooks.find({ service: q.service, tenant: q.tenant }) : [];
      return readinessReport({ svc, tenant: q.tenant, known, entries, deliveries, now: clock.now(q.service, q.tenant), scenarios: deps.scenarios, journalCapacity: journal.capacity });
    },

    /** Tenants of each service. */
    async tenants(): Promise<Record<string, string[]>> {
      return Object.fromEntries(await Promise.all(services.map(async (s) => [s.name, await s.tenants()] as const)));
    },
  };
  return admin;
}

export type Admin = ReturnType<typeof createAdmin>;

function scenarioView(l: LoadedScenario) {
  return {
    name: l.scenario.name, description: l.scenario.description ?? '', source: l.source, boot: l.boot, armed: l.armed,
    ...(l.scenario.tenant ? { tenant: l.scenario.tenant } : {}),
    rules: l.scenario.rules.map((rule, i) => {
      const tenants: Record<string, { matched: number; fired: number }> = {};
      let matched = 0;
      let fired = 0;
      for (const [tenant, counters] of l.counters) {
        const c = counters[i]!;
        tenants[tenant || '(none)'] = { matched: c.matched, fired: c.fired };
        matched += c.matched;
        fired += c.fired;
      }
      return { ...rule, matched, fired, tenants } as Record<string, unknown>;
    }),
  };
}

function noScenario(name: string): AdminError {
  return new AdminError(404, 'NOT_FOUND', `No scenario "${name}" is loaded. GET /__admin/scenarios lists them; POST /__admin/scenarios loads one.`);
}
