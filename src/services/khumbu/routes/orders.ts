import { OpenAPIHono } from '@hono/zod-openapi';
import { serviceApi } from '../../../http/service-api.js';
import type { Context } from 'hono';
import { noteTransition, type SandboxEnv } from '../../../http/env.js';
import { tenantOf } from '../../../http/tenant.js';
import { json, jsonBody } from '../../../http/openapi.js';
import type { ServiceContext } from '../../../http/service-module.js';
import { adjustCart } from '../cart.js';
import { KhumbuError, khumbuValidationHook } from '../errors.js';
import { ks, withHint } from '../failures.js';
import type { KhumbuCatalog } from '../fixtures.js';
import type { KhumbuOrder, MarketDef, OrderLine } from '../model.js';
import type { KhumbuRepo } from '../repo.js';
import { khumbuRoute, MARKET_PATH, marketOf, PathParams } from '../route-kit.js';
import * as S from '../schemas.js';
import { createOrder, fireOrder, requestCancel } from '../transitions.js';

/**
 * The four order operations under `{base}/providers/{p}/partners/{pos}/markets/{m}`: create (or hold),
 * fire, validate cart, cancel. Built once per stage base; the `/v1` copy is served but not documented
 * twice (operationIds must be unique), the `/uat/v1` one is.
 *
 * @example
 * api.route('/uat/v1', orderRoutes(deps, false)); api.route('/v1', orderRoutes(deps, true));
 */
export interface KhumbuDeps {
  ctx: ServiceContext;
  repo: KhumbuRepo;
  catalog: KhumbuCatalog;
}

const accepted = { 202: { description: 'Accepted: the outcome arrives by Order Status webhook.', ...json(S.Accepted) } };


/** The store of a request in the path's market: KS-1001 unknown, KS-1002 foreign partner store id. */
function storeIn(market: MarketDef, info: { providerStoreId: string; partnerStoreId?: string | undefined }) {
  const store = market.stores.find((s) => s.providerStoreId === info.providerStoreId);
  if (!store) throw new KhumbuError(withHint(ks('KS-1001'), `stores of market ${market.name}: ${market.stores.map((s) => s.providerStoreId).join(', ')}`));
  if (info.partnerStoreId !== undefined && info.partnerStoreId !== store.partnerStoreId) {
    throw new KhumbuError(withHint(ks('KS-1002'), `store ${store.providerStoreId} is partner store ${store.partnerStoreId}`));
  }
  return store;
}

function sameMarket(market: MarketDef, named: string | undefined): void {
  if (named !== undefined && named !== market.name) throw new KhumbuError(withHint(ks('KS-0010', 'marketName'), `the body names market ${named}, the path ${market.name}`));
}

/** The tenant's order with this providerOrderId in this market, checked against the body's ksOrderId and store. */
async function findOrder(deps: KhumbuDeps, c: Context<SandboxEnv>, market: MarketDef, body: { providerOrderId: string; ksOrderId?: string | undefined; storeInformation: { providerStoreId: string } }, action: string): Promise<KhumbuOrder> {
  const order = await deps.repo.byProvider(tenantOf(c), body.providerOrderId);
  if (!order || order.market !== market.name) {
    const f = ks('KS-0020', body.providerOrderId);
    throw new KhumbuError(withHint({ ...f, message: f.message.replace('provider cancel order', `provider ${action} order`) }, `no order with this providerOrderId in market ${market.name} for this client`));
  }
  if (body.ksOrderId !== undefined && body.ksOrderId !== order.ksOrderId) throw new KhumbuError(withHint(ks('KS-0010', 'ksOrderId'), `order ${body.providerOrderId} is ksOrderId ${order.ksOrderId}`));
  if (body.storeInformation.providerStoreId !== order.providerStoreId) {
    throw new KhumbuError(withHint(ks('KS-0010', 'storeInformation.providerStoreId'), `order ${body.providerOrderId} was sent to store ${order.providerStoreId}`));
  }
  noteTransition(c, order.ksOrderId, order.status);
  return order;
}

