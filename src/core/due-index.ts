import type { TenantDoc } from './store.js';

/**
 * Per tenant, the earliest moment something in its document changes by itself (in that tenant's
 * time), so a clock tick only looks at tenants with something due. Services feed it the due time of
 * every record they store, and recompute a tenant after settling it.
 *
 * @example
 * const due = new DueIndex();
 * due.recompute('t', [null, 5000, 3000]); // 3000
 * due.note('t', 1000);                    // earlier: now 1000
 * due.isDue('t', 999);                    // false
 */
export class DueIndex {
  readonly #next = new Map<string, number>();

  /** Whether the tenant was computed since it was opened or forgotten. */
  known(tenant: string): boolean {
    return this.#next.has(tenant);
  }

  /** A record was stored that falls due at `at` (null: never). */
  note(tenant: string, at: number | null): void {
    if (at !== null && at < (this.#next.get(tenant) ?? Infinity)) this.#next.set(tenant, at);
  }

  /** Sets the tenant's next due time to the earliest of `dues`. */
  recompute(tenant: string, dues: Iterable<number | null>): void {
    let min = Infinity;
    for (const t of dues) if (t !== null && t < min) min = t;
    this.#next.set(tenant, min);
  }

  isDue(tenant: string, now: number): boolean {
    const due = this.#next.get(tenant);
    return due !== undefined && due <= now;
  }

  /**
   * A clock tick over open documents: each tenant with something due has every record settled
   * (`settle` returns the record, or a new one when it changed), its due time recomputed, and the
   * document committed when anything changed.
   */
  async sweep<D, R>(docs: TenantDoc<D>[], p: { now: (tenant: string) => number; records: (doc: TenantDoc<D>) => R[]; settle: (doc: TenantDoc<D>, record: R) => R; dueAt: (record: R) => number | null }): Promise<void> {
    for (const doc of docs) {
      if (!this.isDue(doc.tenant, p.now(doc.tenant))) continue;
      let changed = false;
      for (const r of p.records(doc)) changed = p.settle(doc, r) !== r || changed;
      this.recompute(doc.tenant, p.records(doc).map(p.dueAt));
      if (changed) await doc.commit();
    }
  }

  forget(tenant?: string): void {
    if (tenant) this.#next.delete(tenant);
    else this.#next.clear();
  }
}
