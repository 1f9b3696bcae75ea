import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { tenantName } from '../../http/tenant.js';
import { adminErrorResponses, adminOnError, adminValidationHook } from '../../http/admin-envelope.js';
import type { SandboxEnv } from '../../http/env.js';
import { json } from '../../http/openapi.js';
import type { KhumbuActions } from './actions.js';
import type { Menu } from './model.js';
import { MenuDayTime, MenuHoursSchema, MenuSchema } from './schemas.js';

/**
 * `/__admin/khumbu`: the restaurant's side over HTTP — store status, menu, stock, hours, POS delay,
 * POS-initiated cancels — and the orders a client sent. `?tenant=` is the client_id.
 *
 * @example
 * curl -X POST 'localhost:4010/__admin/khumbu/stores/48002/status?tenant=khumbu_demo_client' -H 'content-type: application/json' -d '{"storeStatus":"INA"}'
 */
const Tenant = z.object({ tenant: tenantName().openapi({ description: 'The client_id whose view of the store changes.', example: 'khumbu_demo_client' }) });
const StoreParam = z.object({ storeId: z.string().min(1).openapi({ example: '48002' }) });
const Any = z.record(z.string(), z.unknown());
const StoreView = z.looseObject({ providerStoreId: z.string(), storeStatus: z.enum(['ACT', 'INA']), posDelaySeconds: z.number() }).openapi('KhumbuAdminStore');
const Order = z.looseObject({ ksOrderId: z.string(), providerOrderId: z.string(), status: z.string(), history: z.array(Any) }).openapi('KhumbuAdminOrder');
const tags = ['Khumbu'];

const listStores = createRoute({
  method: 'get', path: '/stores', operationId: 'khumbuListStores', tags, summary: 'Stores as a client sees them',
  request: { query: Tenant },
  responses: { 200: { description: 'Every store of the fixtures, with its status and POS delay for this client.', ...json(z.array(StoreView)) }, ...adminErrorResponses(400) },
});
const getStore = createRoute({
  method: 'get', path: '/stores/{storeId}', operationId: 'khumbuGetStore', tags, summary: 'A store with its menu (stock applied) and hours: the item ids an order may use',
  request: { query: Tenant, params: StoreParam },
  responses: { 200: { description: 'The store.', ...json(StoreView) }, ...adminErrorResponses(400, 404) },
});
const setStatus = createRoute({
  method: 'post', path: '/stores/{storeId}/status', operationId: 'khumbuSetStoreStatus', tags, summary: 'Open (ACT) or close (INA) a store; sends Store Status',
  request: { query: Tenant, params: StoreParam, body: { ...json(z.object({ storeStatus: z.enum(['ACT', 'INA']) })), required: true } },
  responses: { 200: { description: 'The store, without its menu (GET /stores/{storeId} has it).', ...json(StoreView) }, ...adminErrorResponses(400, 404) },
});
const publishMenu = createRoute({
  method: 'post', path: '/stores/{storeId}/menu', operationId: 'khumbuPublishMenu', tags, summary: 'Publish the store\'s menu (or a new one); sends Menu Update',
  request: { query: Tenant, params: StoreParam, body: { ...json(z.object({ menus: z.array(MenuSchema).min(1).max(20).optional() })), required: false } },
  responses: { 200: { description: 'The store with the published menu.', ...json(StoreView) }, ...adminErrorResponses(400, 404) },
});
const setStock = createRoute({
  method: 'post', path: '/stores/{storeId}/items/{itemId}', operationId: 'khumbuSetItemStock', tags, summary: 'Put an item, variation or option in or out of stock; sends Menu Item Update',
  request: { query: Tenant, params: StoreParam.extend({ itemId: z.string().min(1) }), body: { ...json(z.object({ inStock: z.boolean() })), required: true } },
  responses: { 200: { description: 'The change.', ...json(z.object({ id: z.string(), inStock: z.boolean() })) }, ...adminErrorResponses(400, 404) },
});
const setHours = createRoute({
  method: 'post', path: '/stores/{storeId}/hours', operationId: 'khumbuSetMenuHours', tags, summary: 'Set a menu\'s hours; sends Menu Hours Update',
  request: { query: Tenant, params: StoreParam, body: { ...json(z.object({ menuId: z.string().min(1).optional(), menuDayTime: z.array(MenuDayTime).max(7 * 24) })), required: true } },
  responses: { 200: { description: 'The menu hours.', ...json(MenuHoursSchema) }, ...adminErrorResponses(400, 404) },
});
const setDelay = createRoute({
  method: 'post', path: '/stores/{storeId}/pos', operationId: 'khumbuSetPosDelay', tags, summary: 'How long the store\'s POS takes to answer (seconds of sandbox time)',
  request: { query: Tenant, params: StoreParam, body: { ...json(z.object({ delaySeconds: z.number().min(0).max(86_400) })), required: true } },
  responses: { 200: { description: 'The store, without its menu (GET /stores/{storeId} has it).', ...json(StoreView) }, ...adminErrorResponses(400, 404) },
});
const listOrders = createRoute({
  method: 'get', path: '/orders', operationId: 'khumbuListOrders', tags, summary: 'A client\'s orders, newest first, with their timelines',
  request: { query: Tenant },
  responses: { 200: { description: 'Orders.', ...json(z.array(Order)) }, ...adminErrorResponses(400) },
});
const getOrder = createRoute({
  method: 'get', path: '/orders/{ksOrderId}', operationId: 'khumbuAdminGetOrder', tags, summary: 'One order with its timeline',
  request: { query: Tenant, params: z.object({ ksOrderId: z.string() }) },
  responses: { 200: { description: 'The order.', ...json(Order) }, ...adminErrorResponses(400, 404) },
});
const cancelOrder = createRoute({
  method: 'post', path: '/orders/{ksOrderId}/cancel', operationId: 'khumbuPosCancel', tags, summary: 'Cancel an order at the restaurant (POS-initiated); sends Order Status CANCELLED',
  request: { query: Tenant, params: z.object({ ksOrderId: z.string() }), body: { ...json(z.object({ reason: z.string().min(1).max(500).optional() })), required: false } },
  responses: { 200: { description: 'The cancelled order.', ...json(Order) }, ...adminErrorResponses(400, 404, 409) },
});

