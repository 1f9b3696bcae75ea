import type { DeliveryRecord } from '../delivery.js';
import { DueIndex } from '../due-index.js';
import { own } from '../own.js';
import type { TenantDoc } from '../store.js';
import type { StateContext, TenantStateConfig } from './contract.js';
import { freezeRecords } from './freeze.js';
import { IdempotencyRecords } from './idempotency-records.js';
import type { RequestScope, Remembered } from './request-scope.js';
import { OUTBOX, Unit, type CollectionKey, type RecordOf, type UnitHooks } from './unit.js';

export type { DueBook, StateContext, TenantStateConfig } from './contract.js';

/**
 * The state layer: one service's tenant documents, configured by what its records are and how time
 * changes them. Every repository is a configuration of it, not a copy of its shape.
 *
 * - **load**: `doc(tenant)` opens (or seeds) the tenant's document in the store.
 * - **read**: `get(tenant, key)` gives a record settled as of now: at once, without a promise, when the
 *   document is open and nothing of it is due; otherwise after settling (and committing) what fell due.
 * - **unit of work**: `unit(tenant, fn)` runs `fn` against the document with no await inside, so
 *   concurrent requests see each other's effects (no over-capture); its changes are committed as one
 *   (the promise resolves once durable) or, if `fn` throws or the commit fails, undone as one. Webhooks
 *   it enqueues are sent only after its commit (a transactional outbox).
 * - **due times**: every stored record's `dueAt` feeds a per-tenant due index, so the clock's tick
 *   (`tick`) settles only tenants with something due.
 * - **idempotency records** live in the tenant's document (`_idempotency`), written in the same commit
 *   as the change whose answer they keep (`remembered`, `finish`; see request-scope.ts).
 *
 * @example
 * const orders = new TenantState(ctx, { service: 'oktopos', seed, collection: 'orders', settle: (o, u) => settle(o, u.now), dueAt: nextDueAt });
 * const next = await orders.unit(tenant, (u) => { const o = u.record('7'); … u.put('orders', '7', changed); return changed; });
 */
export class TenantState<D extends object, K extends CollectionKey<D>> {
  readonly #ctx: StateContext;
  readonly #cfg: TenantStateConfig<D, K>;
  readonly #due = new DueIndex();
  readonly #remembered: IdempotencyRecords;
  /** Units under way per tenant: a tenant with one is not evicted. */
  readonly #pins = new Map<string, number>();
  /** The generation of each tenant's document its indexes were built from (a shared document's data is replaced when another replica wrote). */
  readonly #generation = new Map<string, number>();

  constructor(ctx: StateContext, cfg: TenantStateConfig<D, K>) {
    this.#ctx = ctx;
    this.#cfg = cfg;
    this.#remembered = new IdempotencyRecords(ctx.maxRemembered);
    ctx.states?.set(cfg.service, this as unknown as TenantState<never, never>);
  }

  get service(): string {
    return this.#cfg.service;
  }

  /** The tenant's time. */
  now(tenant: string): number {
    return this.#ctx.clock.now(this.#cfg.service, tenant);
  }

