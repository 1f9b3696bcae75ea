import type { DeliveryRecord, EnqueueInput } from '../delivery.js';
import type { Stop } from '../outbox.js';
import { own, setOwn } from '../own.js';
import type { TenantDoc } from '../store.js';
import { deepFreeze } from './freeze.js';
import * as chain from './undo-chain.js';

/**
 * One request's unit of work on a tenant's document (see tenant-state.ts): what it reads, the records
 * it replaces, and the webhooks it sends, committed or undone as one.
 *
 * - Writes go through `put`/`remove`/`set`, which remember what each path held, so `undo` takes the
 *   whole unit back when its function refuses (throws) or its commit fails.
 * - Records are values: `put` stores the object it is given and (under test) freezes it, so code that
 *   edits a stored record in place throws instead of silently losing the edit on disk.
 * - Webhooks (`enqueue`) are stored in the document's `_outbox` in the same commit as the change that
 *   caused them, and handed to the outbox only once it has landed: a change that did not commit sends
 *   nothing, and one that did is sent even after a crash. Stopped deliveries (`cancel`) likewise.
 *
 * @example
 * await state.unit(tenant, (u) => {
 *   const order = u.record(id);               // settled as of u.now
 *   u.put('orders', id, { ...order, status: 'CAPTURED' });
 *   u.enqueue({ service: 'kustom', tenant, kind: 'notification', url, body: '{}' });
 * });
 */
/** A document's collections: the keys whose values are records by key. */
export type CollectionKey<D> = { [K in keyof D]: D[K] extends Record<string, unknown> ? K : never }[keyof D] & string;
/** The record type of a collection. */
export type RecordOf<D, K extends CollectionKey<D>> = D[K] extends Record<string, infer R> ? R : never;

/** The outbox as units see it (core/outbox.ts): records made in the unit, taken over after its commit. */
export interface Outgoing {
  create(input: EnqueueInput): DeliveryRecord[];
  cancelled(service: string, tenant: string, key: string): Stop[];
  adopt(records: readonly DeliveryRecord[]): void;
  /** Deliveries whose stop is on its way to disk: not attempted meanwhile (`on`), or again (`!on`, the unit was undone). */
  stopping(ids: readonly string[], on: boolean): void;
  /** The unit's stops have committed. */
  stopsCommitted(stops: readonly Stop[]): void;
  load(service: string, tenant: string, records: Iterable<DeliveryRecord>): void;
  drop(service: string, tenant: string): void;
  dueAt(service: string, tenant: string): number | null;
  /** Whether an attempt of the tenant's is in flight (its document stays in memory meanwhile). */
  busy(service: string, tenant: string): boolean;
}

/** The collection of a tenant's webhook deliveries in its document. */
export const OUTBOX = '_outbox';

export interface UnitHooks<R> {
  /** The collection of records that change by themselves, and how time changes one. */
  collection: string;
  settle(record: R, unit: Unit<never, R>): R;
  /** Told of every record stored in that collection (the due index). */
  stored(record: R): void;
  /** When a record of that collection next changes by itself. */
  dueAt(record: R): number | null;
  freeze: boolean;
  outbox: Outgoing;
}

export class Unit<D extends object, R = unknown> {
  readonly service: string;
  readonly tenant: string;
  /** The tenant's time when the unit began; every rule of the unit sees this one moment. */
  readonly now: number;
  readonly #doc: TenantDoc<D>;
  readonly #hooks: UnitHooks<R>;
  /** The unit's writes, oldest first (see undo-chain.ts). */
  readonly #writes: chain.Write[] = [];
  readonly #sends: DeliveryRecord[] = [];
  /** Deliveries this unit stops (held back from attempts until it ends). */
  readonly #stops: Stop[] = [];
  /** The earliest due time among the records this unit stored. */
  #lowest: number | null = null;

  constructor(doc: TenantDoc<D>, now: number, hooks: UnitHooks<R>) {
    this.service = doc.service;
    this.tenant = doc.tenant;
    this.now = now;
    this.#doc = doc;
    this.#hooks = hooks;
  }

  /** The document as it stands, for reading. */
  get data(): Readonly<D> {
    return this.#doc.data;
  }

  /** Whether the unit changed anything (and so needs a commit). */
  get changed(): boolean {
    return this.#writes.length > 0;
  }

