import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { vars, type SandboxEnv } from '../../../http/env.js';
import { absoluteUrl } from '../../../http/origin.js';
import { KustomError, unwrap } from '../errors.js';
import { noSuchCapture } from '../failures.js';
import { correlationHeader, kustomRoute, noContent } from '../route-kit.js';
import * as S from '../schemas.js';
import * as T from '../transitions.js';
import { pushKey } from '../webhooks.js';
import { changeOrder, loadOrder, type KustomDeps } from './deps.js';
import { json } from '../../../http/openapi.js';

/**
 * Order Management captures: create (201 + `Capture-Id` + absolute `Location`), list, read,
 * shipping info and send-out.
 *
 * @example
 * registerCaptureRoutes(api, deps);
 */
const BASE = '/ordermanagement/v1/orders/{order_id}/captures';

const captureOrder = kustomRoute({
  method: 'post', path: BASE, operationId: 'captureOrder', tags: ['Captures'], summary: 'Create capture', errors: [403],
  request: { params: S.OrderIdParams, headers: S.IdempotencyHeaders, body: { ...json(S.CaptureRequest), required: true } },
  responses: {
    201: {
      description: 'Capture created: empty body, its id in `Capture-Id` and its absolute URL in `Location`.',
      headers: {
        ...correlationHeader,
        'Capture-Id': { schema: { type: 'string' }, description: 'The id of the created capture.' },
        Location: { schema: { type: 'string', format: 'uri' }, description: 'The URI at which the created capture can be found.' },
      },
    },
  },
});

const getCaptures = kustomRoute({
  method: 'get', path: BASE, operationId: 'getCaptures', tags: ['Captures'], summary: 'List all captures for one order',
  request: { params: S.OrderIdParams },
  responses: { 200: { description: 'The captures.', headers: correlationHeader, ...json(z.array(S.Capture)) } },
});

const getCapture = kustomRoute({
  method: 'get', path: `${BASE}/{capture_id}`, operationId: 'getCapture', tags: ['Captures'], summary: 'Get capture',
  request: { params: S.CaptureParams },
  responses: { 200: { description: 'The capture.', headers: correlationHeader, ...json(S.Capture) } },
});

const appendShippingInfo = kustomRoute({
  method: 'post', path: `${BASE}/{capture_id}/shipping-info`, operationId: 'appendShippingInfo', tags: ['Captures'], summary: 'Add shipping info to a capture', errors: [403],
  request: { params: S.CaptureParams, headers: S.IdempotencyHeaders, body: { ...json(S.ShippingInfoRequest), required: true } },
  responses: { 204: noContent('Shipping info added to the capture.') },
});

const triggerSendOut = kustomRoute({
  method: 'post', path: `${BASE}/{capture_id}/trigger-send-out`, operationId: 'triggerSendOut', tags: ['Captures'], summary: 'Trigger a new send out of customer communication (deprecated by Kustom)', errors: [403],
  deprecated: true,
  request: { params: S.CaptureParams, headers: S.IdempotencyHeaders },
  responses: { 204: noContent('Send out triggered.') },
});

export function registerCaptureRoutes(api: OpenAPIHono<SandboxEnv>, deps: KustomDeps): void {
  api.openapi(captureOrder, async (c) => {
    const orderId = c.req.valid('param').order_id;
    const input = c.req.valid('json');
    const cap = await changeOrder(deps, c, orderId, (o, now, u) => {
      const r = unwrap(T.capture(o, input, { now, newId: deps.ctx.ids.uuid }));
      u.cancel(pushKey(orderId)); // captured: the push stops
      return { order: r.order, result: r.capture };
    });
    c.header('Capture-Id', cap.capture_id);
    c.header('Location', absoluteUrl(c, `/ordermanagement/v1/orders/${orderId}/captures/${cap.capture_id}`));
    return c.body(null, 201);
  });

  api.openapi(getCaptures, async (c) => {
    const order = await loadOrder(deps, c, c.req.valid('param').order_id);
    return c.json(order.captures, 200);
  });

  api.openapi(getCapture, async (c) => {
    const { order_id, capture_id } = c.req.valid('param');
    const order = await loadOrder(deps, c, order_id);
    const cap = T.findCapture(order, capture_id);
    if (!cap) throw new KustomError(noSuchCapture(order_id, capture_id, vars(c).operation));
    return c.json(cap, 200);
  });

  api.openapi(appendShippingInfo, async (c) => {
    const { order_id, capture_id } = c.req.valid('param');
    const input = c.req.valid('json');
    await changeOrder(deps, c, order_id, (o, now) => {
      if (!T.findCapture(o, capture_id)) throw new KustomError(noSuchCapture(order_id, capture_id, vars(c).operation));
      return { order: unwrap(T.appendCaptureShippingInfo(o, capture_id, input.shipping_info, { now })), result: null };
    });
    return c.body(null, 204);
  });

  api.openapi(triggerSendOut, async (c) => {
    const { order_id, capture_id } = c.req.valid('param');
    const order = await loadOrder(deps, c, order_id);
    if (!T.findCapture(order, capture_id)) throw new KustomError(noSuchCapture(order_id, capture_id, vars(c).operation));
    return c.body(null, 204);
  });
}