export function orderRoutes(deps: KhumbuDeps, hide: boolean): OpenAPIHono<SandboxEnv> {
  const { catalog, repo } = deps;
  const app = serviceApi({ defaultHook: khumbuValidationHook });
  const route = <const D extends Parameters<typeof khumbuRoute>[1]>(def: D) => khumbuRoute(catalog, def, hide);

  const create = route({
    method: 'post', path: `${MARKET_PATH}/orders/notification`, operationId: 'createOrder', tags: ['Orders'],
    summary: 'Create an order (CREATE) or hold it for fire (HOLD)', errors: [409],
    description: 'The POS answers after its delay (sandbox time) with an Order Status webhook: SUCCESS, or FAILED when an item is not on the menu or out of stock, or the store went inactive.',
    request: { params: PathParams, ...jsonBody(S.CreateOrderRequest) },
    responses: accepted,
  });
  app.openapi(create, async (c) => {
    const market = marketOf(catalog, c);
    const body = c.req.valid('json');
    if (body.orderNotificationType === 'CREATE_ORDER') throw new KhumbuError(withHint(ks('KS-0010', 'orderNotificationType'), 'send CREATE or HOLD here; CREATE_ORDER is for orders/adjustcart'));
    sameMarket(market, body.marketName);
    const store = storeIn(market, body.storeInformation);
    const tenant = tenantOf(c);
    const found = await repo.store(tenant, store.providerStoreId);
    if (found?.state.status !== 'ACT') throw new KhumbuError(withHint(ks('KS-0019'), `store ${store.providerStoreId} is ${found?.state.status ?? 'unknown'}`));
    const order = await repo.create(tenant, body.providerOrderId, (now, ksOrderId) => createOrder({
      ksOrderId, now, posDelayMs: found.state.posDelaySeconds * 1000,
      providerOrderId: body.providerOrderId,
      providerOrderNumber: body.providerOrderNumber ?? body.providerOrderId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8).toUpperCase(),
      provider: market.provider, partner: market.partner, market: market.name,
      providerStoreId: store.providerStoreId, partnerStoreId: store.partnerStoreId,
      notificationType: body.orderNotificationType === 'HOLD' ? 'HOLD' : 'CREATE',
      request: body, items: body.orderItems as OrderLine[],
    }));
    noteTransition(c, order.ksOrderId, undefined, order.status);
    const message = order.status === 'HOLD' ? 'Order is on hold until it is fired.' : 'Order request accepted.';
    return c.json({ ksOrderId: order.ksOrderId, providerOrderId: order.providerOrderId, status: 'ACCEPTED' as const, message }, 202);
  });

  const fire = route({
    method: 'post', path: `${MARKET_PATH}/order/fire`, operationId: 'fireOrder', tags: ['Orders'],
    summary: 'Fire an order created with HOLD', errors: [409],
    description: 'Only an order on HOLD can be fired (409 KS-0010 otherwise). The POS then answers as for a created order. The body is not published by Khumbu; this is the sandbox\'s.',
    request: { params: PathParams, ...jsonBody(S.FireOrderRequest) },
    responses: accepted,
  });
  app.openapi(fire, async (c) => {
    const market = marketOf(catalog, c);
    const body = c.req.valid('json');
    sameMarket(market, body.marketName);
    storeIn(market, body.storeInformation);
    const tenant = tenantOf(c);
    const order = await findOrder(deps, c, market, body, 'fire');
    const found = await repo.store(tenant, order.providerStoreId);
    if (found?.state.status !== 'ACT') throw new KhumbuError(withHint(ks('KS-0019'), `store ${order.providerStoreId} is inactive: fire when it is active again`));
    const r = await repo.mutate(tenant, order.ksOrderId, (o, now) => {
      noteTransition(c, o.ksOrderId, o.status);
      const next = fireOrder(o, now, found.state.posDelaySeconds * 1000);
      if (!next.ok) throw new KhumbuError(next.error);
      noteTransition(c, o.ksOrderId, o.status, next.value.status);
      return { order: next.value, result: next.value };
    });
    const fired = r?.order ?? order;
    return c.json({ ksOrderId: fired.ksOrderId, providerOrderId: fired.providerOrderId, status: 'ACCEPTED' as const, message: 'Fire request accepted.' }, 202);
  });

  const validate = route({
    method: 'post', path: `${MARKET_PATH}/orders/adjustcart`, operationId: 'validateCart', tags: ['Orders'],
    summary: 'Validate a cart against the store\'s menu', errors: [409],
    description: 'Recomputes the cart against the store\'s menu as it is now: current prices (PRICE_CHANGE), availability (UNAVAILABLE) and unknown items (UNKNOWN_ITEM), and the payments from them. Stores nothing.',
    request: { params: PathParams, ...jsonBody(S.ValidateCartRequest) },
    responses: { 200: { description: 'The cart as the POS would charge it.', ...json(S.ValidateCartResponse) } },
  });
  app.openapi(validate, async (c) => {
    const market = marketOf(catalog, c);
    const body = c.req.valid('json');
    if (body.orderNotificationType !== undefined && body.orderNotificationType !== 'CREATE_ORDER') {
      throw new KhumbuError(withHint(ks('KS-0010', 'orderNotificationType'), 'a cart is validated with CREATE_ORDER; CREATE and HOLD are for orders/notification'));
    }
    sameMarket(market, body.marketName);
    const store = storeIn(market, body.storeInformation);
    const found = await repo.store(tenantOf(c), store.providerStoreId);
    if (!found || found.state.status !== 'ACT') throw new KhumbuError(withHint(ks('KS-0019'), `store ${store.providerStoreId} is inactive`));
    return c.json(adjustCart({ providerOrderId: body.providerOrderId, payments: body.payments, orderItems: body.orderItems as OrderLine[] }, repo.menu(found.def, found.state), market.taxRate), 200);
  });

  const cancel = route({
    method: 'post', path: `${MARKET_PATH}/orders/cancel`, operationId: 'cancelOrder', tags: ['Orders'],
    summary: 'Cancel an order', errors: [409],
    description: 'The POS answers after its delay with an Order Status webhook: CANCELLED, or CANCEL_FAILED (store inactive, or the order had failed). A second cancel is 409 KS-1005.',
    request: { params: PathParams, ...jsonBody(S.CancelOrderRequest) },
    responses: accepted,
  });
  app.openapi(cancel, async (c) => {
    const market = marketOf(catalog, c);
    const body = c.req.valid('json');
    storeIn(market, body.storeInformation);
    const tenant = tenantOf(c);
    const order = await findOrder(deps, c, market, body, 'cancel');
    const delay = ((await repo.store(tenant, order.providerStoreId))?.state.posDelaySeconds ?? 0) * 1000;
    await repo.mutate(tenant, order.ksOrderId, (o, now) => {
      noteTransition(c, o.ksOrderId, o.status);
      const next = requestCancel(o, now, delay, body.cancellationNotes);
      if (!next.ok) throw new KhumbuError(next.error);
      noteTransition(c, o.ksOrderId, o.status, next.value.status);
      return { order: next.value, result: null };
    });
    return c.json({ ksOrderId: order.ksOrderId, providerOrderId: order.providerOrderId, status: 'ACCEPTED' as const, message: 'Cancel request accepted.' }, 202);
  });

  return app;
}