  /** The tenant's document, loaded (or seeded) on first use. Read it; change it only in a {@link unit}. */
  async doc(tenant: string): Promise<TenantDoc<Readonly<D>>> {
    const doc = await this.#ctx.store.open(this.#cfg.service, tenant, () => this.#seed(tenant));
    if (!this.#due.known(tenant) || this.#generation.get(tenant) !== doc.generation) this.#loaded(doc as TenantDoc<D>);
    return doc;
  }

  /** The tenant's data as it stands (nothing settled). */
  async read(tenant: string): Promise<Readonly<D>> {
    return (await this.doc(tenant)).data;
  }

  /**
   * A record as of now (settled), or undefined. Without a promise when that needs no waiting (the
   * common read: the tenant's document is open and nothing of it falls due before now).
   */
  get(tenant: string, key: string, scope?: RequestScope): RecordOf<D, K> | undefined | Promise<RecordOf<D, K> | undefined> {
    const doc = this.#ctx.store.loaded<D>(this.#cfg.service, tenant);
    if (!doc || !this.#due.known(tenant)) return this.#getSettled(tenant, key, scope);
    const record = own(doc.data[this.#cfg.collection] as Record<string, RecordOf<D, K>>, key);
    if (record === undefined || !this.#due.isDue(tenant, this.now(tenant))) return record;
    return this.#getSettled(tenant, key, scope);
  }

  /** `scope`: the request's, when it has one (settling is a unit of work, and on shared storage the scope has the tenant). */
  async #getSettled(tenant: string, key: string, scope: RequestScope | undefined): Promise<RecordOf<D, K> | undefined> {
    const doc = await this.doc(tenant);
    const record = own(doc.data[this.#cfg.collection] as Record<string, RecordOf<D, K>>, key);
    if (record === undefined || !this.#due.isDue(tenant, this.now(tenant))) return record;
    return this.unit(tenant, (u) => u.record(key), scope);
  }

  /** Every record of the collection as of now (what fell due settled and committed first). */
  async all(tenant: string): Promise<RecordOf<D, K>[]> {
    const doc = await this.doc(tenant);
    if (this.#due.isDue(tenant, this.now(tenant))) await this.#settleAll(doc as TenantDoc<D>);
    return Object.values(doc.data[this.#cfg.collection] as Record<string, RecordOf<D, K>>);
  }

  /**
   * Runs `fn` as one unit of work on the tenant's document: committed as one (resolves once durable),
   * or undone as one when `fn` throws (its error is rethrown) or the commit fails. Given the request's
   * scope (an idempotent request: see RequestScope), the unit commits with the request's answer instead.
   */
  async unit<T>(tenant: string, fn: (u: Unit<D, RecordOf<D, K>>) => T, scope?: RequestScope): Promise<T> {
    this.#pins.set(tenant, (this.#pins.get(tenant) ?? 0) + 1);
    try {
      const doc = (await this.doc(tenant)) as TenantDoc<D>;
      return await this.#run(doc, fn, scope);
    } finally {
      const n = (this.#pins.get(tenant) ?? 1) - 1;
      if (n > 0) this.#pins.set(tenant, n);
      else this.#pins.delete(tenant);
    }
  }

  /**
   * Takes the tenant out of memory (Store.evict) unless something is under way on it (a unit, an
   * attempt, a write) or, with `unlessDueWithinMs`, falls due that soon; its next use loads it again, identical. What falls due meanwhile is in the store's
   * due moments, so the tick brings it back in time.
   */
  async evict(tenant: string, opts: { unlessDueWithinMs?: number } = {}): Promise<boolean> {
    const service = this.#cfg.service;
    if (this.#pins.has(tenant) || this.#ctx.outbox.busy(service, tenant)) return false;
    const next = this.#nextDue(tenant);
    // Idle is not idle when work falls due soon (a POS about to answer): it would only be loaded again.
    if (opts.unlessDueWithinMs !== undefined && next !== null && next - this.now(tenant) < opts.unlessDueWithinMs) return false;
    const closing = this.#ctx.store.evict(service, tenant);
    if (!closing) return false;
    this.#ctx.dues?.settle(service, tenant, next);
    this.#due.forget(tenant);
    this.#remembered.forget(tenant);
    this.#ctx.outbox.drop(service, tenant);
    await closing;
    return true;
  }

  async #run<T>(doc: TenantDoc<D>, fn: (u: Unit<D, RecordOf<D, K>>) => T, scope: RequestScope | undefined): Promise<T> {
    if (!doc.shared) return this.#apply(doc, fn, scope);
    // Shared with other replicas: the tenant is taken first (its data brought up to date), by the
    // request's scope when there is one (let go when the scope ends), else by this unit alone.
    const owner = scope?.open && scope.service === this.#cfg.service && scope.tenant === doc.tenant ? scope : {};
    if (owner === scope) scope.take(doc as TenantDoc<object>);
    if (await doc.begin(owner)) this.#loaded(doc);
    try {
      return await this.#apply(doc, fn, scope);
    } finally {
      if (owner !== scope) doc.end(owner);
    }
  }

  async #apply<T>(doc: TenantDoc<D>, fn: (u: Unit<D, RecordOf<D, K>>) => T, scope: RequestScope | undefined): Promise<T> {
    const u = new Unit<D, RecordOf<D, K>>(doc, this.now(doc.tenant), this.#hooks(doc.tenant));
    let result: T;
    try {
      result = fn(u);
    } catch (e) {
      u.undo();
      throw e;
    }
    if (!u.changed) {
      u.publish(this.#ctx.outbox);
      return result;
    }
    // In a request scope the unit commits with the request's answer; the scope holds the document's writes.
    const joined = scope?.service === this.#cfg.service && scope.tenant === doc.tenant && scope.adopt(doc as TenantDoc<object>, u as unknown as Unit<object, unknown>);
    // Work this unit makes due earlier goes into the due book first (write-ahead: after a crash the tick
    // must know the tenant has work). Meanwhile no other commit may carry this unit's changes to disk.
    const low = u.lowestDue;
    const ahead = low === null ? undefined : this.#ctx.dues?.lower(this.#cfg.service, doc.tenant, low);
    if (ahead) {
      const release = joined ? () => undefined : doc.hold();
      try {
        await ahead;
      } catch (e) {
        u.undo(); // in a scope too: the request fails, and the scope's undo finds nothing left of it
        throw e;
      } finally {
        release();
      }
    }
    if (joined) return result;
    try {
      await doc.commit();
    } catch (e) {
      u.undo();
      throw e;
    }
    u.committed();
    u.publish(this.#ctx.outbox);
    if (doc.shared) await doc.seen(); // answered once every replica has taken it in (read-your-writes)
    return result;
  }

  /**
   * Opens a request scope on the tenant. On a shared document the tenant is taken for the whole request
   * (let go by `scope.end()`), so its idempotency key is looked up, and its answer kept, with no other
   * replica's request on that tenant in between: racing retries on different replicas run once.
   */
  async enter(scope: RequestScope): Promise<void> {
    const doc = (await this.doc(scope.tenant)) as TenantDoc<D>;
    if (!doc.shared) return;
    scope.take(doc as TenantDoc<object>);
    if (await doc.begin(scope, { holds: 'long' })) this.#loaded(doc);
  }

  /** The first answer kept for an idempotency key, unless it has expired (tenant time). */
  async remembered(tenant: string, key: string): Promise<Remembered | undefined> {
    return this.#remembered.find((await this.doc(tenant)).data, key, this.now(tenant));
  }

  /**
   * Ends a request scope: its units and (unless null) the idempotency record of its answer are committed
   * in one write, then their webhooks go out; when that write fails, all of it is taken back and the
   * error rethrown. `undo: true` takes the units back without writing (the request failed).
   */
  async finish(scope: RequestScope, remember: { key: string; record: Remembered } | null, opts: { undo?: boolean } = {}): Promise<void> {
    try {
      await this.#finish(scope, remember, opts);
    } finally {
      scope.end(); // a tenant the scope took (shared storage) is let go
    }
  }

  async #finish(scope: RequestScope, remember: { key: string; record: Remembered } | null, opts: { undo?: boolean }): Promise<void> {
    if (opts.undo) {
      scope.undo();
      scope.release();
      return;
    }
    let doc = scope.doc as TenantDoc<D> | null;
    let kept: Unit<D, RecordOf<D, K>> | null = null;
    if (remember) {
      doc ??= (await this.doc(scope.tenant)) as TenantDoc<D>;
      kept = new Unit<D, RecordOf<D, K>>(doc, this.now(scope.tenant), this.#hooks(scope.tenant));
      this.#remembered.put(kept as Unit<D, unknown>, remember.key, remember.record);
    }
    scope.release();
    if (!doc) return;
    try {
      await doc.commit();
    } catch (e) {
      kept?.undo();
      scope.undo();
      this.#remembered.forget(scope.tenant);
      throw e;
    }
    kept?.committed();
    scope.committed();
    scope.publish(this.#ctx.outbox);
    if (doc.shared) await doc.seen();
  }

  /** Replaces a tenant's data (or every known tenant's, those on disk too) with a fresh seed, and waits until that is durable. */
  async reset(tenant?: string): Promise<void> {
    const tenants = tenant ? [tenant] : await this.#ctx.store.tenants(this.#cfg.service);
    for (const t of tenants) {
      const doc = (await this.#ctx.store.open(this.#cfg.service, t, () => this.#seed(t))) as TenantDoc<D>;
      const owner = {};
      if (doc.shared) await doc.begin(owner);
      try {
        await doc.replace(this.#seed(t));
      } finally {
        if (doc.shared) doc.end(owner);
      }
      if (doc.shared) await doc.seen();
      this.#remembered.forget(t);
      this.#due.forget(t);
      this.#loaded(doc);
    }
  }

  /**
   * The clock's tick: tenants not in memory with something due (kept in the store) are loaded, so their
   * deliveries and records come back; every open tenant with something due has its records settled.
   * (A tenant in memory is due by its in-memory index; its kept moment is set exactly when it leaves.)
   */
  async tick(): Promise<void> {
    const service = this.#cfg.service;
    for (const [tenant, at] of this.#ctx.dues?.of(service) ?? []) {
      if (at <= this.now(tenant) && !this.#ctx.store.current(service, tenant)) await this.doc(tenant);
    }
    for (const doc of (await this.#ctx.store.openDocs(service)) as TenantDoc<D>[]) {
      if (this.#ctx.store.current(service, doc.tenant) !== doc) continue; // evicted meanwhile (and maybe loaded again)
      if (doc.stale) await this.doc(doc.tenant); // another replica wrote: its records, deliveries and due times taken in
      if (this.#due.isDue(doc.tenant, this.now(doc.tenant))) await this.#settleAll(doc);
    }
  }

  /** The tenant's next due moment: its records' and its deliveries'. */
  #nextDue(tenant: string): number | null {
    const a = this.#due.next(tenant);
    const b = this.#ctx.outbox.dueAt(this.#cfg.service, tenant);
    return a === null ? b : b === null ? a : Math.min(a, b);
  }

  /** Keeps every tenant in memory's exact due moment (a clean stop: the next start loads only tenants with work due). */
  keepDues(): void {
    for (const { service, tenant } of this.#ctx.store.resident()) if (service === this.#cfg.service) this.#ctx.dues?.settle(service, tenant, this.#nextDue(tenant));
  }

  async #settleAll(doc: TenantDoc<D>): Promise<void> {
    await this.#run(doc, (u) => {
      for (const key of Object.keys(doc.data[this.#cfg.collection] as object)) u.record(key);
    }, undefined);
    this.#recompute(doc);
  }

  #hooks(tenant: string): UnitHooks<RecordOf<D, K>> {
    return {
      collection: this.#cfg.collection,
      settle: (r, u) => this.#cfg.settle(r, u as unknown as Unit<D, RecordOf<D, K>>),
      stored: (r) => this.#due.note(tenant, this.#cfg.dueAt(r)),
      dueAt: (r) => this.#cfg.dueAt(r),
      freeze: this.#ctx.freezeRecords ?? false,
      outbox: this.#ctx.outbox,
    };
  }

  #seed(tenant: string): D {
    return this.#cfg.seed(tenant); // frozen (under test) once loaded, like any document
  }

  /** A document just opened: its due time computed, its deliveries handed to the outbox, and (under test) its records frozen. */
  #loaded(doc: TenantDoc<D>): void {
    this.#generation.set(doc.tenant, doc.generation);
    this.#remembered.forget(doc.tenant);
    if (this.#ctx.freezeRecords) freezeRecords(doc.data);
    this.#recompute(doc);
    const deliveries = own(doc.data as Record<string, unknown>, OUTBOX) as Record<string, DeliveryRecord> | undefined;
    this.#ctx.outbox.drop(this.#cfg.service, doc.tenant);
    if (deliveries) this.#ctx.outbox.load(this.#cfg.service, doc.tenant, Object.values(deliveries));
  }

  #recompute(doc: TenantDoc<D>): void {
    const dueAt = this.#cfg.dueAt;
    this.#due.recompute(doc.tenant, Object.values(doc.data[this.#cfg.collection] as Record<string, RecordOf<D, K>>).map((r) => dueAt(r)));
  }
}
