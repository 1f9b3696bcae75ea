import { randomInt } from 'node:crypto';
import type { EnqueueInput } from '../../core/delivery.js';
import { own } from '../../core/own.js';
import { TenantState } from '../../core/state/tenant-state.js';
import type { Unit } from '../../core/state/unit.js';
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
 * every store (status, POS delay, published menus, stock changes). A configuration of the state layer
 * (core/state/tenant-state.ts): reads settle what the POS did meanwhile; every write is one unit of work,
 * durable when it resolves and undone when it could not be made so. Every POS answer goes out as an
 * Order Status webhook, enqueued in the unit that stored it.
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

export type KhumbuUnit = Unit<KhumbuDoc, KhumbuOrder>;

export class KhumbuRepo {
  readonly #catalog: KhumbuCatalog;
  readonly #hooks: KhumbuWebhooks;
  /** The state layer this repository configures: reset, tick, eviction. */
  readonly state: TenantState<KhumbuDoc, 'orders'>;

  constructor(ctx: ServiceContext, catalog: KhumbuCatalog, hooks: KhumbuWebhooks) {
    this.#catalog = catalog;
    this.#hooks = hooks;
    this.state = new TenantState<KhumbuDoc, 'orders'>(ctx, {
      service: 'khumbu',
      seed: (tenant) => this.seed(tenant),
      collection: 'orders',
      settle: (order, u) => {
        if (!order.pending || order.pending.dueAt > u.now) return order;
        const { order: next, events } = settle(order, u.now, this.#verdicts(u.data));
        for (const e of events) u.enqueue(hooks.orderStatus(u.tenant, next, e));
        return next;
      },
      dueAt: nextDueAt,
    });
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
    return this.state.now(tenant);
  }

  /** The client's data as it stands, for reading. */
  read(tenant: string): Promise<Readonly<KhumbuDoc>> {
    return this.state.read(tenant);
  }

  /** The tenant's view of a fixture store (a store added to the fixtures later starts from its fixture state). */
  storeState(data: Readonly<KhumbuDoc>, store: StoreDef): StoreState {
    return own(data.stores, store.providerStoreId) ?? { status: store.status, posDelaySeconds: store.posDelaySeconds, stock: NO_STOCK };
  }

  /** The store's menus as the tenant sees them now (shared: read it, never change it). */
  menu(store: StoreDef, state: StoreState): MenuView {
    return sharedMenuView(state.menus ?? store.menus, state.stock);
  }

  /** A fixture store and the tenant's state of it; its menu view is built only by those who need it ({@link menu}). */
  async store(tenant: string, storeId: string): Promise<{ def: StoreDef; state: StoreState } | undefined> {
    const found = this.#catalog.store(storeId);
    if (!found) return undefined;
    const state = this.storeState(await this.read(tenant), found.store);
    return { def: found.store, state };
  }

  /** Changes a tenant's view of a store, with the webhook that announces it, in one unit (durable when it resolves). */
  changeStore(tenant: string, store: StoreDef, fn: (state: StoreState) => StoreState, webhook?: (state: StoreState) => EnqueueInput): Promise<StoreState> {
    return this.state.unit(tenant, (u) => {
      const next = fn(this.storeState(u.data, store));
      u.put('stores', store.providerStoreId, next);
      if (webhook) u.enqueue(webhook(next));
      return next;
    });
  }

  async get(tenant: string, ksOrderId: string): Promise<KhumbuOrder | undefined> {
    return this.state.get(tenant, ksOrderId);
  }

  async byProvider(tenant: string, providerOrderId: string): Promise<KhumbuOrder | undefined> {
    const id = own((await this.read(tenant)).byProvider, providerOrderId);
    return id === undefined ? undefined : this.get(tenant, id);
  }

  async list(tenant: string): Promise<KhumbuOrder[]> {
    const orders = await this.state.all(tenant);
    return orders.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.ksOrderId.localeCompare(a.ksOrderId));
  }

  /**
   * Stores a new order built by `build` (given the time and a fresh 17-digit ksOrderId): KS-0018 when the
   * providerOrderId is taken. Check and insert happen in one unit.
   */
  create(tenant: string, providerOrderId: string, build: (now: number, ksOrderId: string) => KhumbuOrder): Promise<KhumbuOrder> {
    return this.state.unit(tenant, (u) => {
      if (own(u.data.byProvider, providerOrderId) !== undefined) throw new KhumbuError(ks('KS-0018', providerOrderId));
      let ksOrderId: string;
      do ksOrderId = `${String(u.now).padStart(13, '0').slice(-13)}${String(randomInt(10_000)).padStart(4, '0')}`;
      while (own(u.data.orders, ksOrderId));
      const order = build(u.now, ksOrderId);
      u.put('orders', ksOrderId, order);
      u.put('byProvider', providerOrderId, ksOrderId);
      return order;
    });
  }

  /** Applies `fn` to the settled order and stores the result; `fn` may throw to refuse. Events become webhooks of the same unit. */
  mutate<T>(tenant: string, ksOrderId: string, fn: (order: KhumbuOrder, now: number) => { order: KhumbuOrder; result: T; events?: StatusEvent[] }): Promise<{ order: KhumbuOrder; result: T } | undefined> {
    return this.state.unit(tenant, (u) => {
      const settled = u.record(ksOrderId);
      if (!settled) return undefined;
      const { order, result, events = [] } = fn(settled, u.now);
      u.put('orders', ksOrderId, order);
      for (const e of events) u.enqueue(this.#hooks.orderStatus(tenant, order, e));
      return { order, result };
    });
  }

  /**
   * Fixes the POS's next answer for an order before it falls due (a scenario's outcome). Works on the
   * stored order as it is, without settling it first. False when there is no such order.
   */
  force(tenant: string, ksOrderId: string, step: 'decide' | 'cancel', verdict: OrderError | null): Promise<boolean> {
    return this.state.unit(tenant, (u) => {
      const current = own(u.data.orders, ksOrderId);
      if (!current) return false;
      u.put('orders', ksOrderId, forceVerdict(current, step, verdict));
      return true;
    });
  }

  #verdicts(data: Readonly<KhumbuDoc>): PosVerdicts {
    const storeOf = (order: KhumbuOrder) => {
      const found = this.#catalog.store(order.providerStoreId);
      if (!found) return null;
      const state = this.storeState(data, found.store);
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
}
