import type { Rule, Scenario, ValueMatch } from './schema.js';

/**
 * Decides which scenario rule, if any, applies to a request. No I/O and no real time: given the same
 * seed and the same requests in the same order, it decides the same way every run.
 *
 * @example
 * const engine = new ScenarioEngine(42);
 * engine.add(scenario, { source: 'scenarios/outage.yaml', boot: true });
 * engine.decide({ service: 'kustom', operation: 'captureOrder', tenant: 't', params: {}, header: () => undefined });
 */
export interface RequestFacts {
  service: string;
  operation: string;
  tenant?: string | undefined;
  params: Record<string, string>;
  header: (name: string) => string | undefined;
  body?: unknown;
}

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
  counters: RuleCounters[];
}

export interface Decision {
  scenario: string;
  ruleIndex: number;
  rule: Rule;
  /** A number in [0, 1) from the same seeded sequence, e.g. for jitter. */
  random: number;
}

/** mulberry32: a small, good-enough seeded PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Value at a dotted path ("a.b.0.c") of a JSON value. */
export function atPath(value: unknown, path: string): unknown {
  let cur = value;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

export function valueMatches(expected: ValueMatch, actual: unknown): boolean {
  if (expected !== null && typeof expected === 'object') {
    return (typeof actual === 'string' || typeof actual === 'number') && new RegExp(expected.regex).test(String(actual));
  }
  if (typeof actual === 'number' && typeof expected === 'string') return String(actual) === expected;
  return actual === expected;
}

export function ruleMatches(rule: Rule, facts: RequestFacts): boolean {
  const m = rule.match;
  if (m.service !== facts.service || m.operation !== facts.operation) return false;
  if (m.tenant !== undefined && m.tenant !== facts.tenant) return false;
  for (const [k, v] of Object.entries(m.params ?? {})) if (!valueMatches(v, facts.params[k])) return false;
  for (const [k, v] of Object.entries(m.headers ?? {})) if (!valueMatches(v, facts.header(k))) return false;
  for (const [k, v] of Object.entries(m.body ?? {})) if (!valueMatches(v, atPath(facts.body, k))) return false;
  return true;
}

export class ScenarioEngine {
  readonly #random: () => number;
  readonly #loaded = new Map<string, LoadedScenario>();

  constructor(seed: number) {
    this.#random = seededRandom(seed);
  }

  add(scenario: Scenario, opts: { source: string; boot: boolean }): LoadedScenario {
    const loaded: LoadedScenario = { scenario, source: opts.source, boot: opts.boot, armed: scenario.armed, counters: scenario.rules.map(() => ({ matched: 0, fired: 0 })) };
    this.#loaded.set(scenario.name, loaded);
    return loaded;
  }

  get(name: string): LoadedScenario | undefined {
    return this.#loaded.get(name);
  }

  list(): LoadedScenario[] {
    return [...this.#loaded.values()];
  }

  /** Whether any loaded scenario could concern this service and operation (cheap pre-check). */
  concerns(service: string, operation: string): boolean {
    for (const l of this.#loaded.values()) for (const r of l.scenario.rules) if (r.match.service === service && r.match.operation === operation) return true;
    return false;
  }

  /** Whether a rule that might apply needs the request body. */
  needsBody(service: string, operation: string): boolean {
    for (const l of this.#loaded.values()) for (const r of l.scenario.rules) if (r.match.service === service && r.match.operation === operation && r.match.body) return true;
    return false;
  }

  /**
   * The first rule that fires for this request: armed scenarios, plus those named in `only`
   * (the per-request header) whether armed or not. Counters move as a side effect.
   */
  decide(facts: RequestFacts, named: readonly string[] = []): Decision | null {
    for (const l of this.#loaded.values()) {
      if (!l.armed && !named.includes(l.scenario.name)) continue;
      if (l.scenario.rules.length === 0) continue;
      for (let i = 0; i < l.scenario.rules.length; i++) {
        const rule = l.scenario.rules[i] as Rule;
        const counters = l.counters[i] as RuleCounters;
        if (!ruleMatches(rule, facts)) continue;
        counters.matched++;
        if (rule.after !== undefined && counters.matched <= rule.after) continue;
        if (rule.times !== undefined && counters.fired >= rule.times) continue;
        if (rule.probability !== undefined && this.#random() >= rule.probability) continue;
        counters.fired++;
        return { scenario: l.scenario.name, ruleIndex: i, rule, random: this.#random() };
      }
    }
    return null;
  }

  /** Reset: runtime scenarios go, boot scenarios are re-armed as their files say, counters restart. */
  reset(): void {
    for (const [name, l] of this.#loaded) {
      if (!l.boot) this.#loaded.delete(name);
      else this.add(l.scenario, { source: l.source, boot: true });
    }
  }
}
