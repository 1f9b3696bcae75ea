import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { SandboxEnv } from '../../../http/env.js';
import { unwrap } from '../errors.js';
import { kustomRoute, noContent, correlationHeader } from '../route-kit.js';
import * as S from '../schemas.js';
import * as T from '../transitions.js';
import { pushKey } from '../webhooks.js';
import { orderToWireJson } from '../wire.js';
import type { Order } from '../model.js';
import { changeOrder, loadOrder, type KustomDeps } from './deps.js';
import { json, jsonBody } from '../../../http/openapi.js';
import { answerJson } from '../../../http/service-edge.js';

/**
 * Order Management: the order itself (`/ordermanagement/v1/orders/{order_id}` and its actions).
 *
 * @example
 * registerOrderRoutes(api, deps);
 */
const BASE = '/ordermanagement/v1/orders/{order_id}';

const getOrder = kustomRoute({
  method: 'get', path: BASE, operationId: 'getOrder', tags: ['Order Management'], summary: 'Get order',
  request: { params: S.OrderIdParams },
  responses: { 200: { description: 'The order.', headers: correlationHeader, ...json(S.Order) } },
});

const simple = (method: 'post' | 'patch', suffix: string, operationId: string, summary: string, errors: number[] = [403]) =>
  kustomRoute({
    method, path: `${BASE}${suffix}`, operationId, tags: ['Order Management'], summary, errors,
    request: { params: S.OrderIdParams, headers: S.IdempotencyHeaders },
    responses: { 204: noContent(`${summary}: done.`) },
  });

const updateAuthorization = kustomRoute({
  method: 'patch', path: `${BASE}/authorization`, operationId: 'updateAuthorization', tags: ['Order Management'], errors: [403],
  summary: 'Set new order amount and order lines',
  request: { params: S.OrderIdParams, headers: S.IdempotencyHeaders, ...jsonBody(S.UpdateAuthorizationRequest) },
  responses: { 204: noContent('Authorization updated.') },
});
const updateMerchantReferences = kustomRoute({
  method: 'patch', path: `${BASE}/merchant-references`, operationId: 'updateMerchantReferences', tags: ['Order Management'], errors: [403],
  summary: 'Update merchant references',
  request: { params: S.OrderIdParams, headers: S.IdempotencyHeaders, ...jsonBody(S.MerchantReferencesRequest) },
  responses: { 204: noContent('Merchant references updated.') },
});
const updateConsumerDetails = kustomRoute({
  method: 'patch', path: `${BASE}/customer-details`, operationId: 'updateConsumerDetails', tags: ['Order Management'], errors: [403, 422],
  summary: 'Update customer addresses',
  request: { params: S.OrderIdParams, headers: S.IdempotencyHeaders, ...jsonBody(S.ConsumerDetailsRequest) },
  responses: { 204: noContent('Customer details updated.') },
});
const appendOrderShippingInfo = kustomRoute({
  method: 'post', path: `${BASE}/shipping-info`, operationId: 'appendOrderShippingInfo', tags: ['Order Management'], errors: [403],
  summary: 'Add shipping info to the order',
  request: { params: S.OrderIdParams, headers: S.IdempotencyHeaders, ...jsonBody(S.ShippingInfoRequest) },
  responses: { 204: noContent('Shipping info added.') },
});

export function registerOrderRoutes(api: OpenAPIHono<SandboxEnv>, deps: KustomDeps): void {

  // The cached JSON bytes of the wire form (the typed c.json would serialise the order on every read),
  // answered without a promise when the read needs no waiting. Bytes, not the typed c.json (hence
  // `as never`): the tests check them against the document.
  const answerOrder = (c: Context<SandboxEnv>, order: Order) => answerJson(c, orderToWireJson(order));
  api.openapi(getOrder, (c) => {
    const order = loadOrder(deps, c, c.req.valid('param').order_id);
    return (order instanceof Promise ? order.then((o) => answerOrder(c, o)) : answerOrder(c, order)) as never;
  });

  api.openapi(updateAuthorization, async (c) => {
    const input = c.req.valid('json');
    await changeOrder(deps, c, c.req.valid('param').order_id, (o, now) => ({ order: unwrap(T.updateAuthorization(o, input, { now })), result: null }));
    return c.body(null, 204);
  });

  api.openapi(simple('post', '/extend-authorization-time', 'extendAuthorizationTime', 'Extend authorization time'), async (c) => {
    await changeOrder(deps, c, c.req.valid('param').order_id, (o, now) => ({ order: unwrap(T.extendAuthorizationTime(o, { now })), result: null }));
    return c.body(null, 204);
  });

  api.openapi(simple('post', '/release-remaining-authorization', 'releaseRemainingAuthorization', 'Release remaining authorization'), async (c) => {
    await changeOrder(deps, c, c.req.valid('param').order_id, (o, now) => ({ order: unwrap(T.releaseRemainingAuthorization(o, { now })), result: null }));
    return c.body(null, 204);
  });

  api.openapi(simple('post', '/acknowledge', 'acknowledgeOrder', 'Acknowledge order'), async (c) => {
    const orderId = c.req.valid('param').order_id;
    await changeOrder(deps, c, orderId, (o, now, u) => {
      u.cancel(pushKey(orderId)); // acknowledged: the push stops
      return { order: unwrap(T.acknowledge(o, { now })), result: null };
    });
    return c.body(null, 204);
  });

  api.openapi(simple('post', '/cancel', 'cancelOrder', 'Cancel order'), async (c) => {
    const orderId = c.req.valid('param').order_id;
    await changeOrder(deps, c, orderId, (o, now, u) => {
      u.cancel(pushKey(orderId));
      return { order: unwrap(T.cancel(o, { now })), result: null };
    });
    return c.body(null, 204);
  });

  api.openapi(updateConsumerDetails, async (c) => {
    const input = c.req.valid('json');
    await changeOrder(deps, c, c.req.valid('param').order_id, (o, now) => ({ order: unwrap(T.updateConsumerDetails(o, input, { now })), result: null }));
    return c.body(null, 204);
  });

  api.openapi(updateMerchantReferences, async (c) => {
    const input = c.req.valid('json');
    await changeOrder(deps, c, c.req.valid('param').order_id, (o, now) => ({ order: unwrap(T.updateMerchantReferences(o, input, { now })), result: null }));
    return c.body(null, 204);
  });

  api.openapi(appendOrderShippingInfo, async (c) => {
    const input = c.req.valid('json');
    await changeOrder(deps, c, c.req.valid('param').order_id, (o, now) => ({ order: unwrap(T.appendOrderShippingInfo(o, input.shipping_info, { now })), result: null }));
    return c.body(null, 204);
  });
}
