import { own } from '../own.js';
import type { Remembered } from './request-scope.js';
import type { CollectionKey, Unit } from './unit.js';

/**
 * Idempotency records as tenant state: the `_idempotency` collection of a tenant's document, keyed by the
 * client's key, each the first answer and the tenant time it expires. Bounded per tenant: storing one
 * drops a few of the oldest that expired, and the oldest beyond the bound (keys arrive in time order, so
 * the oldest come first in the collection).
 *
 * @example
 * const records = new IdempotencyRecords(10_000);
 * records.put(unit, 'K1', { status: 201, headers: [], body: '', expiresAt: now + 86_400_000 });
 * records.find(doc.data, 'K1', now); // the record, until it expires
 */
export const IDEMPOTENCY = '_idempotency';
/** At most this many idempotency records per tenant (the oldest go first). */
export const MAX_REMEMBERED = 10_000;
/** Expired records dropped per record stored: enough to keep up, never a long scan. */
const DROP_PER_PUT = 8;

export class IdempotencyRecords {
  readonly #max: number;
  /** Records per tenant, once counted. */
  readonly #counts = new Map<string, number>();

  constructor(max = MAX_REMEMBERED) {
    this.#max = max;
  }

  /** The record kept for `key` in a tenant's data, unless it has expired by `now`. */
  find(data: object, key: string, now: number): Remembered | undefined {
    const kept = own(data as Record<string, unknown>, IDEMPOTENCY) as Record<string, Remembered> | undefined;
    const r = kept && own(kept, key);
    return r && r.expiresAt > now ? r : undefined;
  }

  /** Stores a record in the unit, dropping the oldest that expired (and the oldest beyond the bound). */
  put<D extends object>(u: Unit<D, unknown>, key: string, record: Remembered): void {
    const coll = IDEMPOTENCY as CollectionKey<D>;
    const kept = (own(u.data as Record<string, unknown>, IDEMPOTENCY) ?? {}) as Record<string, Remembered>;
    let count = this.#counts.get(u.tenant) ?? Object.keys(kept).length;
    let dropped = 0;
    for (const k in kept) {
      if (dropped >= DROP_PER_PUT || (kept[k]!.expiresAt > u.now && count < this.#max)) break;
      u.remove(coll, k);
      count--;
      dropped++;
    }
    // A key used again (after it expired) moves to the end: the collection stays oldest first.
    if (own(kept, key) === undefined) count++;
    else u.remove(coll, key);
    u.put(coll, key, record as never);
    this.#counts.set(u.tenant, count);
  }

  /** The tenant's records changed outside `put` (a reset, an undone write, an eviction): count them again when next needed. */
  forget(tenant: string): void {
    this.#counts.delete(tenant);
  }
}
