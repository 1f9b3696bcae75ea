import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { tenantName } from '../../http/tenant.js';
import { TENANT_MAX } from '../../core/tenant-name.js';
import { adminErrorResponses, adminOnError, adminValidationHook } from '../../http/admin-envelope.js';
import type { SandboxEnv } from '../../http/env.js';
import type { KustomActions } from './actions.js';
import { Address, OrderLine } from './schemas.js';
import { json } from '../../http/openapi.js';

/**
 * `/__admin/kustom`: the emulated shopper and shortcuts, over HTTP.
 *
 * @example
 * curl -X POST localhost:4010/__admin/kustom/checkout/$ID/complete -d '{"email":"anna+pend-accept-5@example.com"}'
 */
const Tenant = z.object({ tenant: tenantName().openapi({ description: 'The merchant (Basic key or username).' }) });
const PaymentMethod = z.object({ type: z.string().min(1), description: z.string().optional(), number_of_installments: z.number().int().min(1).optional() });
const AdminOrder = z.record(z.string(), z.unknown()).openapi('KustomAdminOrder');

/** An order line of an order made by the admin: `type` may be left out (physical), as in Checkout. */
const AdminOrderLine = OrderLine.extend({ type: OrderLine.shape.type.default('physical') }).openapi('KustomAdminOrderLine');

const CreateOrderBody = z.object({
  order_amount: z.number().int().min(0).max(100_000_000).optional(),
  purchase_country: z.string().regex(/^[A-Za-z]{2}$/).optional(),
  purchase_currency: z.string().regex(/^[A-Za-z]{3}$/).optional(),
  locale: z.string().regex(/^[A-Za-z]{2}(?:-[A-Za-z]{2})*$/).optional(),
  order_lines: z.array(AdminOrderLine).max(1000).optional(),
  billing_address: Address.optional(),
  shipping_address: Address.optional(),
  initial_payment_method: PaymentMethod.optional(),
  merchant_reference1: z.string().max(255).optional(),
  merchant_reference2: z.string().max(255).optional(),
  merchant_data: z.string().max(6000).optional(),
}).openapi('KustomCreateOrder');

const CompleteBody = z.object({
  email: z.string().max(100).optional().openapi({ description: 'Shopper e-mail. `+denied`, `+pend-accept-NN`, `+pend-reject-NN` pick the playground outcomes.' }),
  tenant: z.string().max(TENANT_MAX).optional(),
  initial_payment_method: PaymentMethod.optional(),
}).openapi('KustomCompleteCheckout');

const complete = createRoute({
  method: 'post', path: '/checkout/{order_id}/complete', operationId: 'kustomCompleteCheckout', tags: ['Kustom'],
  summary: 'Emulate the shopper completing a checkout (the order becomes AUTHORIZED and a push is scheduled)',
  request: { params: z.object({ order_id: z.string() }), body: { ...json(CompleteBody), required: false } },
  responses: { 200: { description: 'Outcome: authorized (with the order) or denied.', ...json(z.record(z.string(), z.unknown())) }, ...adminErrorResponses(400, 401, 404, 409) },
});
const createOrder = createRoute({
  method: 'post', path: '/orders', operationId: 'kustomCreateOrder', tags: ['Kustom'],
  summary: 'Create an AUTHORIZED order directly (faker fills what is not given)',
  request: { query: Tenant, body: { ...json(CreateOrderBody), required: false } },
  responses: { 201: { description: 'The order, with its timeline.', ...json(AdminOrder) }, ...adminErrorResponses(400) },
});
const listOrders = createRoute({
  method: 'get', path: '/orders', operationId: 'kustomListOrders', tags: ['Kustom'], summary: 'A merchant\'s orders, newest first',
  request: { query: Tenant },
  responses: { 200: { description: 'Orders with their timelines.', ...json(z.array(AdminOrder)) }, ...adminErrorResponses(400) },
});
const getOrder = createRoute({
  method: 'get', path: '/orders/{order_id}', operationId: 'kustomAdminGetOrder', tags: ['Kustom'], summary: 'One order with its timeline',
  request: { query: Tenant, params: z.object({ order_id: z.string() }) },
  responses: { 200: { description: 'The order.', ...json(AdminOrder) }, ...adminErrorResponses(400, 404) },
});

export function kustomAdminRoutes(actions: KustomActions): OpenAPIHono<SandboxEnv> {
  const app = new OpenAPIHono<SandboxEnv>({ defaultHook: adminValidationHook });
  app.onError(adminOnError);
  app.openapi(complete, async (c) => {
    const body = c.req.valid('json');
    return c.json(await actions.completeCheckout(c.req.valid('param').order_id, body), 200);
  });
  app.openapi(createOrder, async (c) => c.json(await actions.createOrder(c.req.valid('query').tenant, c.req.valid('json')), 201));
  app.openapi(listOrders, async (c) => c.json(await actions.listOrders(c.req.valid('query').tenant), 200));
  app.openapi(getOrder, async (c) => c.json(await actions.getOrder(c.req.valid('query').tenant, c.req.valid('param').order_id), 200));
  return app;
}
