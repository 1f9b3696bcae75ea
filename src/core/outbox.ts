import type { Clock } from './clock.js';
import { DEFAULT_RETRY_SCHEDULE, describeError, succeeded, type Attempt, type Delivery, type DeliveryFault, type EnqueueInput } from './delivery.js';

/**
 * Outbound webhooks: services hand over bytes, the outbox delivers them with retries on the
 * sandbox clock and records every attempt.
 *
 * A delivery has a schedule of attempt times (ms after creation). It stops at the first 2xx
 * (`until: '2xx'`), or at the first 200 exactly (`until: '200'`: Khumbu treats anything else as a failure),
 * or only when cancelled (`until: 'cancelled'`: Kustom's push repeats until the
 * order is acknowledged), or when the schedule runs out. Without a URL the delivery lands in the
 * built-in inbox at once.
 *
 * @example
 * const outbox = new Outbox({ clock });
 * outbox.enqueue({ service: 'kustom', tenant: 't', kind: 'push', url: 'http://127.0.0.1:3000/push',
 *   body: '', schedule: [0, 60_000], until: '2xx' });
 * await outbox.runDue();
 */
interface Internal {
  d: Delivery;
  created: number;
  schedule: number[];
  step: number;
  /** Enqueue order, to tell which deliveries came later. */
  seq: number;
  /** out_of_order: not before a later delivery of the same tenant was attempted, or this time. */
  holdUntil?: number;
  /** dropped: attempts still to lose on the way. */
  drops?: number;
}

export interface OutboxOptions {
  clock: Clock;
  send?: (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<number>;
  historyLimit?: number;
  timeoutMs?: number;
  newId?: () => string;
  /** Asked once per new delivery with a receiver URL: a scenario's fault for it, or null. */
  faults?: (d: Delivery) => DeliveryFault | null;
  /** Told of every attempt that did not succeed (the receiver refused, failed or could not be reached), for the log. */
  onFailedAttempt?: (d: Delivery, attempt: Attempt) => void;
}

const DEFAULT_FAULT_MS = 60_000;

export class Outbox {
  readonly #clock: Clock;
  readonly #send: NonNullable<OutboxOptions['send']>;
  readonly #historyLimit: number;
  readonly #items = new Map<string, Internal>();
  readonly #newId: () => string;
  readonly #faults: OutboxOptions['faults'];
  readonly #onFailedAttempt: OutboxOptions['onFailedAttempt'];
  #seq = 0;
  #enqueued = 0;

