import type { Rule, ValueMatch } from './schema.js';

/**
 * Whether a scenario rule matches a request (or an outbound webhook), and the deterministic draw its
 * probability and jitter use: pure functions of their inputs, no state (the engine keeps the counters).
 *
 * @example
 * ruleMatches(rule, { service: 'kustom', operation: 'captureOrder', tenant: 't' }); // true or false
 * draw([42, 'kustom-flaky', 0, 'merchant-1', 3, 'probability']);                    // the same on every run
 */
export interface RequestFacts {
  service: string;
  /** The operationId of a request, or… */
  operation?: string | undefined;
  /** …the kind of an outbound webhook delivery. */
  webhook?: string | undefined;
  tenant?: string | undefined;
  params?: Record<string, string>;
  header?: (name: string) => string | undefined;
  body?: unknown;
  /** Epoch ms, for rate-limit windows (default 0). */
  now?: number;
}

/**
 * A number in [0, 1) that is a function of its parts only: cyrb53, a small 53-bit string hash with good
 * avalanche, over the parts joined by NUL.
 *
 * @example
 * draw([42, 'kustom-flaky', 0, 'merchant-1', 3, 'probability']); // the same on every run
 */
export function draw(parts: readonly (string | number)[]): number {
  const text = parts.join('\u0000');
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)) / 2 ** 53;
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

/** Whether a rule's operation (one, a list, or "*") covers this operationId. */
export function coversOperation(operation: string | string[] | undefined, op: string | undefined): boolean {
  if (operation === undefined || op === undefined) return false;
  if (Array.isArray(operation)) return operation.includes(op);
  return operation === '*' || operation === op;
}

export function ruleMatches(rule: Rule, facts: RequestFacts): boolean {
  const m = rule.match;
  if (m.service !== facts.service) return false;
  if (m.webhook !== undefined ? m.webhook !== facts.webhook : !coversOperation(m.operation, facts.operation)) return false;
  if (m.tenant !== undefined && m.tenant !== facts.tenant) return false;
  for (const [k, v] of Object.entries(m.params ?? {})) if (!valueMatches(v, facts.params?.[k])) return false;
  for (const [k, v] of Object.entries(m.headers ?? {})) if (!valueMatches(v, facts.header?.(k))) return false;
  for (const [k, v] of Object.entries(m.body ?? {})) if (!valueMatches(v, atPath(facts.body, k))) return false;
  return true;
}
