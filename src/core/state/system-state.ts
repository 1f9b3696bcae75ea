import type { Clock, ClockSnapshot } from '../clock.js';
import type { Receivers } from '../receivers.js';
import type { RuleCounters, ScenarioEngine } from '../scenarios/engine.js';
import type { Scenario } from '../scenarios/schema.js';
import type { Store, TenantDoc } from '../store.js';
import type { DueBook } from './tenant-state.js';

/**
 * The sandbox's own state, kept in the store beside the tenants' documents (`_sandbox/sandbox`): the
 * clock (frozen time, global and per-tenant offsets), webhook receivers, runtime scenarios with their
 * arming, and every tenant's scenario counters. Loaded once at start (a small document), written on
 * every change, so a restart — even after `kill -9` — finds the tenant's clock, receiver and
 * half-used `times: 2` as they were.
 *
 * Receivers and scenario counters change outside any admin call's await (a scenario counts inside a
 * request); their commits are collected, and {@link durable} gives the promise a request waits on
 * before it answers.
 *
 * @example
 * const system = await SystemState.open(store);
 * system.restore({ clock, receivers, scenarios }); // then every change is kept
 * await system.changeClock((c) => c.advance(60));    // an admin clock change, kept
 */
export interface SandboxDoc {
  settings: { clock?: ClockSnapshot; scenarios?: KeptScenarios };
  /** `service\0tenant` → url, or null: a fixture's receiver removed at runtime. */
  receivers: Record<string, string | null>;
  /** `scenario\0tenant` → a counter per rule. */
  counters: Record<string, RuleCounters[]>;
  /** `service\0tenant` → the tenant's earliest due moment (tenant time): see {@link DueBook}. */
  due: Record<string, number>;
}

/** What the system document is made into: the clock, the receivers and the scenario engine. */
interface Engines {
  clock: Clock;
  receivers: Receivers;
  scenarios: ScenarioEngine;
}

export interface KeptScenarios {
  /** Scenarios loaded at runtime, in load order. */
  runtime: { scenario: Scenario; source: string; armed: boolean }[];
  /** Every loaded scenario's arming. */
  armed: Record<string, boolean>;
  /** Scenarios of the start's files unloaded at runtime. */
  removed: string[];
}

const SERVICE = '_sandbox';
/**
 * Lowered due moments are kept rounded down to the minute: a tenant's stream of writes (a kitchen's
 * steps, POS answers) then moves its kept moment about once a minute instead of at every write. Early is
 * harmless (after a restart the tick loads the tenant a little before its work); late would not be. An
 * evicted tenant's moment is kept exact (`settle`), so it comes back when its work is due, not before.
 */
const DUE_GRAIN_MS = 60_000;
const grain = (at: number) => Math.floor(at / DUE_GRAIN_MS) * DUE_GRAIN_MS;
const KEY = '\u0000';

export class SystemState implements DueBook {
  readonly #doc: TenantDoc<SandboxDoc>;
  #pending: Promise<void> | null = null;
  #engines: Engines | null = null;
  /** A scenario decision is running with the document taken (see decide). */
  #inside = false;

  private constructor(doc: TenantDoc<SandboxDoc>) {
    this.#doc = doc;
  }

  static async open(store: Store): Promise<SystemState> {
    const doc = await store.open<SandboxDoc>(SERVICE, 'sandbox', () => ({ settings: {}, receivers: {}, counters: {}, due: {} }));
    for (const k of ['settings', 'receivers', 'counters', 'due'] as const) if (typeof doc.data[k] !== 'object' || doc.data[k] === null) (doc.data as unknown as Record<string, object>)[k] = {};
    const system = new SystemState(doc);
    // Replicas: another one's change (a clock advance, a receiver, a scenario) is taken in as soon as it is announced.
    store.onStale((d) => (d === doc ? system.refresh().catch(() => undefined) : undefined));
    return system;
  }

  /**
   * Puts back what was kept (clock, receivers over the fixtures' ones, runtime scenarios, arming and
   * counters over the start's files), then keeps every later change of them. On shared storage
   * (replicas) it is put back again whenever another replica changed it.
   */
  restore(p: Engines): void {
    this.#engines = p;
    this.#apply();
    p.receivers.onChange = (service, tenant, url) => this.#keep(() => this.#set('receivers', `${service}${KEY}${tenant}`, url));
    p.scenarios.observer = {
      counted: (name, tenant, c) => this.#keep(() => this.#set('counters', `${name}${KEY}${tenant}`, c.map((x) => ({ matched: x.matched, fired: x.fired })))),
      changed: () => this.#keep(() => this.#keepScenarios(p.scenarios)),
    };
  }

