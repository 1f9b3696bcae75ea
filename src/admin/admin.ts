import type { Clock, ClockState } from '../core/clock.js';
import type { Journal, JournalEntry, JournalQuery } from '../core/journal.js';
import type { Delivery, Outbox } from '../core/outbox.js';
import type { Receivers } from '../core/receivers.js';
import type { ScenarioEngine } from '../core/scenarios/engine.js';
import { AdminError } from '../http/admin-envelope.js';
import type { ServiceModule } from '../http/service-module.js';

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
  outbox: Outbox;
  receivers: Receivers;
  services: ServiceModule[];
  tick: () => Promise<void>;
  scenarios: ScenarioEngine;
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
    health: () => ({ status: 'ok' as const }),

    services: () => names,

    /** Replaces data of a service and/or tenant with fresh seed, and forgets its journal, webhooks and clock offsets. */
    async reset(scope: Scope = {}): Promise<{ reset: Scope }> {
      checkService(scope.service);
      for (const s of services) if (!scope.service || s.name === scope.service) await s.reset(scope.tenant);
      journal.clear(scope);
      outbox.clear(scope);
      if (scope.service || !scope.tenant) clock.reset(scope);
      if (!scope.service && !scope.tenant) deps.scenarios.reset();
      return { reset: scope };
    },

    clock: {
      get: (): ClockState => clock.state(),
      async set(opts: { now?: string | number | undefined; frozen?: boolean | undefined }): Promise<ClockState> {
        const now = opts.now === undefined ? undefined : typeof opts.now === 'number' ? opts.now : Date.parse(opts.now);
        if (now !== undefined && !Number.isFinite(now)) throw new AdminError(400, 'BAD_REQUEST', `Invalid now "${String(opts.now)}": send an ISO 8601 timestamp such as 2026-01-31T12:00:00.000Z.`);
        clock.set({ now, frozen: opts.frozen });
        await deps.tick();
        return clock.state();
      },
      /** Moves time forward and fires what became due (expiries, timed outcomes, webhook attempts). */
      async advance(opts: { seconds: number } & Scope): Promise<ClockState> {
        checkService(opts.service);
        if (opts.tenant && !opts.service) throw new AdminError(400, 'BAD_REQUEST', 'A tenant\'s clock belongs to a service: send service with tenant.');
        if (!(opts.seconds > 0)) throw new AdminError(400, 'BAD_REQUEST', 'seconds must be a positive number (time only moves forward).');
        clock.advance(opts.seconds, opts);
        await deps.tick();
        return clock.state();
      },
    },

    journal: {
      list: (q: JournalQuery = {}): JournalEntry[] => journal.query(q),
      clear: (q: Omit<JournalQuery, 'limit'> = {}): { deleted: number } => ({ deleted: journal.clear(q) }),
    },

    webhooks: {
      list: (q: Scope & { kind?: string | undefined } = {}): Delivery[] => outbox.list(q),
      setReceiver(r: { service: string; tenant: string; url: string | null }) {
        checkService(r.service);
        receivers.set(r.service, r.tenant, r.url);
        return { service: r.service, tenant: r.tenant, url: r.url };
      },
      receivers: (q: Scope = {}) => receivers.list(q),
    },

    scenarios: {
      /** Loaded scenarios with their source, armed state and per-rule counters. */
      list: () => deps.scenarios.list().map((l) => ({
        name: l.scenario.name, description: l.scenario.description ?? '', source: l.source, boot: l.boot, armed: l.armed,
        rules: l.scenario.rules.map((rule, i) => ({ ...rule, ...l.counters[i] })),
      })),
    },

    /** Runs what is due now (the sandbox also does this every second on its own). */
    tick: () => deps.tick(),

    /** Tenants of each service. */
    async tenants(): Promise<Record<string, string[]>> {
      return Object.fromEntries(await Promise.all(services.map(async (s) => [s.name, await s.tenants()] as const)));
    },
  };
  return admin;
}

export type Admin = ReturnType<typeof createAdmin>;
