/**
 * One outbound webhook delivery as the outbox records it: its attempts, its state, its retry schedule,
 * and what a scenario may do to it. Pure data and pure helpers; the outbox (outbox.ts) runs them.
 *
 * @example
 * const schedule = [0, ...everyUntil(0, 60_000, 300_000)]; // at once, then every minute for 5 minutes
 */
export interface Attempt {
  at: string;
  url: string;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'cancelled' | 'inbox';

export interface Delivery {
  id: string;
  service: string;
  tenant: string;
  kind: string;
  key: string | null;
  url: string | null;
  method: 'POST' | 'PUT';
  headers: Record<string, string>;
  body: string;
  createdAt: string;
  state: DeliveryState;
  until: '2xx' | '200' | 'cancelled';
  nextAttemptAt: string | null;
  attempts: Attempt[];
  /** `name#rule` of the scenario that disturbed this delivery, with how. */
  scenario?: string;
  /** The delivery this one replays (admin replay). */
  replayOf?: string;
}

/**
 * A delivery as the state layer keeps it (in its tenant's document, `_outbox`): the delivery and where
 * it is in its schedule. A value: every change makes a new one.
 */
export interface DeliveryRecord {
  readonly d: Delivery;
  /** Epoch ms (tenant time) the schedule counts from. */
  readonly created: number;
  readonly schedule: readonly number[];
  /** Index of the next attempt in the schedule. */
  readonly step: number;
  /** Enqueue order (grows across restarts), to tell which deliveries came later. */
  readonly seq: number;
  /** out_of_order: not before a later delivery of the same tenant was attempted, or this time. */
  readonly holdUntil?: number;
  /** dropped: attempts still to lose on the way. */
  readonly drops?: number;
  /**
   * Replicas: the replica making the next attempt, and when it took it (wall-clock ms). Stored before
   * the attempt, dropped with its result; another replica takes a claim over only once its claimer is
   * gone or the claim is older than {@link CLAIM_MS}.
   */
  readonly claim?: { readonly by: string; readonly at: number };
}

/** How long a claim holds at most: the attempt's timeout and then some. */
export const CLAIM_MS = 20_000;

/** Who makes attempts here, and whether another replica's claim still holds (replicas: postgres-replicas.ts). */
export interface Claimant {
  readonly id: string;
  /** Whether that replica is alive, as far as this one knows. */
  live(id: string): boolean;
}

/** Whether `r` is claimed by another replica whose claim still holds (then this one does not attempt it). */
export function claimedElsewhere(r: DeliveryRecord, me: Claimant, now = Date.now()): boolean {
  const c = r.claim;
  return !!c && c.by !== me.id && me.live(c.by) && now - c.at < CLAIM_MS;
}

/** When the record's next attempt is due (tenant time), or null when none is. */
export function nextAttemptAt(r: DeliveryRecord): number | null {
  if (r.d.state !== 'pending' || r.d.nextAttemptAt === null) return null;
  const t = r.schedule[r.step];
  return t === undefined ? null : r.created + t;
}

/** What a scenario does to one delivery (see `deliver` in the scenario schema). */
export interface DeliveryFault {
  label: string;
  fault: 'delayed' | 'duplicated' | 'out_of_order' | 'dropped';
  ms?: number | undefined;
  attempts?: number | undefined;
}

export interface EnqueueInput {
  service: string;
  tenant: string;
  kind: string;
  key?: string;
  url: string | null;
  method?: 'POST' | 'PUT';
  headers?: Record<string, string>;
  body: string;
  /** Attempt times in ms after creation; defaults to {@link DEFAULT_RETRY_SCHEDULE}. */
  schedule?: number[];
  until?: '2xx' | '200' | 'cancelled';
  /** When the event happened (epoch ms, the tenant's clock); the schedule counts from here. Default: now. */
  at?: number;
  /** The delivery this one replays. */
  replayOf?: string;
}

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Default retries: at once, then 10 s, 1 min, 5 min, 15 min, 1 h, then every 4 h up to 48 h. */
export const DEFAULT_RETRY_SCHEDULE: number[] = [0, 10_000, MIN, 5 * MIN, 15 * MIN, HOUR, ...everyUntil(HOUR, 4 * HOUR, 48 * HOUR)];

/** Times `start + k*step` (k ≥ 1) not after `end`. */
export function everyUntil(start: number, step: number, end: number): number[] {
  const out: number[] = [];
  for (let t = start + step; t <= end; t += step) out.push(t);
  return out;
}

/** Whether a receiver's answer counts as delivered for this delivery. */
export function succeeded(d: Delivery, status: number | null): boolean {
  if (status === null) return false;
  return d.until === '200' ? status === 200 : status >= 200 && status < 300;
}

export function describeError(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    return `${e.name === 'TimeoutError' ? 'timeout' : e.message}${detail}`;
  }
  return String(e);
}