  /** A record of the settling collection as of `now` (stored settled when time changed it), or undefined. */
  record(key: string): R | undefined {
    const coll = this.#collection(this.#hooks.collection);
    const current = own(coll, key) as R | undefined;
    if (current === undefined) return undefined;
    const next = this.#hooks.settle(current, this as unknown as Unit<never, R>);
    if (next !== current) this.put(this.#hooks.collection as CollectionKey<D>, key, next as never);
    return next;
  }

  /** Stores `value` under `key` of a collection, replacing what was there. */
  put<K extends CollectionKey<D>>(collection: K, key: string, value: RecordOf<D, K>): void {
    const coll = this.#collection(collection);
    const before = own(coll, key);
    if (this.#hooks.freeze) deepFreeze(value);
    setOwn(coll, key, value);
    if (collection === this.#hooks.collection) {
      this.#hooks.stored(value as R);
      const at = this.#hooks.dueAt(value as R);
      if (at !== null && (this.#lowest === null || at < this.#lowest)) this.#lowest = at;
    }
    this.#writes.push(chain.write(this.#doc, `${collection}\u0000${key}`, coll, key, value, before === undefined ? chain.ABSENT : before));
  }

  /** Removes `key` from a collection. */
  remove<K extends CollectionKey<D>>(collection: K, key: string): void {
    const coll = this.#collection(collection);
    const before = own(coll, key);
    if (before === undefined) return;
    delete coll[key];
    this.#writes.push(chain.write(this.#doc, `${collection}\u0000${key}`, coll, key, chain.ABSENT, before));
  }

  /** Sets a top-level field of the document (a counter, a setting). */
  set<K extends keyof D & string>(field: K, value: D[K]): void {
    const data = this.#doc.data as Record<string, unknown>;
    const before = data[field];
    if (this.#hooks.freeze) deepFreeze(value);
    data[field] = value;
    this.#writes.push(chain.write(this.#doc, `\u0000${field}`, data, field, value, before === undefined ? chain.ABSENT : before));
  }

  /** A webhook to send once the unit has committed: stored with the unit's changes. */
  enqueue(input: EnqueueInput): void {
    for (const r of this.#hooks.outbox.create(input)) {
      this.put(OUTBOX as CollectionKey<D>, r.d.id, r as never);
      this.#sends.push(r);
    }
  }

  /** Stops this tenant's pending deliveries with `key`, in the unit's commit. */
  cancel(key: string): void {
    const stops = this.#hooks.outbox.cancelled(this.service, this.tenant, key);
    for (const [, r] of stops) this.put(OUTBOX as CollectionKey<D>, r.d.id, r as never);
    this.#hooks.outbox.stopping(stops.map(([, r]) => r.d.id), true); // no attempt between this change and its commit (an acknowledged order's push)
    this.#stops.push(...stops);
  }

  /** The earliest moment something this unit stored falls due (a record's change, a delivery's attempt), or null. */
  get lowestDue(): number | null {
    let min = this.#lowest;
    for (const r of this.#sends) {
      const t = r.d.state === 'pending' ? r.created + (r.schedule[0] ?? 0) : null;
      if (t !== null && (min === null || t < min)) min = t;
    }
    return min;
  }

  /** Takes every change of the unit back, newest first (in any order with the other units of its commit). */
  undo(): void {
    for (let i = this.#writes.length - 1; i >= 0; i--) chain.undo(this.#doc, this.#writes[i]!);
    this.#writes.length = 0;
    this.#sends.length = 0;
    this.#hooks.outbox.stopping(this.#stops.splice(0).map(([, r]) => r.d.id), false);
  }

  /** The unit's commit landed: its writes leave the undo chains. */
  committed(): void {
    for (const w of this.#writes) chain.committed(this.#doc, w);
  }

  /** After the commit: hands the new deliveries and cancellations over to the outbox. */
  publish(out: Outgoing): void {
    if (this.#stops.length) out.stopsCommitted(this.#stops.splice(0));
    if (this.#sends.length) out.adopt(this.#sends);
  }

  #collection(name: string): Record<string, unknown> {
    const data = this.#doc.data as Record<string, unknown>;
    let coll = own(data, name) as Record<string, unknown> | undefined;
    if (coll === undefined) {
      data[name] = {};
      coll = data[name] as Record<string, unknown>;
    }
    return coll;
  }
}
