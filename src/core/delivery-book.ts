import type { DeliveryRecord } from './delivery.js';

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

  /** Forgets every delivery of a tenant. */
  drop(service: string, tenant: string): void {
    const k = tenantKey(service, tenant);
    for (const id of this.#byTenant.get(k) ?? []) this.#items.delete(id);
    this.#byTenant.delete(k);
  }
}
