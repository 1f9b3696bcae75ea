import type { Delivery, DeliveryFault } from '../delivery.js';
import { draw, ruleMatches, type RequestFacts } from './match.js';
import type { Rule, Scenario } from './schema.js';

export { atPath, coversOperation, draw, ruleMatches, valueMatches, type RequestFacts } from './match.js';

/**
 * Decides which scenario rule, if any, applies to a request. No I/O and no real time.
 *
 * Counters are per tenant: `times`, `after` and `probability` count one tenant's matches only, so two
 * parallel tests on different credentials each see the whole scenario. A probability draw (and a
 * delay's jitter) is a function of the seed, the scenario, the rule, the tenant and the match number,
 * never of one shared stream: the n-th match of a rule for a tenant decides the same way for the same
 * seed, whatever else the sandbox serves, after a reset, and after the scenario is loaded again.
 *
 * @example
 * const engine = new ScenarioEngine(42);
 * engine.add(scenario, { source: 'scenarios/outage.yaml', boot: true });
 * engine.decide({ service: 'kustom', operation: 'captureOrder', tenant: 't', params: {}, header: () => undefined });
 */
export interface RuleCounters {
  /** Requests that matched the rule's `match`. */
  matched: number;
  /** Times the rule's effect was applied. */
  fired: number;
}

export interface LoadedScenario {
  scenario: Scenario;
  source: string;
  /** Loaded at start (re-armed on reset) rather than at runtime. */
  boot: boolean;
  armed: boolean;
  /** Per tenant ('' for a request without one), a counter per rule. */
  counters: Map<string, RuleCounters[]>;
}

export interface Decision {
  scenario: string;
  ruleIndex: number;
  rule: Rule;
  /** A number in [0, 1) drawn for this match (seed, scenario, rule, tenant, match number), e.g. for jitter. */
  random: number;
  /** For a rate limit: its size and the seconds until its window resets. */
  rateLimit?: { limit: number; windowSeconds: number; resetSeconds: number };
}

/** Who keeps the engine's state across restarts (state/system-state.ts). */
export interface ScenarioObserver {
  /** A tenant's counters of a scenario moved (a request matched one of its rules). */
  counted(name: string, tenant: string, counters: readonly RuleCounters[]): void;
  /** The loaded set, an arming, or counters in bulk changed (add, remove, arm, reset). */
  changed(): void;
}

export class ScenarioEngine {
  readonly #seed: number;
  /** Told of every change of state; set once the start's scenarios are loaded. */
  observer: ScenarioObserver | null = null;
  readonly #loaded = new Map<string, LoadedScenario>();
  /** Boot scenarios as loaded, so a reset brings back even a deleted one. */
  readonly #boot = new Map<string, { scenario: Scenario; source: string }>();
  /** Rate-limit windows: `scenario#rule|tenant` → window start and count. */
  readonly #windows = new Map<string, { start: number; count: number }>();
  readonly #index = new Map<string, { ops: Set<string>; bodyOps: Set<string>; webhooks: Set<string> }>();

  constructor(seed: number) {
    this.#seed = seed;
  }

  add(scenario: Scenario, opts: { source: string; boot: boolean }): LoadedScenario {
    const loaded = this.#put(scenario, opts);
    this.#reindex();
    this.observer?.changed();
    return loaded;
  }

