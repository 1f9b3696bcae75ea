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
