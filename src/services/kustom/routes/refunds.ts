import type { OpenAPIHono } from '@hono/zod-openapi';
import type { SandboxEnv } from '../../../http/env.js';
import { absoluteUrl } from '../../../http/origin.js';
import { KustomError, unwrap } from '../errors.js';
import { noSuchRefund } from '../failures.js';
import { correlationHeader, kustomRoute } from '../route-kit.js';
import * as S from '../schemas.js';
import * as T from '../transitions.js';
import { changeOrder, loadOrder, type KustomDeps } from './deps.js';
import { json } from '../../../http/openapi.js';

/**
 * Order Management refunds: create (201 + `Refund-Id` + absolute `Location`) and read. There is no
 * refund list and no DELETE in the real API, so there is none here.
 *
 * @example
 * registerRefundRoutes(api, deps);
 */
const BASE = '/ordermanagement/v1/orders/{order_id}/refunds';

const refundOrder = kustomRoute({
  method: 'post', path: BASE, operationId: 'refundOrder', tags: ['Refunds'], summary: 'Refund an amount of a captured order', errors: [403],
  request: { params: S.OrderIdParams, headers: S.IdempotencyHeaders, body: { ...json(S.RefundRequest), required: true } },
  responses: {
    201: {
      description: 'Refund created: empty body, its id in `Refund-Id` and its absolute URL in `Location`.',
      headers: {
        ...correlationHeader,
        'Refund-Id': { schema: { type: 'string' }, description: 'The id of the created refund.' },
        Location: { schema: { type: 'string', format: 'uri' }, description: 'The URI at which the created refund can be found.' },
      },
    },
  },
});

const getRefund = kustomRoute({
  method: 'get', path: `${BASE}/{refund_id}`, operationId: 'getRefund', tags: ['Refunds'], summary: 'Get refund',
  request: { params: S.RefundParams },
  responses: { 200: { description: 'The refund.', headers: correlationHeader, ...json(S.Refund) } },
});

export function registerRefundRoutes(api: OpenAPIHono<SandboxEnv>, deps: KustomDeps): void {
  api.openapi(refundOrder, async (c) => {
    const orderId = c.req.valid('param').order_id;
    const input = c.req.valid('json');
    const ref = await changeOrder(deps, c, orderId, (o, now) => {
      const r = unwrap(T.refund(o, input, { now, newId: deps.ctx.ids.uuid }));
      return { order: r.order, result: r.refund };
    });
    c.header('Refund-Id', ref.refund_id);
    c.header('Location', absoluteUrl(c, `/ordermanagement/v1/orders/${orderId}/refunds/${ref.refund_id}`));
    return c.body(null, 201);
  });

  api.openapi(getRefund, async (c) => {
    const { order_id, refund_id } = c.req.valid('param');
    const order = await loadOrder(deps, c, order_id);
    const ref = order.refunds.find((r) => r.refund_id === refund_id);
    if (!ref) throw new KustomError(noSuchRefund(order_id, refund_id));
    return c.json(ref, 200);
  });
}
