import type { Clock } from './clock.js';
import { DeliveryBook } from './delivery-book.js';
import { afterAttempt, claimedElsewhere, DEFAULT_RETRY_SCHEDULE, describeError, disturbed, released, stopped, succeeded, type Attempt, type Claimant, type Delivery, type DeliveryFault, type DeliveryRecord, type EnqueueInput } from './delivery.js';

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
 * Deliveries are state (a transactional outbox): a unit of work creates them (`create`) and stores them
 * in its tenant's document in the same commit as the change that caused them, then hands them over
 * (`adopt`); every later change (an attempt, a cancellation) is a new record, given to `persist.keep`
 * before the next attempt. The outbox holds the deliveries of tenants in memory (`load` when a tenant's
 * document opens, `drop` when it is evicted); records are never edited in place.
 *
 * @example
 * const outbox = new Outbox({ clock });
 * outbox.enqueue({ service: 'kustom', tenant: 't', kind: 'push', url: 'http://127.0.0.1:3000/push',
 *   body: '', schedule: [0, 60_000], until: '2xx' });
 * await outbox.runDue();
 */
export interface OutboxOptions {
  clock: Clock;
  send?: (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<number>;
  /** Deliveries kept per tenant; the oldest finished ones go first (pending ones are never dropped). */
  historyLimit?: number;
  timeoutMs?: number;
  newId?: () => string;
  /** Asked once per new delivery with a receiver URL: a scenario's fault for it, or null. */
  faults?: (d: Delivery) => DeliveryFault | null;
  /** Told of every attempt that did not succeed (the receiver refused, failed or could not be reached), for the log. */
  onFailedAttempt?: (d: Delivery, attempt: Attempt) => void;
  /** Where records go to be durable (the state layer): a record's new state, and records dropped from the history. */
  persist?: {
    keep(r: DeliveryRecord, fresh: boolean): Promise<void>;
    forget(service: string, tenant: string, ids: string[]): Promise<void>;
    /**
     * Replicas: claims the next attempt of `r` for this replica in its tenant's stored state, before it
     * is made; the claimed record, or (when another replica claimed it, attempted it, or it is gone) what
     * is stored, or null.
     */
    claim?(r: DeliveryRecord): Promise<{ claimed: DeliveryRecord } | { stored: DeliveryRecord | null }>;
  };
  /** Replicas: this one, and whether another's claim holds (see DeliveryRecord.claim). */
  claimant?: Claimant;
}

const tenantKey = (service: string, tenant: string) => `${service}\u0000${tenant}`;

/** A pending delivery as a unit found it, and as it stops it. */
export type Stop = readonly [before: DeliveryRecord, after: DeliveryRecord];

export class Outbox {
  readonly #clock: Clock;
  readonly #send: NonNullable<OutboxOptions['send']>;
  readonly #historyLimit: number;
  readonly #book = new DeliveryBook();
  readonly #newId: () => string;
  readonly #faults: OutboxOptions['faults'];
  readonly #onFailedAttempt: OutboxOptions['onFailedAttempt'];
  readonly #persist: OutboxOptions['persist'];
  readonly #claimant: Claimant | undefined;
  /** Deliveries whose stop a unit of work is committing: not attempted until it has. */
  readonly #stopping = new Set<string>();
  /** Attempts in flight per service and tenant. */
  readonly #inFlight = new Map<string, number>();
  /** Grows across restarts (microseconds of wall time at start, then +1), so ids and order stay unique. */
  #seq = Date.now() * 1000;

