import type { ServiceContext } from '../../http/service-module.js';
import { own } from '../../core/own.js';
import { TenantState } from '../../core/state/tenant-state.js';
import type { Unit } from '../../core/state/unit.js';
import type { RequestScope } from '../../core/state/request-scope.js';
import type { CheckoutMeta, CheckoutOrder, Order } from './model.js';
import { nextDueAt, settle } from './transitions.js';
import { notification } from './webhooks.js';

/**
 * Kustom's tenant documents (one per merchant: orders and checkout orders), as a configuration of the
 * state layer (core/state/tenant-state.ts): orders settle what time has done (expiry, fraud decisions,
 * with their notifications) before anyone sees them; every change is one unit of work, durable when it
 * resolves, undone when refused.
 *
 * @example
 * const cap = await repo.mutate(tenant, id, (order, now) => { … return { order: next, result: capture }; });
 */
export interface KustomDoc {
  orders: Record<string, Order>;
  checkouts: Record<string, CheckoutEntry>;
}

export interface CheckoutEntry {
  order: CheckoutOrder;
  meta: CheckoutMeta;
}

export type KustomUnit = Unit<KustomDoc, Order>;

export class KustomRepo {
  /** The state layer this repository configures: reset, tick, eviction. */
  readonly state: TenantState<KustomDoc, 'orders'>;

  constructor(ctx: ServiceContext, seed: (tenant: string) => KustomDoc) {
    this.state = new TenantState<KustomDoc, 'orders'>(ctx, {
      service: 'kustom',
      seed,
      collection: 'orders',
      settle: (order, u) => {
        const { order: next, events } = settle(order, u.now);
        const url = next.sandbox.notification_url;
        if (next !== order && url) for (const event of events) u.enqueue(notification({ tenant: u.tenant, orderId: next.order_id, url, event }));
        return next;
      },
      dueAt: nextDueAt,
    });
  }

  now(tenant: string): number {
    return this.state.now(tenant);
  }

  /** The tenant's data as it stands, for reading. */
  read(tenant: string): Promise<Readonly<KustomDoc>> {
    return this.state.read(tenant);
  }

  /** The order as of now (settled), or undefined; without a promise when that needs no waiting. */
  get(tenant: string, orderId: string, scope?: RequestScope): Order | undefined | Promise<Order | undefined> {
    return this.state.get(tenant, orderId, scope);
  }

  /** Every order as of now. */
  all(tenant: string): Promise<Order[]> {
    return this.state.all(tenant);
  }

  /** One unit of work on the tenant's orders and checkouts (see TenantState.unit). */
  unit<T>(tenant: string, fn: (u: KustomUnit) => T): Promise<T> {
    return this.state.unit(tenant, fn);
  }

  /**
   * Applies `fn` to the settled order and stores what it returns, in one unit (durable when it
   * resolves); `fn` may throw to refuse, and nothing is then changed. Undefined when there is no such order.
   */
  mutate<T>(tenant: string, orderId: string, fn: (order: Order, now: number, u: KustomUnit) => { order: Order; result: T }, scope?: RequestScope): Promise<{ result: T } | undefined> {
    return this.state.unit(tenant, (u) => {
      const settled = u.record(orderId);
      if (!settled) return undefined;
      const { order, result } = fn(settled, u.now, u);
      u.put('orders', orderId, order);
      return { result };
    }, scope);
  }

  /** Stores a new or replaced order and waits until it is durable. */
  put(tenant: string, order: Order): Promise<void> {
    return this.state.unit(tenant, (u) => u.put('orders', order.order_id, order));
  }

  /** A checkout order and its sandbox bookkeeping, or undefined. */
  async getCheckout(tenant: string, orderId: string): Promise<CheckoutEntry | undefined> {
    return own((await this.state.read(tenant)).checkouts, orderId);
  }

  /** Like {@link mutate}, for checkout orders. */
  mutateCheckout<T>(tenant: string, orderId: string, fn: (entry: CheckoutEntry, now: number) => { entry: CheckoutEntry; result: T }, scope?: RequestScope): Promise<{ result: T } | undefined> {
    return this.state.unit(tenant, (u) => {
      const current = own(u.data.checkouts, orderId);
      if (!current) return undefined;
      const { entry, result } = fn(current, u.now);
      u.put('checkouts', orderId, entry);
      return { result };
    }, scope);
  }

  putCheckout(tenant: string, entry: CheckoutEntry, scope?: RequestScope): Promise<void> {
    return this.state.unit(tenant, (u) => u.put('checkouts', entry.order.order_id, entry), scope);
  }
}
