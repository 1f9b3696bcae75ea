import { own } from '../../core/own.js';
import { TenantState } from '../../core/state/tenant-state.js';
import type { ServiceContext } from '../../http/service-module.js';
import { nextDueAt, settle } from './kitchen.js';
import type { OktoOrder } from './model.js';

/**
 * OktoPOS's tenant documents, one per till (API key): its orders by internalId, the index by the
 * sender's orderId, the next internalId and the kitchen's preparation time. A configuration of the state
 * layer (core/state/tenant-state.ts): reads settle what the kitchen did meanwhile; every write is one
 * unit of work, durable when it resolves and undone when it could not be made so.
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
  /** The state layer this repository configures: reset, tick, eviction. */
  readonly state: TenantState<OktoDoc, 'orders'>;

  constructor(ctx: ServiceContext, seed: (tenant: string) => OktoDoc) {
    this.state = new TenantState<OktoDoc, 'orders'>(ctx, { service: 'oktopos', seed, collection: 'orders', settle: (o, u) => settle(o, u.now), dueAt: nextDueAt });
  }

  now(tenant: string): number {
    return this.state.now(tenant);
  }

  /** The till's data as it stands, for reading. */
  read(tenant: string): Promise<Readonly<OktoDoc>> {
    return this.state.read(tenant);
  }

  async get(tenant: string, internalId: number): Promise<OktoOrder | undefined> {
    return this.state.get(tenant, String(internalId));
  }

  async bySender(tenant: string, orderId: string): Promise<OktoOrder | undefined> {
    const id = own((await this.state.read(tenant)).bySender, orderId);
    return id === undefined ? undefined : this.get(tenant, id);
  }

  /** Every order as of now, oldest first. */
  async list(tenant: string): Promise<OktoOrder[]> {
    return (await this.state.all(tenant)).sort((a, b) => a.internalId - b.internalId);
  }

  /** Stores a new order, or returns the existing internalId for a taken sender orderId (check and insert in one unit). */
  create(tenant: string, orderId: string, build: (internalId: number, now: number, prepMs: number) => OktoOrder): Promise<{ created: OktoOrder } | { existing: number }> {
    return this.state.unit(tenant, (u) => {
      const existing = own(u.data.bySender, orderId);
      if (existing !== undefined) return { existing };
      const internalId = u.data.nextInternalId;
      const order = build(internalId, u.now, u.data.preparationMinutes * 60_000);
      u.put('orders', String(internalId), order);
      u.put('bySender', orderId, internalId);
      u.set('nextInternalId', internalId + 1);
      return { created: order };
    });
  }

  /** Applies `fn` to the settled order and stores the result; undefined when there is no such order. */
  mutate(tenant: string, internalId: number, fn: (order: OktoOrder, now: number) => OktoOrder): Promise<OktoOrder | undefined> {
    return this.state.unit(tenant, (u) => {
      const settled = u.record(String(internalId));
      if (!settled) return undefined;
      const next = fn(settled, u.now);
      u.put('orders', String(internalId), next);
      return next;
    });
  }

  setPreparationMinutes(tenant: string, minutes: number): Promise<void> {
    return this.state.unit(tenant, (u) => u.set('preparationMinutes', minutes));
  }
}