  constructor(opts: OutboxOptions) {
    this.#clock = opts.clock;
    const timeoutMs = opts.timeoutMs ?? 10_000;
    this.#send = opts.send ?? (async (url, init) => {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
      await res.arrayBuffer().catch(() => undefined);
      return res.status;
    });
    this.#historyLimit = opts.historyLimit ?? 200;
    this.#newId = opts.newId ?? (() => `wh_${this.#seq.toString(36)}`);
    this.#faults = opts.faults;
    this.#onFailedAttempt = opts.onFailedAttempt;
    this.#persist = opts.persist;
    this.#claimant = opts.claimant;
  }

  /** New delivery records for `input` (two when a scenario duplicates it), not yet handed over: see {@link adopt}. */
  create(input: EnqueueInput): DeliveryRecord[] {
    const created = input.at ?? this.#clock.now(input.service, input.tenant);
    const schedule = input.schedule ?? DEFAULT_RETRY_SCHEDULE;
    this.#seq++;
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
      state: input.url ? (schedule.length ? 'pending' : 'failed') : 'inbox',
      until: input.until ?? '2xx',
      nextAttemptAt: input.url && schedule.length ? new Date(created + (schedule[0] ?? 0)).toISOString() : null,
      attempts: [],
      ...(input.replayOf ? { replayOf: input.replayOf } : {}),
    };
    const r: DeliveryRecord = { d, created, schedule, step: 0, seq: this.#seq };
    const fault = d.state === 'pending' ? this.#faults?.(d) : null;
    if (!fault) return [r];
    return disturbed(r, fault, () => {
      this.#seq++;
      return { id: this.#newId(), seq: this.#seq };
    });
  }

  /** Takes over records a unit of work has committed (new ones, or new states of known ones). */
  adopt(records: readonly DeliveryRecord[]): void {
    const touched = new Map<string, DeliveryRecord>();
    for (const r of records) {
      this.#book.set(r);
      touched.set(tenantKey(r.d.service, r.d.tenant), r);
    }
    for (const { d } of touched.values()) this.#trim(d.service, d.tenant);
  }

  /** Creates, takes over and keeps a delivery outside any unit of work (tests, replays). */
  enqueue(input: EnqueueInput): Delivery {
    const records = this.create(input);
    this.adopt(records);
    for (const r of records) void this.#keep(r, true).catch(() => undefined);
    return records[0]!.d;
  }

  /** A tenant's document opened: its deliveries, as stored. */
  load(service: string, tenant: string, records: Iterable<DeliveryRecord>): void {
    for (const r of records) if (!this.#book.has(r.d.id)) this.#book.set(r);
    for (const r of this.#book.ofTenant(service, tenant)) this.#seq = Math.max(this.#seq, r.seq);
  }

  /** A tenant's document left memory: its deliveries go too (they are in the document). */
  drop(service: string, tenant: string): void {
    this.#book.drop(service, tenant);
  }

  /**
   * Sends a recorded delivery again, as a new delivery (same URL, headers and body) with one attempt due
   * now; a push that repeats until acknowledged is replayed once, until a 2xx. Undefined for an unknown id.
   */
  async replay(id: string): Promise<Delivery | undefined> {
    const d = this.#book.get(id)?.d;
    if (!d) return undefined;
    const records = this.create({
      service: d.service, tenant: d.tenant, kind: d.kind, url: d.url, method: d.method, headers: { ...d.headers }, body: d.body,
      schedule: [0], until: d.until === 'cancelled' ? '2xx' : d.until, replayOf: d.id,
    });
    this.adopt(records);
    await Promise.all(records.map((r) => this.#keep(r, true)));
    return records[0]!.d;
  }

  /** New states of the tenant's pending deliveries with this key, stopped (e.g. the push of an acknowledged order); not yet taken over. */
  cancelled(service: string, tenant: string, key: string): Stop[] {
    const out: Stop[] = [];
    for (const r of this.#book.ofTenant(service, tenant)) {
      if (r.d.key === key && r.d.state === 'pending') out.push([r, stopped(r)]);
    }
    return out;
  }

  /**
   * A unit's stops have committed: each takes effect as stored. One whose delivery changed meanwhile
   * (an attempt that was in flight landed) is stopped again from its new state, and that is kept.
   */
  stopsCommitted(stops: readonly Stop[]): void {
    for (const [before, after] of stops) {
      this.#stopping.delete(after.d.id);
      const current = this.#book.get(after.d.id);
      if (current === before) this.#book.set(after);
      else if (current?.d.state === 'pending') {
        const again = stopped(current);
        this.#book.set(again);
        void this.#keep(again).catch(() => undefined);
      }
    }
  }

  /** Stops the tenant's pending deliveries with this key, outside any unit of work; how many. */
  cancel(service: string, tenant: string, key: string): number {
    const stops = this.cancelled(service, tenant, key);
    for (const [, r] of stops) {
      this.#book.set(r);
      void this.#keep(r).catch(() => undefined);
    }
    return stops.length;
  }

  /** When the tenant's next attempt is due (tenant time), or null. */
  dueAt(service: string, tenant: string): number | null {
    return this.#book.nextDue(service, tenant);
  }


  stopping(ids: readonly string[], on: boolean): void {
    for (const id of ids) {
      if (on) this.#stopping.add(id);
      else this.#stopping.delete(id);
    }
  }

  busy(service: string, tenant: string): boolean {
    return (this.#inFlight.get(tenantKey(service, tenant)) ?? 0) > 0;
  }

  /** Runs every attempt that is due now, in parallel; resolves when all have finished (and are kept). */
  async runDue(): Promise<number> {
    const due = [...this.#book.all()].filter((r) => this.#isDue(r)).map((r) => r.d.id);
    await Promise.all(due.map((id) => this.#attempt(id)));
    return due.length;
  }

  /** Deliveries of tenants in memory, newest first. */
  list(filter: { service?: string | undefined; tenant?: string | undefined; kind?: string | undefined } = {}): Delivery[] {
    return this.#book.list(filter);
  }


  get(id: string): Delivery | undefined {
    return this.#book.get(id)?.d;
  }

  /** Forgets deliveries of a scope (reset). */
  clear(scope: { service?: string | undefined; tenant?: string | undefined } = {}): void {
    this.#book.clear(scope);
  }


  #keep(r: DeliveryRecord, fresh = false): Promise<void> {
    return this.#persist?.keep(r, fresh) ?? Promise.resolve();
  }

  #isDue(r: DeliveryRecord): boolean {
    const { d } = r;
    if (d.state !== 'pending' || d.nextAttemptAt === null || this.#stopping.has(d.id)) return false;
    if (this.#claimant && claimedElsewhere(r, this.#claimant)) return false; // another replica is making it
    const now = this.#clock.now(d.service, d.tenant);
    if (r.holdUntil !== undefined) {
      if (now < r.holdUntil && !this.#book.overtaken(r)) return false;
      r = released(r, now);
      this.#book.set(r);
      void this.#keep(r).catch(() => undefined);
    }
    return r.created + (r.schedule[r.step] ?? Infinity) <= now;
  }


  /** Runs the due attempts of one delivery in schedule order, each stamped with its scheduled time. */
  async #attempt(id: string): Promise<void> {
    const first = this.#book.get(id);
    if (!first) return;
    const k = tenantKey(first.d.service, first.d.tenant);
    this.#inFlight.set(k, (this.#inFlight.get(k) ?? 0) + 1);
    try {
      for (let r = this.#book.get(id); r && this.#isDue(r); r = this.#book.get(id)) await this.#attemptOnce(this.#book.get(id)!);
    } finally {
      const n = (this.#inFlight.get(k) ?? 1) - 1;
      if (n > 0) this.#inFlight.set(k, n);
      else this.#inFlight.delete(k);
    }
  }

  async #attemptOnce(found: DeliveryRecord): Promise<void> {
    if (!found.d.url) return;
    let r = found;
    if (this.#persist?.claim) {
      // Replicas: this attempt is made by the one replica that claims it in the stored state first.
      const got = await this.#persist.claim(r);
      if (!('claimed' in got)) {
        if (got.stored) this.#book.set(got.stored);
        else this.#book.delete(r);
        return;
      }
      r = got.claimed;
    }
    const { d } = r;
    if (!d.url) return;
    const at = r.created + (r.schedule[r.step] ?? 0);
    // The attempt is under way: its step is taken (a tick meanwhile does not start it again).
    this.#book.set({ ...r, step: r.step + 1, d: { ...d, nextAttemptAt: null } });
    const started = performance.now();
    const attempt: Attempt = { at: new Date(at).toISOString(), url: d.url, status: null, error: null, durationMs: 0 };
    let drops = r.drops;
    if (drops) {
      drops--;
      attempt.error = `dropped on the way by scenario ${d.scenario ?? ''}: never reached the receiver`;
    } else {
      try {
        attempt.status = await this.#send(d.url, { method: d.method, headers: { 'content-type': 'application/json', ...d.headers }, body: d.body });
      } catch (e) {
        attempt.error = describeError(e);
      }
    }
    attempt.durationMs = Math.round(performance.now() - started);
    const inBook = this.#book.get(d.id);
    if (!inBook) return; // reset meanwhile
    const { claim: _claim, ...current } = inBook; // the claim ends with the attempt
    const next = afterAttempt({ ...current, ...(drops === undefined ? {} : { drops }) }, attempt);
    this.#book.set(next);
    await this.#keep(next);
    if (!succeeded(d, attempt.status)) this.#onFailedAttempt?.(next.d, attempt);
  }

  /** Keeps at most the history limit per tenant: the oldest finished deliveries go (pending ones stay). */
  #trim(service: string, tenant: string): void {
    const gone = this.#book.trim(service, tenant, this.#historyLimit);
    if (gone.length) void this.#persist?.forget(service, tenant, gone).catch(() => undefined);
  }
}
