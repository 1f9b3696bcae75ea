import type { Context } from 'hono';
import type { SandboxEnv } from '../../../http/env.js';
import { tenantOf } from '../../../http/tenant.js';
import type { ServiceContext } from '../../../http/service-module.js';
import { KustomError } from '../errors.js';
import { noSuchOrder } from '../failures.js';
import type { Order } from '../model.js';
import type { KustomRepo } from '../repo.js';

/**
 * What Kustom's route handlers share: the repo, the context, and the load-or-404 helpers.
 *
 * @example
 * const order = await deps.order(c, orderId);
 */
export interface KustomDeps {
  ctx: ServiceContext;
  repo: KustomRepo;
}

/** Reads a settled order, or throws the operation's NO_SUCH_ORDER. */
export async function loadOrder(deps: KustomDeps, c: Context<SandboxEnv>, orderId: string): Promise<Order> {
  const order = await deps.repo.get(tenantOf(c), orderId);
  if (!order) throw new KustomError(noSuchOrder(orderId, c.get('operation')));
  return order;
}

/** Changes an order (see KustomRepo.mutate), or throws the operation's NO_SUCH_ORDER. */
export async function changeOrder<T>(deps: KustomDeps, c: Context<SandboxEnv>, orderId: string, fn: (order: Order, now: number) => { order: Order; result: T }): Promise<T> {
  const r = await deps.repo.mutate(tenantOf(c), orderId, fn);
  if (!r) throw new KustomError(noSuchOrder(orderId, c.get('operation')));
  return r.result;
}
