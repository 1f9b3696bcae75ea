import { DueIndex } from '../../core/due-index.js';
import { own, setOwn } from '../../core/own.js';
import { commitOrUndo, type TenantDoc } from '../../core/store.js';
import type { ServiceContext } from '../../http/service-module.js';
import { nextDueAt, settle } from './kitchen.js';
import type { OktoOrder } from './model.js';

/**
 * OktoPOS's tenant documents: one per till (API key) — its orders by internalId, the index by the
 * sender's orderId, the next internalId and the kitchen's preparation time. Reads settle what the
 * kitchen did meanwhile; writes resolve once durable and are undone when they could not be made so.
 *
 * @example
 * const order = await repo.create(tenant, 'app-42', (internalId, now) => createOrder(req, { internalId, now, prepMs }));
 */
export interface OktoDoc {
  orders: Record<string, OktoOrder>;
  /** sender orderId → internalId */
  bySender: Record<string, number>;
  nextInternalId: number;
  preparationMinutes: number;
}

export class OktoRepo {
  readonly #ctx: ServiceContext;
  readonly #seed: (tenant: string) => OktoDoc;
  readonly #due = new DueIndex();

  constructor(ctx: ServiceContext, seed: (tenant: string) => OktoDoc) {
    this.#ctx = ctx;
    this.#seed = seed;
  }

  now(tenant: string): number {
    return this.#ctx.clock.now('oktopos', tenant);
  }

  async doc(tenant: string): Promise<TenantDoc<OktoDoc>> {
    const doc = await this.#ctx.store.open('oktopos', tenant, () => this.#seed(tenant));
    if (!this.#due.known(tenant)) this.#recomputeDue(doc);
    return doc;
  }

  async get(tenant: string, internalId: number): Promise<OktoOrder | undefined> {
    const doc = await this.doc(tenant);
    const order = own(doc.data.orders, String(internalId));
    if (!order) return undefined;
    const settled = this.#settleOne(doc, order);
    if (settled !== order) await doc.commit();
    return settled;
  }

  async bySender(tenant: string, orderId: string): Promise<OktoOrder | undefined> {
    const id = own((await this.doc(tenant)).data.bySender, orderId);
    return id === undefined ? undefined : this.get(tenant, id);
  }

  /** Every order as of now, oldest first. */
  async list(tenant: string): Promise<OktoOrder[]> {
    const doc = await this.doc(tenant);
    let changed = false;
    const orders = Object.values(doc.data.orders).map((o) => {
      const s = this.#settleOne(doc, o);
      changed ||= s !== o;
      return s;
    });
    if (changed) await doc.commit();
    return orders.sort((a, b) => a.internalId - b.internalId);
  }

  /** Stores a new order, or returns the existing internalId for a taken sender orderId (no await between check and insert). */
  async create(tenant: string, orderId: string, build: (internalId: number, now: number, prepMs: number) => OktoOrder): Promise<{ created: OktoOrder } | { existing: number }> {
    const doc = await this.doc(tenant);
    const existing = own(doc.data.bySender, orderId);
    if (existing !== undefined) return { existing };
    const internalId = doc.data.nextInternalId;
    const order = build(internalId, this.now(tenant), doc.data.preparationMinutes * 60_000);
    this.#put(doc, order);
    setOwn(doc.data.bySender, orderId, internalId);
    doc.data.nextInternalId = internalId + 1;
    await commitOrUndo(doc, () => {
      delete doc.data.orders[String(internalId)];
      delete doc.data.bySender[orderId];
      if (doc.data.nextInternalId === internalId + 1) doc.data.nextInternalId = internalId;
    });
    return { created: order };
  }

  /** Applies `fn` to the settled order and stores the result; undefined when there is no such order. */
  async mutate(tenant: string, internalId: number, fn: (order: OktoOrder, now: number) => OktoOrder): Promise<OktoOrder | undefined> {
    const doc = await this.doc(tenant);
    const key = String(internalId);
    const current = own(doc.data.orders, key);
    if (!current) return undefined;
    const settled = this.#settleOne(doc, current);
    const next = fn(settled, this.now(tenant));
    this.#put(doc, next);
    await commitOrUndo(doc, () => {
      if (doc.data.orders[key] === next) doc.data.orders[key] = settled;
    });
    return next;
  }

  async setPreparationMinutes(tenant: string, minutes: number): Promise<void> {
    const doc = await this.doc(tenant);
    const before = doc.data.preparationMinutes;
    doc.data.preparationMinutes = minutes;
    await commitOrUndo(doc, () => (doc.data.preparationMinutes = before));
  }

  async tick(): Promise<void> {
    await this.#due.sweep((await this.#ctx.store.openDocs('oktopos')) as TenantDoc<OktoDoc>[], {
      now: (t) => this.now(t),
      records: (doc) => Object.values(doc.data.orders),
      settle: (doc, order) => this.#settleOne(doc, order),
      dueAt: nextDueAt,
    });
  }

  forget(tenant?: string): void {
    this.#due.forget(tenant);
  }

  #settleOne(doc: TenantDoc<OktoDoc>, order: OktoOrder): OktoOrder {
    const next = settle(order, this.now(doc.tenant));
    if (next !== order) doc.data.orders[String(next.internalId)] = next;
    return next;
  }

  #put(doc: TenantDoc<OktoDoc>, order: OktoOrder): void {
    doc.data.orders[String(order.internalId)] = order;
    this.#due.note(doc.tenant, nextDueAt(order));
  }

  #recomputeDue(doc: TenantDoc<OktoDoc>): void {
    this.#due.recompute(doc.tenant, Object.values(doc.data.orders).map(nextDueAt));
  }
}