  /** What the document holds, put into the engines (their observers not told: it is kept already). */
  #apply(): void {
    const p = this.#engines;
    if (!p) return;
    const { receivers: onChange } = p;
    const saved = { receivers: onChange.onChange, scenarios: p.scenarios.observer };
    p.receivers.onChange = null;
    p.scenarios.observer = null;
    try {
      const { settings, receivers, counters } = this.#doc.data;
      if (settings.clock) p.clock.restore(settings.clock);
      for (const [k, url] of Object.entries(receivers)) {
        const [service = '', tenant = ''] = k.split(KEY);
        p.receivers.set(service, tenant, url);
      }
      const kept = settings.scenarios;
      if (kept) {
        const engine = p.scenarios;
        const runtime = new Set(kept.runtime.map((r) => r.scenario.name));
        for (const l of engine.list()) if (!l.boot && !runtime.has(l.scenario.name)) engine.remove(l.scenario.name); // unloaded by another replica
        for (const r of kept.runtime) if (!engine.get(r.scenario.name)?.boot && JSON.stringify(engine.get(r.scenario.name)?.scenario) !== JSON.stringify(r.scenario)) engine.add(r.scenario, { source: r.source, boot: false });
        for (const name of kept.removed) if (engine.get(name)?.boot) engine.remove(name);
        for (const [name, armed] of Object.entries(kept.armed)) if (engine.get(name) && engine.get(name)?.armed !== armed) engine.setArmed(name, armed);
      }
      for (const [k, c] of Object.entries(counters)) {
        const [name = '', tenant = ''] = k.split(KEY);
        p.scenarios.restoreCounters(name, tenant, c);
      }
    } finally {
      p.receivers.onChange = saved.receivers;
      p.scenarios.observer = saved.scenarios;
    }
  }

  /**
   * Shared storage: brings the document (and the clock, receivers and scenarios made from it) up to
   * date when another replica changed it. Called as soon as the news of that change arrives.
   */
  refresh(): Promise<void> {
    const doc = this.#doc;
    if (!doc.shared || !doc.stale) return Promise.resolve();
    return (async () => {
      const owner = {};
      try {
        if (await doc.begin(owner)) this.#apply();
      } finally {
        doc.end(owner);
      }
    })();
  }

  /**
   * Runs `decide` (the scenario engine deciding a request: it moves counters) with the sandbox's own
   * state taken. On shared storage every replica's decisions take turns on the stored counters, so
   * `times: 2` means two in all; what it counted is committed before this resolves. On the embedded
   * store it runs at once.
   */
  async decide<T>(decide: () => T): Promise<T> {
    const doc = this.#doc;
    if (!doc.shared) return decide();
    const owner = {};
    let result: T;
    try {
      if (await doc.begin(owner)) this.#apply();
      this.#inside = true; // what the engine counts now goes into this taking's commit
      try {
        result = decide();
      } finally {
        this.#inside = false;
      }
      await doc.commit();
    } finally {
      doc.end(owner);
    }
    await doc.seen();
    return result;
  }

  /** Changes the clock (`change` gets it) and keeps it; resolves once durable. On shared storage the clock is first brought up to date, so no replica's change is lost. */
  changeClock(change: (clock: Clock) => void): Promise<void> {
    const clock = this.#engines?.clock;
    if (!clock) throw new Error('SystemState.restore must come first');
    return this.#write(() => {
      change(clock);
      this.#set('settings', 'clock', clock.snapshot());
    });
  }

  lower(service: string, tenant: string, at: number): Promise<void> | undefined {
    const k = `${service}${KEY}${tenant}`;
    const kept = this.#doc.data.due[k];
    if (kept !== undefined && kept <= at) return undefined;
    return this.#write(() => this.#set('due', k, grain(at)));
  }

  settle(service: string, tenant: string, at: number | null): void {
    const k = `${service}${KEY}${tenant}`;
    const due = this.#doc.data.due;
    if ((due[k] ?? null) === at) return;
    this.#keep(() => {
      if (at === null) delete due[k];
      else this.#set('due', k, at);
    });
  }

  of(service: string): [string, number][] {
    const prefix = `${service}${KEY}`;
    const out: [string, number][] = [];
    for (const [k, at] of Object.entries(this.#doc.data.due)) if (k.startsWith(prefix)) out.push([k.slice(prefix.length), at]);
    return out;
  }

  /** Resolves once every kept change so far is durable (a request that counted a scenario waits on it before answering). */
  durable(): Promise<void> | undefined {
    return this.#pending ?? undefined;
  }

  #keepScenarios(engine: ScenarioEngine): void {
    const loaded = engine.list();
    const names = new Set(loaded.map((l) => l.scenario.name));
    this.#set('settings', 'scenarios', {
      runtime: loaded.filter((l) => !l.boot).map((l) => ({ scenario: l.scenario, source: l.source, armed: l.armed })),
      armed: Object.fromEntries(loaded.map((l) => [l.scenario.name, l.armed])),
      removed: engine.bootNames().filter((n) => !names.has(n)),
    });
    const counters = this.#doc.data.counters;
    const live = new Set(loaded.flatMap((l) => [...l.counters.keys()].map((t) => `${l.scenario.name}${KEY}${t}`)));
    for (const k of Object.keys(counters)) if (!live.has(k)) delete counters[k];
  }

  #set<K extends keyof SandboxDoc>(collection: K, key: string, value: unknown): void {
    Object.defineProperty(this.#doc.data[collection], key, { value, writable: true, enumerable: true, configurable: true });
  }

  #keep(change: () => void): void {
    void this.#write(change).catch(() => undefined); // a request waiting on durable() sees the failure
  }

  /**
   * Makes a change and commits it. On the embedded store at once; on shared storage (replicas) in
   * turn, each with the document taken (and brought up to date) first, so no replica's change is
   * written over another's.
   */
  #write(change: () => void): Promise<void> {
    if (this.#inside) {
      change(); // committed by the decision that made it (see decide)
      return Promise.resolve();
    }
    if (!this.#doc.shared) {
      change();
      return this.#track(this.#doc.commit());
    }
    const doc = this.#doc;
    // In turn (the document's queue): each change made on the stored state, another replica's changes taken in first.
    return this.#track((async () => {
      const owner = {};
      try {
        if (await doc.begin(owner)) this.#apply();
        change();
        await doc.commit();
      } finally {
        doc.end(owner);
      }
      await doc.seen();
    })());
  }

  #track(p: Promise<void>): Promise<void> {
    this.#pending = p;
    void p.then(() => {
      if (this.#pending === p) this.#pending = null;
    }, () => undefined);
    return p;
  }
}
