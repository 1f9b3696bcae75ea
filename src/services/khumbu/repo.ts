import { randomInt } from 'node:crypto';
import { own, setOwn } from '../../core/own.js';
import { commitOrUndo, type TenantDoc } from '../../core/store.js';
import { DueIndex } from '../../core/due-index.js';
import type { ServiceContext } from '../../http/service-module.js';
import { KhumbuError } from './errors.js';
import { ks } from './failures.js';
import { seedStores, type KhumbuCatalog } from './fixtures.js';
import { sharedMenuView, type MenuView } from './menu.js';
import type { KhumbuOrder, OrderError, StoreDef, StoreState } from './model.js';
import { posDecision } from './pos.js';
import { cancelVerdict, forceVerdict, nextDueAt, settle, type PosVerdicts, type StatusEvent } from './transitions.js';
import type { KhumbuWebhooks } from './webhooks.js';
import { khumbuDemoOrders } from './demo-orders.js';

/**
 * Khumbu's tenant documents: one per client — its orders, its index by providerOrderId, and its view of
 * every store (status, POS delay, published menus, stock changes).
 *
 * Reads settle what the POS did meanwhile; writes resolve once durable, and a write that could not be
 * made durable is undone. Every POS answer goes out as an Order Status webhook.
 *
 * @example
 * const order = await repo.create(tenant, (now, ksOrderId) => createOrder({ …, ksOrderId, now }));
 */
export interface KhumbuDoc {
  stores: Record<string, StoreState>;
  orders: Record<string, KhumbuOrder>;
  /** providerOrderId → ksOrderId */
  byProvider: Record<string, string>;
}

/** The stock overrides of a store the tenant has not changed: one object, so its menu view is shared too. */
const NO_STOCK: Record<string, boolean> = Object.freeze({});

export class KhumbuRepo {
  readonly #ctx: ServiceContext;
  readonly #catalog: KhumbuCatalog;
  readonly #hooks: KhumbuWebhooks;
  readonly #due = new DueIndex();

  constructor(ctx: ServiceContext, catalog: KhumbuCatalog, hooks: KhumbuWebhooks) {
    this.#ctx = ctx;
    this.#catalog = catalog;
    this.#hooks = hooks;
  }

