import type { Delivery } from '../delivery.js';
import type { JournalEntry } from '../journal.js';

/**
 * The go-live readiness report of one tenant of one API: what its integration exercised against the
 * API's whole catalogue (coverage), and how it behaved (checks, each with a verdict and the evidence).
 * Built from what the sandbox already keeps: the journal (every request and answer), the outbox (every
 * webhook attempt) and the tenant's records. Pure: no HTTP, no vendor words; each service supplies its
 * catalogue and its checks (`services/<name>/readiness.ts`).
 *
 * @example
 * const checks = [check(spec, { exercised: true, failures: [] })];
 * assemble({ service: 'kustom', tenant: 't', generatedAt, basis, checks, coverage: [] }).ready; // true
 */
export type Verdict = 'pass' | 'fail' | 'not exercised';
/** `must`: go-live needs it; `advice`: good practice, not a gate. */
export type Level = 'must' | 'advice';

/** What a verdict rests on: a request of the journal, a webhook delivery, or a record. */
export interface Evidence {
  /** The journal entry's id and the request's correlation id (where the API has one). */
  journalId?: number | undefined;
  correlationId?: string | undefined;
  /** A webhook delivery's id. */
  webhookId?: string | undefined;
  /** The record (an order id) it is about. */
  subject?: string | undefined;
  /** Sandbox time. */
  at: string;
  /** One line: what happened. */
  note: string;
}

export interface CheckResult {
  id: string;
  title: string;
  level: Level;
  verdict: Verdict;
  /** Why this verdict, in a sentence. */
  detail: string;
  /** What to do instead (shown with every verdict; it matters on a fail). */
  advice: string;
  evidence: Evidence[];
}

/** One area of the catalogue: what was exercised, and what never was (listed first). */
export interface CoverageArea {
  area: string;
  title: string;
  total: number;
  exercised: number;
  never: string[];
  seen: { item: string; count: number }[];
}

export interface Tally {
  pass: number;
  fail: number;
  notExercised: number;
}

/** What the report was built from. */
export interface Basis {
  requests: number;
  webhooks: number;
  /** The journal keeps the newest this many requests (of every tenant); older ones are not judged. */
  journalCapacity: number;
  /** The oldest request judged (sandbox time), or null when there is none. */
  since: string | null;
}

export interface ReadinessReport {
  service: string;
  tenant: string;
  generatedAt: string;
  /** No must-have check failed. (A must-have that was not exercised does not fail the gate; `--require must` in the CLI can.) */
  ready: boolean;
  summary: { must: Tally; advice: Tally };
  basis: Basis;
  checks: CheckResult[];
  coverage: CoverageArea[];
}

/** What a service's checks and lifecycle coverage read. Entries and deliveries are oldest first. */
export interface ReadinessInput {
  tenant: string;
  /** The service knows the tenant (false: nothing of it is read, so a report never creates a tenant). */
  known: boolean;
  entries: JournalEntry[];
  deliveries: Delivery[];
  /** The tenant's sandbox time now, epoch ms. */
  now: number;
}

/** What a service adds to the generic coverage: its lifecycle areas and its checks. */
export interface ServiceReadiness {
  coverage: CoverageArea[];
  checks: CheckResult[];
}

/** A check as a service defines it. */
export interface CheckSpec {
  id: string;
  title: string;
  level: Level;
  advice: string;
}

/** A check's finding: was it exercised, what failed, and (for a pass) what shows it passed. */
export interface Finding {
  exercised: boolean;
  failures: Evidence[];
  passes?: Evidence[] | undefined;
  /** Overrides the default sentence. */
  detail?: string | undefined;
}

/** Evidence shows at most this many items per check (the count is in the detail). */
const MAX_EVIDENCE = 20;

