import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { tenantName } from '../../http/tenant.js';
import { adminErrorResponses, adminOnError, adminValidationHook } from '../../http/admin-envelope.js';
import type { SandboxEnv } from '../../http/env.js';
import { json } from '../../http/openapi.js';
import type { OktoActions } from './actions.js';

/**
 * `/__admin/oktopos`: the kitchen's preparation time and a till's orders. `?tenant=` is the X-API-KEY.
 *
 * @example
 * curl -X PUT 'localhost:4010/__admin/oktopos/kitchen?tenant=okto_demo_key' -H 'content-type: application/json' -d '{"preparationMinutes":1}'
 */
const Tenant = z.object({ tenant: tenantName().openapi({ description: 'The till (its X-API-KEY).', example: 'okto_demo_key' }) });
const Kitchen = z.object({ preparationMinutes: z.number().min(0).max(1440) }).openapi('OktoKitchen');
const Order = z.looseObject({ internalId: z.number().int(), orderId: z.string(), status: z.string(), history: z.array(z.looseObject({ at: z.string(), status: z.string() })) }).openapi('OktoAdminOrder');
const tags = ['OktoPOS'];

const getKitchen = createRoute({
  method: 'get', path: '/kitchen', operationId: 'oktoGetKitchen', tags, summary: 'The till\'s preparation time', request: { query: Tenant },
  responses: { 200: { description: 'Minutes of sandbox time from create to ready.', ...json(Kitchen) }, ...adminErrorResponses(400) },
});
const setKitchen = createRoute({
  method: 'put', path: '/kitchen', operationId: 'oktoSetKitchen', tags, summary: 'Set the till\'s preparation time (orders created from now on)',
  request: { query: Tenant, body: { ...json(Kitchen), required: true } },
  responses: { 200: { description: 'Set.', ...json(Kitchen) }, ...adminErrorResponses(400) },
});
const listOrders = createRoute({
  method: 'get', path: '/orders', operationId: 'oktoListOrders', tags, summary: 'A till\'s orders (every status) with their timelines', request: { query: Tenant },
  responses: { 200: { description: 'Orders, oldest first.', ...json(z.array(Order)) }, ...adminErrorResponses(400) },
});
const getOrder = createRoute({
  method: 'get', path: '/orders/{internalId}', operationId: 'oktoAdminGetOrder', tags, summary: 'One order with its timeline',
  request: { query: Tenant, params: z.object({ internalId: z.coerce.number().int().min(1) }) },
  responses: { 200: { description: 'The order.', ...json(Order) }, ...adminErrorResponses(400, 404) },
});

export function oktoAdminRoutes(actions: OktoActions): OpenAPIHono<SandboxEnv> {
  const app = new OpenAPIHono<SandboxEnv>({ defaultHook: adminValidationHook });
  app.onError(adminOnError);
  app.openapi(getKitchen, async (c) => c.json(await actions.getKitchen(c.req.valid('query').tenant), 200));
  app.openapi(setKitchen, async (c) => c.json(await actions.setPreparationMinutes(c.req.valid('query').tenant, c.req.valid('json').preparationMinutes), 200));
  app.openapi(listOrders, async (c) => c.json(await actions.listOrders(c.req.valid('query').tenant), 200));
  app.openapi(getOrder, async (c) => c.json(await actions.getOrder(c.req.valid('query').tenant, c.req.valid('param').internalId), 200));
  return app;
}
