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

  /** The tenant's next due time, or null (none, or not computed). */
  next(tenant: string): number | null {
    const t = this.#next.get(tenant);
    return t === undefined || t === Infinity ? null : t;
  }

  isDue(tenant: string, now: number): boolean {
    const due = this.#next.get(tenant);
    return due !== undefined && due <= now;
  }

  forget(tenant?: string): void {
    if (tenant) this.#next.delete(tenant);
    else this.#next.clear();
  }
}