/** A verdict from a finding: any failure fails, nothing to judge is "not exercised", otherwise a pass. */
export function check(spec: CheckSpec, f: Finding): CheckResult {
  const verdict: Verdict = f.failures.length ? 'fail' : f.exercised ? 'pass' : 'not exercised';
  const shown = verdict === 'fail' ? f.failures : (f.passes ?? []);
  const detail = f.detail ?? (verdict === 'fail'
    ? `${f.failures.length} time${f.failures.length === 1 ? '' : 's'}: ${f.failures[0]!.note}${f.failures.length > 1 ? ' (and more in the evidence)' : ''}`
    : verdict === 'pass' ? 'Exercised, and every instance behaved.' : 'Nothing the integration did yet exercises this.');
  return { ...spec, verdict, detail, evidence: shown.slice(0, MAX_EVIDENCE) };
}

/** A coverage area over a catalogue: items never seen come first in `never`; seen items keep the catalogue's order. */
export function coverageArea(area: string, title: string, catalogue: readonly string[], seen: Iterable<string>): CoverageArea {
  const counts = new Map<string, number>();
  for (const s of seen) counts.set(s, (counts.get(s) ?? 0) + 1);
  const known = new Set(catalogue);
  const never = catalogue.filter((c) => !counts.has(c));
  const listed = [...catalogue.filter((c) => counts.has(c)), ...[...counts.keys()].filter((k) => !known.has(k))];
  const exercised = catalogue.length - never.length;
  return { area, title, total: catalogue.length, exercised, never, seen: listed.map((item) => ({ item, count: counts.get(item)! })) };
}

/** Evidence of a journal entry: `POST /path → 201` with its ids. */
export function entryEvidence(e: JournalEntry, note?: string): Evidence {
  const answer = e.fault ? `${e.fault}${e.status ? ` after ${e.status}` : ''}` : String(e.status);
  return {
    journalId: e.id, correlationId: e.correlationId, subject: e.subject, at: e.at,
    note: note ?? `${e.method} ${e.path} → ${answer}${e.errorCode ? ` ${e.errorCode}` : ''}`,
  };
}

/** Evidence of a webhook delivery. */
export function deliveryEvidence(d: Delivery, note: string, subject?: string): Evidence {
  return { webhookId: d.id, subject, at: d.attempts.at(-1)?.at ?? d.createdAt, note };
}

/** An attempt a scenario dropped before it reached the receiver (`deliver: dropped`): not the receiver's doing. */
export function droppedOnTheWay(a: { status: number | null; error: string | null }): boolean {
  return a.status === null && (a.error?.startsWith('dropped on the way') ?? false);
}

/** Did the client get no answer it could use (a 5xx, or a network fault)? Then it should retry. */
export function answerLost(e: JournalEntry): boolean {
  return e.status >= 500 || e.status === 0 || e.fault !== undefined;
}

/** The report: checks ordered must first, failures first; coverage as given; the tallies and the gate. */
export function assemble(r: Omit<ReadinessReport, 'ready' | 'summary'>): ReadinessReport {
  const order: Record<Verdict, number> = { fail: 0, 'not exercised': 1, pass: 2 };
  const checks = [...r.checks].sort((a, b) => (a.level === b.level ? 0 : a.level === 'must' ? -1 : 1) || order[a.verdict] - order[b.verdict]);
  const tally = (level: Level): Tally => {
    const of = checks.filter((c) => c.level === level);
    return { pass: of.filter((c) => c.verdict === 'pass').length, fail: of.filter((c) => c.verdict === 'fail').length, notExercised: of.filter((c) => c.verdict === 'not exercised').length };
  };
  const must = tally('must');
  return { service: r.service, tenant: r.tenant, generatedAt: r.generatedAt, ready: must.fail === 0, summary: { must, advice: tally('advice') }, basis: r.basis, checks, coverage: r.coverage };
}

/** The records the integration itself touched (the subjects of its requests, or named in their paths), not the seed's. */
export function touched<T>(records: T[], id: (r: T) => string, entries: JournalEntry[]): T[] {
  const subjects = new Set<string | undefined>();
  for (const e of entries) {
    subjects.add(e.subject);
    for (const segment of e.path.split('/')) subjects.add(segment);
  }
  return records.filter((r) => subjects.has(id(r)));
}

/** Groups items by a key, keeping their order. */
export function groupBy<T>(items: Iterable<T>, key: (t: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(t);
    else out.set(k, [t]);
  }
  return out;
}