  /** A tenant's fresh document: every fixture store as seeded, and a demo client's demo orders. */
  seed(tenant: string): KhumbuDoc {
    const demo = this.#catalog.fixtures.clients.find((c) => c.clientId === tenant)?.demoOrders;
    const orders = demo ? khumbuDemoOrders(this.#catalog, this.now(tenant)) : [];
    return {
      stores: seedStores(this.#catalog),
      orders: Object.fromEntries(orders.map((o) => [o.ksOrderId, o])),
      byProvider: Object.fromEntries(orders.map((o) => [o.providerOrderId, o.ksOrderId])),
    };
  }

  now(tenant: string): number {
    return this.#ctx.clock.now('khumbu', tenant);
  }

  async doc(tenant: string): Promise<TenantDoc<KhumbuDoc>> {
    const doc = await this.#ctx.store.open('khumbu', tenant, () => this.seed(tenant));
    if (!this.#due.known(tenant)) this.#recomputeDue(doc);
    return doc;
  }

  /** The tenant's view of a fixture store (a store added to the fixtures later starts from its fixture state). */
  storeState(doc: TenantDoc<KhumbuDoc>, store: StoreDef): StoreState {
    return own(doc.data.stores, store.providerStoreId) ?? { status: store.status, posDelaySeconds: store.posDelaySeconds, stock: NO_STOCK };
  }

  /** The store's menus as the tenant sees them now (shared: read it, never change it). */
  menu(store: StoreDef, state: StoreState): MenuView {
    return sharedMenuView(state.menus ?? store.menus, state.stock);
  }

  /** A fixture store and the tenant's state of it; its menu view is built only by those who need it ({@link menu}). */
  async store(tenant: string, storeId: string): Promise<{ def: StoreDef; state: StoreState } | undefined> {
    const found = this.#catalog.store(storeId);
    if (!found) return undefined;
    const state = this.storeState(await this.doc(tenant), found.store);
    return { def: found.store, state };
  }

  /** Changes a tenant's view of a store and waits until it is durable. */
  async changeStore(tenant: string, store: StoreDef, fn: (state: StoreState) => StoreState): Promise<StoreState> {
    const doc = await this.doc(tenant);
    const before = own(doc.data.stores, store.providerStoreId);
    const next = fn(this.storeState(doc, store));
    setOwn(doc.data.stores, store.providerStoreId, next);
    await commitOrUndo(doc, () => {
      if (before) setOwn(doc.data.stores, store.providerStoreId, before);
      else delete doc.data.stores[store.providerStoreId];
    });
    return next;
  }

  async get(tenant: string, ksOrderId: string): Promise<KhumbuOrder | undefined> {
    const doc = await this.doc(tenant);
    const order = own(doc.data.orders, ksOrderId);
    return order ? this.#settleAndSave(doc, order) : undefined;
  }

  async byProvider(tenant: string, providerOrderId: string): Promise<KhumbuOrder | undefined> {
    const doc = await this.doc(tenant);
    const id = own(doc.data.byProvider, providerOrderId);
    return id === undefined ? undefined : this.get(tenant, id);
  }

  async list(tenant: string): Promise<KhumbuOrder[]> {
    const doc = await this.doc(tenant);
    const orders = await Promise.all(Object.keys(doc.data.orders).map((id) => this.get(tenant, id)));
    return orders.filter((o): o is KhumbuOrder => o !== undefined).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.ksOrderId.localeCompare(a.ksOrderId));
  }

  /**
   * Stores a new order built by `build` (given the time and a fresh 17-digit ksOrderId): KS-0018 when the
   * providerOrderId is taken. Check and insert happen with no await in between.
   */
  async create(tenant: string, providerOrderId: string, build: (now: number, ksOrderId: string) => KhumbuOrder): Promise<KhumbuOrder> {
    const doc = await this.doc(tenant);
    if (own(doc.data.byProvider, providerOrderId) !== undefined) throw new KhumbuError(ks('KS-0018', providerOrderId));
    const now = this.now(tenant);
    let ksOrderId: string;
    do ksOrderId = `${String(now).padStart(13, '0').slice(-13)}${String(randomInt(10_000)).padStart(4, '0')}`;
    while (own(doc.data.orders, ksOrderId));
    const order = build(now, ksOrderId);
    this.#put(doc, order);
    setOwn(doc.data.byProvider, providerOrderId, ksOrderId);
    await commitOrUndo(doc, () => {
      delete doc.data.orders[ksOrderId];
      delete doc.data.byProvider[providerOrderId];
    });
    return order;
  }

  /** Applies `fn` to the settled order and stores the result; `fn` may throw to refuse. Events become webhooks. */
  async mutate<T>(tenant: string, ksOrderId: string, fn: (order: KhumbuOrder, now: number) => { order: KhumbuOrder; result: T; events?: StatusEvent[] }): Promise<{ order: KhumbuOrder; result: T } | undefined> {
    const doc = await this.doc(tenant);
    const current = own(doc.data.orders, ksOrderId);
    if (!current) return undefined;
    const settled = this.#settleOne(doc, current);
    const { order, result, events = [] } = fn(settled, this.now(tenant));
    this.#put(doc, order);
    await commitOrUndo(doc, () => {
      if (doc.data.orders[ksOrderId] === order) setOwn(doc.data.orders, ksOrderId, settled);
    });
    for (const e of events) this.#hooks.orderStatus(tenant, order, e);
    return { order, result };
  }

  /**
   * Fixes the POS's next answer for an order before it falls due (a scenario's outcome). Works on the
   * stored order as it is, without settling it first. False when there is no such order.
   */
  async force(tenant: string, ksOrderId: string, step: 'decide' | 'cancel', verdict: OrderError | null): Promise<boolean> {
    const doc = await this.doc(tenant);
    const current = own(doc.data.orders, ksOrderId);
    if (!current) return false;
    const next = forceVerdict(current, step, verdict);
    this.#put(doc, next);
    await commitOrUndo(doc, () => {
      if (doc.data.orders[ksOrderId] === next) setOwn(doc.data.orders, ksOrderId, current);
    });
    return true;
  }

  /** Settles every order whose POS step has come, in every open tenant. */
  async tick(): Promise<void> {
    await this.#due.sweep((await this.#ctx.store.openDocs('khumbu')) as TenantDoc<KhumbuDoc>[], {
      now: (t) => this.now(t),
      records: (doc) => Object.values(doc.data.orders),
      settle: (doc, order) => this.#settleOne(doc, order),
      dueAt: nextDueAt,
    });
  }

  forget(tenant?: string): void {
    this.#due.forget(tenant);
  }

  async #settleAndSave(doc: TenantDoc<KhumbuDoc>, order: KhumbuOrder): Promise<KhumbuOrder> {
    const settled = this.#settleOne(doc, order);
    if (settled !== order) await doc.commit();
    return settled;
  }

  #verdicts(doc: TenantDoc<KhumbuDoc>): PosVerdicts {
    const storeOf = (order: KhumbuOrder) => {
      const found = this.#catalog.store(order.providerStoreId);
      if (!found) return null;
      const state = this.storeState(doc, found.store);
      return { active: state.status === 'ACT', view: () => this.menu(found.store, state) };
    };
    return {
      decide: (order) => {
        const s = storeOf(order);
        return s ? posDecision(order, s.view(), s.active) : { code: 'KS-1001', reason: 'Provider store not found.' };
      },
      cancel: (order) => cancelVerdict(order, storeOf(order)?.active ?? false),
    };
  }

  #settleOne(doc: TenantDoc<KhumbuDoc>, order: KhumbuOrder): KhumbuOrder {
    const now = this.now(doc.tenant);
    if (!order.pending || order.pending.dueAt > now) return order;
    const { order: next, events } = settle(order, now, this.#verdicts(doc));
    setOwn(doc.data.orders, next.ksOrderId, next);
    for (const e of events) this.#hooks.orderStatus(doc.tenant, next, e);
    return next;
  }

  #put(doc: TenantDoc<KhumbuDoc>, order: KhumbuOrder): void {
    setOwn(doc.data.orders, order.ksOrderId, order);
    this.#due.note(doc.tenant, nextDueAt(order));
  }

  #recomputeDue(doc: TenantDoc<KhumbuDoc>): void {
    this.#due.recompute(doc.tenant, Object.values(doc.data.orders).map(nextDueAt));
  }

}
