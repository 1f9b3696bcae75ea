import { nextAttemptAt, type Delivery, type DeliveryRecord } from './delivery.js';

/**
 * The deliveries of the tenants in memory, by id and by tenant (in enqueue order), for the outbox. A
 * tenant's deliveries come and go together (its document loaded, evicted or reset).
 *
 * @example
 * const book = new DeliveryBook();
 * book.set(record);
 * book.ofTenant('kustom', 't'); // [record]
 */
const tenantKey = (service: string, tenant: string) => `${service}\u0000${tenant}`;

export class DeliveryBook {
  readonly #items = new Map<string, DeliveryRecord>();
  readonly #byTenant = new Map<string, Set<string>>();

  get(id: string): DeliveryRecord | undefined {
    return this.#items.get(id);
  }

  has(id: string): boolean {
    return this.#items.has(id);
  }

  all(): IterableIterator<DeliveryRecord> {
    return this.#items.values();
  }

  /** Stores a record (new, or a known one's new state). */
  set(r: DeliveryRecord): void {
    this.#items.set(r.d.id, r);
    const k = tenantKey(r.d.service, r.d.tenant);
    let ids = this.#byTenant.get(k);
    if (!ids) this.#byTenant.set(k, (ids = new Set()));
    ids.add(r.d.id);
  }

  /** A tenant's deliveries, oldest first. */
  *ofTenant(service: string, tenant: string): Generator<DeliveryRecord> {
    for (const id of this.#byTenant.get(tenantKey(service, tenant)) ?? []) yield this.#items.get(id)!;
  }

  /** How many deliveries the tenant has. */
  count(service: string, tenant: string): number {
    return this.#byTenant.get(tenantKey(service, tenant))?.size ?? 0;
  }

  delete(r: DeliveryRecord): void {
    this.#items.delete(r.d.id);
    const k = tenantKey(r.d.service, r.d.tenant);
    const ids = this.#byTenant.get(k);
    ids?.delete(r.d.id);
    if (ids?.size === 0) this.#byTenant.delete(k);
  }

  /** Deliveries matching the filter, newest first. */
  list(filter: { service?: string | undefined; tenant?: string | undefined; kind?: string | undefined } = {}): Delivery[] {
    return [...this.#items.values()]
      .filter(({ d }) => (!filter.service || d.service === filter.service) && (!filter.tenant || d.tenant === filter.tenant) && (!filter.kind || d.kind === filter.kind))
      .sort((a, b) => b.seq - a.seq)
      .map((r) => r.d);
  }

  /** Forgets the deliveries of a scope (everything when empty). */
  clear(scope: { service?: string | undefined; tenant?: string | undefined } = {}): void {
    for (const r of [...this.#items.values()]) {
      if (scope.service && r.d.service !== scope.service) continue;
      if (scope.tenant && r.d.tenant !== scope.tenant) continue;
      this.delete(r);
    }
  }

  /** When the tenant's next attempt is due (tenant time), or null. */
  nextDue(service: string, tenant: string): number | null {
    let min: number | null = null;
    for (const r of this.ofTenant(service, tenant)) {
      const t = nextAttemptAt(r);
      if (t !== null && (min === null || t < min)) min = t;
    }
    return min;
  }

  /** Whether a later delivery of the same service and tenant has been attempted (or landed in the inbox). */
  overtaken(r: DeliveryRecord): boolean {
    for (const other of this.ofTenant(r.d.service, r.d.tenant)) {
      if (other.seq > r.seq && (other.d.attempts.length > 0 || other.d.state === 'inbox')) return true;
    }
    return false;
  }

  /** Drops the tenant's oldest finished deliveries beyond `limit` (pending ones stay); their ids. */
  trim(service: string, tenant: string, limit: number): string[] {
    let over = this.count(service, tenant) - limit;
    const gone: string[] = [];
    for (const r of [...this.ofTenant(service, tenant)]) {
      if (over <= 0) break;
      if (r.d.state === 'pending') continue;
      this.delete(r);
      gone.push(r.d.id);
      over--;
    }
    return gone;
  }

  /** Forgets every delivery of a tenant. */
  drop(service: string, tenant: string): void {
    const k = tenantKey(service, tenant);
    for (const id of this.#byTenant.get(k) ?? []) this.#items.delete(id);
    this.#byTenant.delete(k);
  }
}