  /** Loads a scenario (a replaced one moves to the end of the load order), without reindexing or telling the observer. */
  #put(scenario: Scenario, opts: { source: string; boot: boolean }): LoadedScenario {
    const loaded: LoadedScenario = { scenario, source: opts.source, boot: opts.boot, armed: scenario.armed, counters: new Map() };
    this.#loaded.delete(scenario.name);
    this.#loaded.set(scenario.name, loaded);
    if (opts.boot) this.#boot.set(scenario.name, { scenario, source: opts.source });
    this.#clearWindows(scenario.name);
    return loaded;
  }

  /** Names of the scenarios loaded at start (from files), loaded now or not. */
  bootNames(): string[] {
    return [...this.#boot.keys()];
  }

  get(name: string): LoadedScenario | undefined {
    return this.#loaded.get(name);
  }

  list(): LoadedScenario[] {
    return [...this.#loaded.values()];
  }

  /** Unloads a scenario; a boot one comes back on reset. */
  remove(name: string): boolean {
    this.#clearWindows(name);
    const removed = this.#loaded.delete(name);
    this.#reindex();
    if (removed) this.observer?.changed();
    return removed;
  }

  /** Arms or disarms a loaded scenario; undefined when there is none by that name. */
  setArmed(name: string, armed: boolean): LoadedScenario | undefined {
    const l = this.#loaded.get(name);
    if (l) {
      l.armed = armed;
      this.observer?.changed();
    }
    return l;
  }

  /** Whether any loaded scenario could concern this service and operation (cheap pre-check). */
  concerns(service: string, operation: string): boolean {
    const i = this.#index.get(service);
    return !!i && (i.ops.has('*') || i.ops.has(operation));
  }

  /** Whether any loaded scenario concerns this kind of outbound webhook. */
  concernsWebhook(service: string, kind: string): boolean {
    return this.#index.get(service)?.webhooks.has(kind) ?? false;
  }

  /** Whether a rule that might apply needs the request body. */
  needsBody(service: string, operation: string): boolean {
    const i = this.#index.get(service);
    return !!i && (i.bodyOps.has('*') || i.bodyOps.has(operation));
  }

  /**
   * The first rule that fires for this request. Scenarios named in `named` (the per-request header) come
   * first, in the header's order, armed or not; then armed scenarios in load order. Counters move as a
   * side effect. A rate limit under its limit counts the request and lets later rules decide.
   */
  decide(facts: RequestFacts, named: readonly string[] = []): Decision | null {
    const order: LoadedScenario[] = [];
    for (const n of named) {
      const l = this.#loaded.get(n);
      if (l && !order.includes(l)) order.push(l);
    }
    for (const l of this.#loaded.values()) if (l.armed && !order.includes(l)) order.push(l);
    const tenant = facts.tenant ?? '';
    for (const l of order) {
      if (l.scenario.tenant !== undefined && l.scenario.tenant !== facts.tenant) continue;
      const name = l.scenario.name;
      for (let i = 0; i < l.scenario.rules.length; i++) {
        const rule = l.scenario.rules[i] as Rule;
        if (!ruleMatches(rule, facts)) continue;
        const all = countersOf(l, tenant);
        const counters = all[i] as RuleCounters;
        const n = ++counters.matched;
        this.observer?.counted(name, tenant, all);
        if (rule.after !== undefined && n <= rule.after) continue;
        if (rule.times !== undefined && counters.fired >= rule.times) continue;
        if (rule.probability !== undefined && draw([this.#seed, name, i, tenant, n, 'probability']) >= rule.probability) continue;
        let rateLimit: Decision['rateLimit'];
        if (rule.rate_limit) {
          rateLimit = this.#overLimit(`${name}#${i}|${tenant}`, rule.rate_limit.limit, rule.rate_limit.window_seconds, facts.now ?? 0);
          if (!rateLimit) continue;
        }
        counters.fired++;
        this.observer?.counted(name, tenant, all);
        return { scenario: name, ruleIndex: i, rule, random: draw([this.#seed, name, i, tenant, n, 'random']), ...(rateLimit ? { rateLimit } : {}) };
      }
    }
    return null;
  }

  /** A scenario's `deliver` fault for a new webhook delivery (its body matched as JSON), or null. */
  deliveryFault(d: Delivery): DeliveryFault | null {
    if (!this.concernsWebhook(d.service, d.kind)) return null;
    let body: unknown;
    try {
      body = d.body ? JSON.parse(d.body) : undefined;
    } catch {
      body = undefined;
    }
    const decision = this.decide({ service: d.service, webhook: d.kind, tenant: d.tenant, body, now: d.createdAt ? Date.parse(d.createdAt) : 0 });
    const deliver = decision?.rule.deliver;
    return deliver ? { label: `${decision.scenario}#${decision.ruleIndex + 1}`, ...deliver } : null;
  }

  /** Forgets one tenant's counters and rate-limit windows in every loaded scenario (a reset of that tenant). */
  resetTenant(tenant: string): void {
    for (const l of this.#loaded.values()) l.counters.delete(tenant);
    for (const k of this.#windows.keys()) if (k.endsWith(`|${tenant}`)) this.#windows.delete(k);
    this.observer?.changed();
  }

  /**
   * Reset: boot scenarios come back (even deleted ones) armed as their files say; runtime scenarios stay
   * loaded but disarmed (still usable through the header); every counter and rate-limit window restarts.
   */
  reset(): void {
    const runtime = [...this.#loaded.values()].filter((l) => !l.boot);
    this.#loaded.clear();
    this.#windows.clear();
    for (const b of this.#boot.values()) this.#put(b.scenario, { source: b.source, boot: true });
    for (const l of runtime) if (!this.#loaded.has(l.scenario.name)) this.#put({ ...l.scenario, armed: false }, { source: l.source, boot: false });
    this.#reindex();
    this.observer?.changed();
  }

  /** Puts back a tenant's counters of a loaded scenario (after a restart); ignored when the scenario's rules no longer fit them. */
  restoreCounters(name: string, tenant: string, counters: readonly RuleCounters[]): void {
    const l = this.#loaded.get(name);
    if (l && counters.length === l.scenario.rules.length) l.counters.set(tenant, counters.map((c) => ({ matched: c.matched, fired: c.fired })));
  }

  /** Rebuilds what `concerns` and friends look up, after the loaded set changed. */
  #reindex(): void {
    this.#index.clear();
    for (const l of this.#loaded.values()) {
      for (const r of l.scenario.rules) {
        let i = this.#index.get(r.match.service);
        if (!i) this.#index.set(r.match.service, (i = { ops: new Set(), bodyOps: new Set(), webhooks: new Set() }));
        if (r.match.webhook !== undefined) i.webhooks.add(r.match.webhook);
        for (const op of [r.match.operation ?? []].flat()) {
          i.ops.add(op);
          if (r.match.body) i.bodyOps.add(op);
        }
      }
    }
  }

  /** Counts a request in its fixed window; the limit's details when it is over. */
  #overLimit(key: string, limit: number, windowSeconds: number, now: number): Decision['rateLimit'] {
    const size = windowSeconds * 1000;
    const start = Math.floor(now / size) * size;
    let w = this.#windows.get(key);
    if (!w || w.start !== start) {
      w = { start, count: 0 };
      this.#windows.set(key, w);
    }
    if (w.count < limit) {
      w.count++;
      return undefined;
    }
    return { limit, windowSeconds, resetSeconds: Math.max(1, Math.ceil((start + size - now) / 1000)) };
  }

  #clearWindows(name: string): void {
    for (const k of this.#windows.keys()) if (k.startsWith(`${name}#`)) this.#windows.delete(k);
  }
}

/** A tenant's counters of a loaded scenario, one per rule, made on its first match. */
function countersOf(l: LoadedScenario, tenant: string): RuleCounters[] {
  let c = l.counters.get(tenant);
  if (!c) {
    c = l.scenario.rules.map(() => ({ matched: 0, fired: 0 }));
    l.counters.set(tenant, c);
  }
  return c;
}