const DEFAULT_FAULT_MS = 60_000;

/**
 * A new delivery as a scenario's fault leaves it: later (`delayed`), held back (`out_of_order`), losing
 * its first attempts (`dropped`), or sent twice (`duplicated`: a copy with its own id and order, from `next`).
 */
export function disturbed(r: DeliveryRecord, f: DeliveryFault, next: () => { id: string; seq: number }): DeliveryRecord[] {
  const d: Delivery = { ...r.d, scenario: `${f.label} (${f.fault})` };
  if (f.fault === 'delayed') {
    const schedule = r.schedule.map((t) => t + (f.ms ?? DEFAULT_FAULT_MS));
    return [{ ...r, schedule, d: { ...d, nextAttemptAt: new Date(r.created + (schedule[0] ?? 0)).toISOString() } }];
  }
  if (f.fault === 'out_of_order') return [{ ...r, d, holdUntil: r.created + (r.schedule[0] ?? 0) + (f.ms ?? DEFAULT_FAULT_MS) }];
  if (f.fault === 'dropped') return [{ ...r, d, drops: f.attempts ?? 1 }];
  const { id, seq } = next();
  const copy: Delivery = { ...d, id, headers: { ...d.headers }, attempts: [] };
  return [{ ...r, d }, { d: copy, created: r.created, schedule: [...r.schedule], step: 0, seq }];
}

/** The record after an attempt: delivered, failed, or its next attempt (one stopped meanwhile stays stopped). */
export function afterAttempt(r: DeliveryRecord, attempt: Attempt): DeliveryRecord {
  const d: Delivery = { ...r.d, attempts: [...r.d.attempts, attempt] };
  if (d.state !== 'pending') return { ...r, d };
  if (succeeded(d, attempt.status) && d.until !== 'cancelled') return { ...r, d: { ...d, state: 'delivered' } };
  const next = r.schedule[r.step];
  if (next === undefined) return { ...r, d: { ...d, state: d.attempts.some((a) => succeeded(d, a.status)) ? 'delivered' : 'failed' } };
  return { ...r, d: { ...d, nextAttemptAt: new Date(r.created + next).toISOString() } };
}

/** A pending delivery stopped (the push of an acknowledged order): delivered if a receiver took it once, else cancelled. */
export function stopped(r: DeliveryRecord): DeliveryRecord {
  const { d } = r;
  return { ...r, d: { ...d, state: d.attempts.some((a) => succeeded(d, a.status)) ? 'delivered' : 'cancelled', nextAttemptAt: null } };
}

/** An out-of-order delivery let go at `now`: its schedule moves by the time it was held back. */
export function released(r: DeliveryRecord, now: number): DeliveryRecord {
  const shift = Math.max(0, now - (r.created + (r.schedule[r.step] ?? 0)));
  const { holdUntil: _held, ...rest } = r;
  return { ...rest, schedule: r.schedule.map((t) => t + shift) };
}