export function khumbuAdminRoutes(actions: KhumbuActions): OpenAPIHono<SandboxEnv> {
  const app = new OpenAPIHono<SandboxEnv>({ defaultHook: adminValidationHook });
  app.onError(adminOnError);
  const t = (c: { req: { valid(target: 'query'): { tenant: string } } }) => c.req.valid('query').tenant;
  app.openapi(listStores, async (c) => c.json(await actions.listStores(t(c)), 200));
  app.openapi(getStore, async (c) => c.json(await actions.getStore(t(c), c.req.valid('param').storeId), 200));
  app.openapi(setStatus, async (c) => c.json(await actions.setStoreStatus(t(c), c.req.valid('param').storeId, c.req.valid('json').storeStatus), 200));
  app.openapi(publishMenu, async (c) => c.json(await actions.publishMenu(t(c), c.req.valid('param').storeId, c.req.valid('json').menus as Menu[] | undefined), 200));
  app.openapi(setStock, async (c) => {
    const { storeId, itemId } = c.req.valid('param');
    return c.json(await actions.setItemStock(t(c), storeId, itemId, c.req.valid('json').inStock), 200);
  });
  app.openapi(setHours, async (c) => c.json(await actions.setMenuHours(t(c), c.req.valid('param').storeId, c.req.valid('json')), 200));
  app.openapi(setDelay, async (c) => c.json(await actions.setPosDelay(t(c), c.req.valid('param').storeId, c.req.valid('json').delaySeconds), 200));
  app.openapi(listOrders, async (c) => c.json(await actions.listOrders(t(c)), 200));
  app.openapi(getOrder, async (c) => c.json(await actions.getOrder(t(c), c.req.valid('param').ksOrderId), 200));
  app.openapi(cancelOrder, async (c) => c.json(await actions.cancelOrder(t(c), c.req.valid('param').ksOrderId, c.req.valid('json').reason), 200));
  return app;
}
