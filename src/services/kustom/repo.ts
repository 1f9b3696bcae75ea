import type { ServiceContext } from '../../http/service-module.js';
import { own } from '../../core/own.js';
import { commitOrUndo, type TenantDoc } from '../../core/store.js';
import { DueIndex } from '../../core/due-index.js';
import type { CheckoutMeta, CheckoutOrder, Order } from './model.js';
import { nextDueAt, settle } from './transitions.js';
import { sendNotification } from './webhooks.js';

/**
 * Kustom's tenant documents: orders and checkout orders of one merchant.
 *
 * Reads settle what time has done (expiry, fraud decisions) before anyone sees the order.
 * `mutate` reads, changes and writes an order with no await in between, so concurrent requests
 * on one order see each other's effects (no over-capture), and resolves once the change is durable.
 *
 * @example
 * const cap = await repo.mutate(tenant, id, (order, now) => { … return { order: next, result: capture }; });
 */
export interface KustomDoc {
  orders: Record<string, Order>;
  checkouts: Record<string, { order: CheckoutOrder; meta: CheckoutMeta }>;
}

export class KustomRepo {
  readonly #ctx: ServiceContext;
  readonly #seed: (tenant: string) => KustomDoc;
  /** Per tenant: the earliest moment an order changes by itself (in that tenant's time). */
  readonly #due = new DueIndex();

  constructor(ctx: ServiceContext, seed: (tenant: string) => KustomDoc) {
    this.#ctx = ctx;
    this.#seed = seed;
  }

  now(tenant: string): number {
    return this.#ctx.clock.now('kustom', tenant);
  }

  async doc(tenant: string): Promise<TenantDoc<KustomDoc>> {
    const doc = await this.#ctx.store.open('kustom', tenant, () => this.#seed(tenant));
    if (!this.#due.known(tenant)) this.#recomputeDue(doc);
    return doc;
  }

  /**
   * The order as of now (settled), or undefined. Without a promise when that needs no waiting (the
   * common read: the tenant's document is open and nothing of it falls due before now).
   */
  get(tenant: string, orderId: string): Order | undefined | Promise<Order | undefined> {
    const doc = this.#ctx.store.loaded<KustomDoc>('kustom', tenant);
    if (!doc || !this.#due.known(tenant)) return this.#getSettled(tenant, orderId);
    const order = own(doc.data.orders, orderId);
    if (!order || !this.#due.isDue(tenant, this.now(tenant))) return order;
    return this.#getSettled(tenant, orderId);
  }

  async #getSettled(tenant: string, orderId: string): Promise<Order | undefined> {
    const doc = await this.doc(tenant);
    const order = own(doc.data.orders, orderId);
    if (!order) return undefined;
    if (!this.#due.isDue(tenant, this.now(tenant))) return order;
    const settled = this.#settleOne(doc, order);
    if (settled !== order) await doc.commit();
    return settled;
  }

  /**
   * Applies `fn` to the current order and stores what it returns; `fn` may throw to refuse
   * (nothing is then changed). Returns undefined when the order does not exist.
   */
  async mutate<T>(tenant: string, orderId: string, fn: (order: Order, now: number) => { order: Order; result: T }): Promise<{ result: T } | undefined> {
    const doc = await this.doc(tenant);
    const current = own(doc.data.orders, orderId);
    if (!current) return undefined;
    const settled = this.#settleOne(doc, current);
    const { order, result } = fn(settled, this.now(tenant));
    this.#put(doc, order);
    await commitOrUndo(doc, () => {
      if (doc.data.orders[orderId] === order) doc.data.orders[orderId] = settled;
    });
    return { result };
  }

  /** Stores a new or replaced order and waits until it is durable. */
  async put(tenant: string, order: Order): Promise<void> {
    const doc = await this.doc(tenant);
    const before = own(doc.data.orders, order.order_id);
    this.#put(doc, order);
    await commitOrUndo(doc, () => {
      if (doc.data.orders[order.order_id] !== order) return;
      if (before) doc.data.orders[order.order_id] = before;
      else delete doc.data.orders[order.order_id];
    });
  }


  /** A checkout order and its sandbox bookkeeping, or undefined. */
  async getCheckout(tenant: string, orderId: string): Promise<KustomDoc['checkouts'][string] | undefined> {
    return own((await this.doc(tenant)).data.checkouts, orderId);
  }

  /** Like {@link mutate}, for checkout orders. */
  async mutateCheckout<T>(tenant: string, orderId: string, fn: (entry: KustomDoc['checkouts'][string], now: number) => { entry: KustomDoc['checkouts'][string]; result: T }): Promise<{ result: T } | undefined> {
    const doc = await this.doc(tenant);
    const current = own(doc.data.checkouts, orderId);
    if (!current) return undefined;
    const { entry, result } = fn(current, this.now(tenant));
    doc.data.checkouts[orderId] = entry;
    await commitOrUndo(doc, () => {
      if (doc.data.checkouts[orderId] === entry) doc.data.checkouts[orderId] = current;
    });
    return { result };
  }

  async putCheckout(tenant: string, entry: KustomDoc['checkouts'][string]): Promise<void> {
    const doc = await this.doc(tenant);
    const id = entry.order.order_id;
    doc.data.checkouts[id] = entry;
    await commitOrUndo(doc, () => {
      if (doc.data.checkouts[id] === entry) delete doc.data.checkouts[id];
    });
  }

  /** Settles every order of every open tenant whose next change has come. */
  async tick(): Promise<void> {
    await this.#due.sweep((await this.#ctx.store.openDocs('kustom')) as TenantDoc<KustomDoc>[], {
      now: (t) => this.now(t),
      records: (doc) => Object.values(doc.data.orders),
      settle: (doc, order) => this.#settleOne(doc, order),
      dueAt: nextDueAt,
    });
  }

  forget(tenant?: string): void {
    this.#due.forget(tenant);
  }

  #put(doc: TenantDoc<KustomDoc>, order: Order): void {
    doc.data.orders[order.order_id] = order;
    this.#due.note(doc.tenant, nextDueAt(order));
  }

  #settleOne(doc: TenantDoc<KustomDoc>, order: Order): Order {
    const { order: next, events } = settle(order, this.now(doc.tenant));
    if (next === order) return order;
    doc.data.orders[next.order_id] = next;
    const url = next.sandbox.notification_url;
    if (url) for (const event of events) sendNotification(this.#ctx.outbox, { tenant: doc.tenant, orderId: next.order_id, url, event });
    return next;
  }

  #recomputeDue(doc: TenantDoc<KustomDoc>): void {
    this.#due.recompute(doc.tenant, Object.values(doc.data.orders).map(nextDueAt));
  }
}
