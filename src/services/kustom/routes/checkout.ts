import type { OpenAPIHono } from '@hono/zod-openapi';
import { noteTransition, vars, type SandboxEnv } from '../../../http/env.js';
import { absoluteUrl } from '../../../http/origin.js';
import * as CT from '../checkout-transitions.js';
import { CheckoutCreateRequest, CheckoutOrder, CheckoutUpdateRequest } from '../checkout-schemas.js';
import { KustomError, unwrap } from '../errors.js';
import { checkoutNotFound } from '../failures.js';
import { correlationHeader, kustomRoute } from '../route-kit.js';
import { checkoutToWire } from '../wire.js';
import { tenantOf } from '../../../http/tenant.js';
import type { KustomDeps } from './deps.js';
import { z } from '@hono/zod-openapi';
import { json } from '../../../http/openapi.js';

/**
 * Checkout v3: create (201 + `Location`), read, update (only while incomplete, else 403
 * READ_ONLY_ORDER) and abort. The shopper is emulated by `POST /__admin/kustom/checkout/{id}/complete`.
 *
 * @example
 * registerCheckoutRoutes(api, deps);
 */
const BASE = '/checkout/v3/orders';
const Params = z.object({ order_id: z.string().max(100).openapi({ param: { name: 'order_id', in: 'path' } }) });

const createCheckoutOrder = kustomRoute({
  method: 'post', path: BASE, operationId: 'createCheckoutOrder', tags: ['Checkout'], summary: 'Create a checkout order',
  request: { body: { ...json(CheckoutCreateRequest), required: true } },
  responses: {
    201: {
      description: 'Created; the order\'s URL is in `Location`.',
      headers: { ...correlationHeader, Location: { schema: { type: 'string', format: 'uri' } } },
      ...json(CheckoutOrder),
    },
  },
});
const readCheckoutOrder = kustomRoute({
  method: 'get', path: `${BASE}/{order_id}`, operationId: 'readCheckoutOrder', tags: ['Checkout'], summary: 'Read a checkout order',
  request: { params: Params },
  responses: { 200: { description: 'The checkout order.', headers: correlationHeader, ...json(CheckoutOrder) } },
});
const updateCheckoutOrder = kustomRoute({
  method: 'post', path: `${BASE}/{order_id}`, operationId: 'updateCheckoutOrder', tags: ['Checkout'], summary: 'Update a checkout order', errors: [403],
  request: { params: Params, body: { ...json(CheckoutUpdateRequest), required: true } },
  responses: { 200: { description: 'The updated checkout order.', headers: correlationHeader, ...json(CheckoutOrder) } },
});
const abortCheckoutOrder = kustomRoute({
  method: 'post', path: `${BASE}/{order_id}/abort`, operationId: 'abortCheckoutOrder', tags: ['Checkout'], summary: 'Abort a checkout order', errors: [403],
  request: { params: Params },
  responses: { 200: { description: 'The aborted checkout order.', headers: correlationHeader, ...json(CheckoutOrder) } },
});

/** The snippet a merchant would embed; in the sandbox it explains how to complete the purchase. */
function snippet(orderId: string, origin: string): string {
  return `<div id="kustom-checkout-container" data-order-id="${orderId}"><p>Kustom Checkout (Order Sandbox). The shopper is emulated: ` +
    `POST ${origin}/__admin/kustom/checkout/${orderId}/complete to complete this purchase.</p></div>`;
}

export function registerCheckoutRoutes(api: OpenAPIHono<SandboxEnv>, deps: KustomDeps): void {
  const { repo, ctx } = deps;

  api.openapi(createCheckoutOrder, async (c) => {
    const tenant = tenantOf(c);
    const orderId = ctx.ids.uuid();
    const input = c.req.valid('json');
    const origin = absoluteUrl(c, '');
    const order = unwrap(CT.createCheckout(input, { now: repo.now(tenant), orderId, snippet: snippet(orderId, origin) }));
    await repo.putCheckout(tenant, { order, meta: { aborted: false } }, vars(c).scope);
    noteTransition(c, orderId, undefined, order.status);
    c.header('Location', absoluteUrl(c, `${BASE}/${orderId}`));
    return c.json(checkoutToWire(order) as z.infer<typeof CheckoutOrder>, 201);
  });

  api.openapi(readCheckoutOrder, async (c) => {
    const { order_id } = c.req.valid('param');
    const entry = await repo.getCheckout(tenantOf(c), order_id);
    if (!entry) throw new KustomError(checkoutNotFound(order_id));
    return c.json(checkoutToWire(entry.order) as z.infer<typeof CheckoutOrder>, 200);
  });

  api.openapi(updateCheckoutOrder, async (c) => {
    const { order_id } = c.req.valid('param');
    const patch = c.req.valid('json');
    const r = await repo.mutateCheckout(tenantOf(c), order_id, (entry, now) => {
      const order = unwrap(CT.updateCheckout(entry.order, entry.meta.aborted, patch, now));
      return { entry: { ...entry, order }, result: order };
    }, vars(c).scope);
    if (!r) throw new KustomError(checkoutNotFound(order_id));
    return c.json(checkoutToWire(r.result) as z.infer<typeof CheckoutOrder>, 200);
  });

  api.openapi(abortCheckoutOrder, async (c) => {
    const { order_id } = c.req.valid('param');
    const r = await repo.mutateCheckout(tenantOf(c), order_id, (entry) => {
      unwrap(CT.abortCheckout(entry.order));
      return { entry: { ...entry, meta: { ...entry.meta, aborted: true } }, result: entry.order };
    }, vars(c).scope);
    if (!r) throw new KustomError(checkoutNotFound(order_id));
    return c.json(checkoutToWire(r.result) as z.infer<typeof CheckoutOrder>, 200);
  });
}
