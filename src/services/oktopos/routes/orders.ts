import type { OpenAPIHono, z } from '@hono/zod-openapi';
import { noteTransition, vars, type SandboxEnv } from '../../../http/env.js';
import { tenantOf } from '../../../http/tenant.js';
import { json } from '../../../http/openapi.js';
import { OktoError, oktoFailure } from '../errors.js';
import type { OktoFixtures } from '../fixtures.js';
import { checkItems } from '../items.js';
import { createOrder, isReady, setPaymentStatus, setStatus } from '../kitchen.js';
import type { OktoOrder, OrderRequest } from '../model.js';
import type { OktoRepo } from '../repo.js';
import { oktoRoute } from '../route-kit.js';
import * as S from '../schemas.js';

/**
 * The Order-Api: create, list ready orders, set an order's status (by internalId), set a payment's
 * status (by the sender's orderId).
 *
 * @example
 * registerOrderRoutes(api, { repo, fixtures });
 */
export interface OktoDeps {
  repo: OktoRepo;
  fixtures: OktoFixtures;
}


/** The order as the API shows it: what was sent, its current status and payment, and its internalId. */
export function toWire(order: OktoOrder): Record<string, unknown> {
  const { kitchen: _k, history: _h, createdAt: _c, updatedAt: _u, ...rest } = order;
  return rest;
}

const create = oktoRoute({
  method: 'post', path: '/v1/order/create', operationId: 'createOrder', tags: ['orders'], summary: 'create orders',
  description: 'A status of `new`, `accepted` or `in_preparation` starts the sandbox\'s kitchen: the order becomes `ready` after the till\'s preparation time (default 15 minutes of sandbox time).',
  body: S.OrderSchema, errors: [409, 422, 503],
  responses: { 200: { description: 'The order\'s id in OktoPOS Manager.', ...json(S.Created) } },
});
const ready = oktoRoute({
  method: 'get', path: '/v1/order/ready', operationId: 'getReadyOrders', tags: ['orders'], summary: 'get all orders with status ready',
  responses: { 200: { description: 'Orders with status `ready`, oldest first, each with its internalId.', ...json(S.StoredOrder.array()) } },
});
const status = oktoRoute({
  method: 'post', path: '/v1/order/status', operationId: 'setOrderStatus', tags: ['orders'], summary: 'set new status to an order',
  description: 'Any status string; it wins over the kitchen, which stops for this order. A ready order leaves the ready list with any other status (`picked_up`, `delivered`, `closed`, `canceled`).',
  body: S.StatusRequest, errors: [404],
  responses: { 200: { description: 'Done.', ...json(S.Success) } },
});
const payment = oktoRoute({
  method: 'post', path: '/v1/order/payment-status', operationId: 'setPaymentStatus', tags: ['orders'], summary: 'set a new status for payment',
  description: 'Takes the sender\'s own orderId (a string), not the internalId. The status is stored on the order\'s payment.',
  body: S.PaymentStatusRequest, errors: [404],
  responses: { 200: { description: 'Done.', ...json(S.Success) } },
});

export function registerOrderRoutes(api: OpenAPIHono<SandboxEnv>, deps: OktoDeps): void {
  const { repo, fixtures } = deps;

  api.openapi(create, async (c) => {
    const tenant = tenantOf(c);
    const body = vars(c).body as z.infer<typeof S.OrderSchema>;
    const problem = checkItems(body.items, fixtures);
    if (problem) throw new OktoError(problem);
    const pickupTime = body.pickup?.pickupTime === undefined ? undefined : S.pickupInstant(body.pickup.pickupTime);
    if (pickupTime !== undefined && pickupTime.ms < repo.now(tenant)) {
      throw new OktoError(oktoFailure(503, `The pickup time ${pickupTime.iso} is in the past (till time ${new Date(repo.now(tenant)).toISOString()}).`));
    }
    const r = await repo.create(tenant, body.orderId, (internalId, now, prepMs) => createOrder(body as OrderRequest, { internalId, now, prepMs }));
    if ('existing' in r) throw new OktoError(oktoFailure(409, `An order with orderId '${body.orderId}' already exists (internalId ${r.existing}).`));
    noteTransition(c, String(r.created.internalId), undefined, r.created.status);
    return c.json({ internalId: r.created.internalId }, 200);
  });

  api.openapi(ready, async (c) => {
    const orders = await repo.list(tenantOf(c));
    return c.json(orders.filter(isReady).map(toWire) as z.infer<typeof S.StoredOrder>[], 200);
  });

  api.openapi(status, async (c) => {
    const body = vars(c).body as z.infer<typeof S.StatusRequest>;
    const next = await repo.mutate(tenantOf(c), body.orderId, (o, now) => {
      noteTransition(c, String(o.internalId), o.status, body.status);
      return setStatus(o, body.status, now, body.payload);
    });
    if (!next) throw new OktoError(oktoFailure(404, `Order with internalId ${body.orderId} not found. orderId here is the internalId that order/create answered.`));
    return c.json({ success: true as const }, 200);
  });

  api.openapi(payment, async (c) => {
    const tenant = tenantOf(c);
    const body = vars(c).body as z.infer<typeof S.PaymentStatusRequest>;
    const order = await repo.bySender(tenant, body.orderId);
    if (!order) throw new OktoError(oktoFailure(404, `Order with orderId '${body.orderId}' not found. orderId here is your own order id (a string), not the internalId.`));
    await repo.mutate(tenant, order.internalId, (o, now) => {
      noteTransition(c, String(o.internalId), o.payment.status, body.status);
      return setPaymentStatus(o, body.status, body.date, now);
    });
    return c.json({ success: true as const }, 200);
  });
}