  constructor(opts: OutboxOptions) {
    this.#clock = opts.clock;
    const timeoutMs = opts.timeoutMs ?? 10_000;
    this.#send = opts.send ?? (async (url, init) => {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
      await res.arrayBuffer().catch(() => undefined);
      return res.status;
    });
    this.#historyLimit = opts.historyLimit ?? 1000;
    this.#newId = opts.newId ?? (() => `wh_${(++this.#seq).toString().padStart(6, '0')}`);
    this.#faults = opts.faults;
    this.#onFailedAttempt = opts.onFailedAttempt;
  }

  enqueue(input: EnqueueInput): Delivery {
    const created = input.at ?? this.#clock.now(input.service, input.tenant);
    const schedule = input.schedule ?? DEFAULT_RETRY_SCHEDULE;
    const d: Delivery = {
      id: this.#newId(),
      service: input.service,
      tenant: input.tenant,
      kind: input.kind,
      key: input.key ?? null,
      url: input.url,
      method: input.method ?? 'POST',
      headers: input.headers ?? {},
      body: input.body,
      createdAt: new Date(created).toISOString(),
      state: input.url ? 'pending' : 'inbox',
      until: input.until ?? '2xx',
      nextAttemptAt: input.url && schedule.length ? new Date(created + (schedule[0] ?? 0)).toISOString() : null,
      attempts: [],
      ...(input.replayOf ? { replayOf: input.replayOf } : {}),
    };
    if (!schedule.length && d.state === 'pending') d.state = 'failed';
    const it: Internal = { d, created, schedule, step: 0, seq: ++this.#enqueued };
    this.#items.set(d.id, it);
    const fault = d.state === 'pending' ? this.#faults?.(d) : null;
    if (fault) this.#disturb(it, fault);
    this.#trim();
    return d;
  }

  /** Applies a scenario's fault to a new delivery. */
  #disturb(it: Internal, f: DeliveryFault): void {
    const { d } = it;
    d.scenario = `${f.label} (${f.fault})`;
    if (f.fault === 'delayed') {
      it.schedule = it.schedule.map((t) => t + (f.ms ?? DEFAULT_FAULT_MS));
      d.nextAttemptAt = new Date(it.created + (it.schedule[0] ?? 0)).toISOString();
    } else if (f.fault === 'out_of_order') {
      it.holdUntil = it.created + (it.schedule[0] ?? 0) + (f.ms ?? DEFAULT_FAULT_MS);
    } else if (f.fault === 'dropped') {
      it.drops = f.attempts ?? 1;
    } else {
      const copy: Delivery = { ...d, id: this.#newId(), headers: { ...d.headers }, attempts: [] };
      this.#items.set(copy.id, { d: copy, created: it.created, schedule: [...it.schedule], step: 0, seq: ++this.#enqueued });
    }
  }

  /**
   * Sends a recorded delivery again, as a new delivery (same URL, headers and body) with one attempt due
   * now; a push that repeats until acknowledged is replayed once, until a 2xx. Undefined for an unknown id.
   */
  replay(id: string): Delivery | undefined {
    const d = this.#items.get(id)?.d;
    if (!d) return undefined;
    return this.enqueue({
      service: d.service, tenant: d.tenant, kind: d.kind, url: d.url, method: d.method, headers: { ...d.headers }, body: d.body,
      schedule: [0], until: d.until === 'cancelled' ? '2xx' : d.until, replayOf: d.id,
    });
  }

  /** Stops pending deliveries with this key (e.g. the push of an acknowledged order). */
  cancel(service: string, tenant: string, key: string): number {
    let n = 0;
    for (const { d } of this.#items.values()) {
      if (d.service === service && d.tenant === tenant && d.key === key && d.state === 'pending') {
        d.state = d.attempts.some((a) => succeeded(d, a.status)) ? 'delivered' : 'cancelled';
        d.nextAttemptAt = null;
        n++;
      }
    }
    return n;
  }

  /** Whether any attempt is due on its tenant's clock. */
  hasDue(): boolean {
    for (const it of this.#items.values()) if (this.#isDue(it)) return true;
    return false;
  }

  /** Runs every attempt that is due now, in parallel; resolves when all have finished. */
  async runDue(): Promise<number> {
    const due = [...this.#items.values()].filter((it) => this.#isDue(it));
    await Promise.all(due.map((it) => this.#attempt(it)));
    return due.length;
  }

  list(filter: { service?: string | undefined; tenant?: string | undefined; kind?: string | undefined } = {}): Delivery[] {
    return [...this.#items.values()]
      .map((it) => it.d)
      .filter((d) => (!filter.service || d.service === filter.service) && (!filter.tenant || d.tenant === filter.tenant) && (!filter.kind || d.kind === filter.kind))
      .reverse();
  }

  get(id: string): Delivery | undefined {
    return this.#items.get(id)?.d;
  }

  /** Forgets deliveries of a scope (reset). */
  clear(scope: { service?: string | undefined; tenant?: string | undefined } = {}): void {
    for (const [id, { d }] of this.#items) {
      if (scope.service && d.service !== scope.service) continue;
      if (scope.tenant && d.tenant !== scope.tenant) continue;
      this.#items.delete(id);
    }
  }

  #isDue(it: Internal): boolean {
    const { d } = it;
    if (d.state !== 'pending' || d.nextAttemptAt === null) return false;
    const now = this.#clock.now(d.service, d.tenant);
    if (it.holdUntil !== undefined) {
      if (now < it.holdUntil && !this.#overtaken(it)) return false;
      it.holdUntil = undefined;
      const shift = Math.max(0, now - (it.created + (it.schedule[it.step] ?? 0)));
      it.schedule = it.schedule.map((t) => t + shift);
    }
    return it.created + (it.schedule[it.step] ?? Infinity) <= now;
  }

  /** Whether a later delivery of the same service and tenant has been attempted (or landed in the inbox). */
  #overtaken(it: Internal): boolean {
    for (const other of this.#items.values()) {
      if (other.seq > it.seq && other.d.service === it.d.service && other.d.tenant === it.d.tenant && (other.d.attempts.length > 0 || other.d.state === 'inbox')) return true;
    }
    return false;
  }

  /** Runs the due attempts of one delivery in schedule order, each stamped with its scheduled time. */
  async #attempt(it: Internal): Promise<void> {
    while (this.#isDue(it)) await this.#attemptOnce(it);
  }

  async #attemptOnce(it: Internal): Promise<void> {
    const { d } = it;
    if (!d.url) return;
    const at = it.created + (it.schedule[it.step] ?? 0);
    it.step++;
    d.nextAttemptAt = null;
    const started = performance.now();
    const attempt: Attempt = { at: new Date(at).toISOString(), url: d.url, status: null, error: null, durationMs: 0 };
    if (it.drops) {
      it.drops--;
      attempt.error = `dropped on the way by scenario ${d.scenario ?? ''}: never reached the receiver`;
    } else {
      try {
        attempt.status = await this.#send(d.url, { method: d.method, headers: { 'content-type': 'application/json', ...d.headers }, body: d.body });
      } catch (e) {
        attempt.error = describeError(e);
      }
    }
    attempt.durationMs = Math.round(performance.now() - started);
    d.attempts.push(attempt);
    this.#settleAttempt(it);
    if (!succeeded(d, attempt.status)) this.#onFailedAttempt?.(d, attempt);
  }

  /** The delivery's state after its latest attempt: delivered, failed, or its next attempt. */
  #settleAttempt(it: Internal): void {
    const { d } = it;
    if (d.state !== 'pending') return; // cancelled while in flight
    if (succeeded(d, d.attempts[d.attempts.length - 1]!.status) && d.until !== 'cancelled') {
      d.state = 'delivered';
      return;
    }
    const next = it.schedule[it.step];
    if (next === undefined) {
      d.state = d.attempts.some((a) => succeeded(d, a.status)) ? 'delivered' : 'failed';
      return;
    }
    d.nextAttemptAt = new Date(it.created + next).toISOString();
  }

  #trim(): void {
    if (this.#items.size <= this.#historyLimit) return;
    for (const [id, { d }] of this.#items) {
      if (this.#items.size <= this.#historyLimit) break;
      if (d.state !== 'pending') this.#items.delete(id);
    }
  }
}
