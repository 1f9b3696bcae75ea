import type { Context } from 'hono';
import { noteTransition, vars, type SandboxEnv } from '../../../http/env.js';
import { tenantOf } from '../../../http/tenant.js';
import type { ServiceContext } from '../../../http/service-module.js';
import { KustomError } from '../errors.js';
import { noSuchOrder } from '../failures.js';
import type { Order } from '../model.js';
import type { KustomRepo, KustomUnit } from '../repo.js';

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

/** Reads a settled order (without a promise when the read needs no waiting), or throws the operation's NO_SUCH_ORDER. */
export function loadOrder(deps: KustomDeps, c: Context<SandboxEnv>, orderId: string): Order | Promise<Order> {
  const found = deps.repo.get(tenantOf(c), orderId, vars(c).scope);
  return found instanceof Promise ? found.then((o) => present(c, orderId, o)) : present(c, orderId, found);
}

function present(c: Context<SandboxEnv>, orderId: string, order: Order | undefined): Order {
  if (!order) throw new KustomError(noSuchOrder(orderId, vars(c).operation));
  return order;
}

/**
 * Changes an order (see KustomRepo.mutate), or throws the operation's NO_SUCH_ORDER. The journal notes
 * the order's status before and after (a refused change: the status that refused it).
 */
export async function changeOrder<T>(deps: KustomDeps, c: Context<SandboxEnv>, orderId: string, fn: (order: Order, now: number, u: KustomUnit) => { order: Order; result: T }): Promise<T> {
  noteTransition(c, orderId, undefined);
  const r = await deps.repo.mutate(tenantOf(c), orderId, (o, now, u) => {
    noteTransition(c, orderId, o.status);
    const done = fn(o, now, u);
    noteTransition(c, orderId, o.status, done.order.status);
    return done;
  }, vars(c).scope);
  if (!r) throw new KustomError(noSuchOrder(orderId, vars(c).operation));
  return r.result;
}
