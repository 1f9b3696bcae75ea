import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { vars, type SandboxEnv } from '../../../http/env.js';
import { json } from '../../../http/openapi.js';
import { extendDueDate, extendDueDateOptions } from '../due-date.js';
import { KustomError, unwrap } from '../errors.js';
import { noSuchCapture } from '../failures.js';
import { correlationHeader, kustomRoute, noContent } from '../route-kit.js';
import * as S from '../schemas.js';
import * as T from '../transitions.js';
import { changeOrder, loadOrder, type KustomDeps } from './deps.js';

/**
 * Order Management: extend a capture's payment due date, and the options for it (rules in due-date.ts).
 *
 * @example
 * registerDueDateRoutes(api, deps);
 */
const BASE = '/ordermanagement/v1/orders/{order_id}/captures/{capture_id}';

const ExtendDueDateOptions = z.object({
  currency: z.string().openapi({ description: 'The order\'s currency (ISO 4217).', example: 'SEK' }),
  options: z.array(z.object({
    number_of_days: z.number().int().openapi({ description: 'How many days to extend the due date with.' }),
    amount: z.number().int().openapi({ description: 'The fee for extending the due date this many days, in minor units.' }),
  })),
}).openapi('ExtendDueDateOptions');

const getOptionsForExtendDueDate = kustomRoute({
  method: 'get', path: `${BASE}/extend-due-date-options`, operationId: 'getOptionsForExtendDueDate', tags: ['Captures'],
  summary: 'The options for extending a capture\'s due date (none when it cannot be extended)',
  request: { params: S.CaptureParams },
  responses: { 200: { description: 'The options.', headers: correlationHeader, ...json(ExtendDueDateOptions) } },
});

const extendDueDateRoute = kustomRoute({
  method: 'patch', path: `${BASE}/extend-due-date`, operationId: 'extendDueDate', tags: ['Captures'],
  summary: 'Extend a capture\'s payment due date by one of the offered options (a fee is charged to the merchant)', errors: [403],
  request: { params: S.CaptureParams, headers: S.IdempotencyHeaders, body: { ...json(z.object({ number_of_days: z.number().int().min(1) }).openapi('ExtendDueDateRequest')), required: true } },
  responses: { 204: noContent('Due date was extended.') },
});

export function registerDueDateRoutes(api: OpenAPIHono<SandboxEnv>, deps: KustomDeps): void {
  api.openapi(getOptionsForExtendDueDate, async (c) => {
    const { order_id, capture_id } = c.req.valid('param');
    const order = await loadOrder(deps, c, order_id);
    const cap = T.findCapture(order, capture_id);
    if (!cap) throw new KustomError(noSuchCapture(order_id, capture_id, vars(c).operation));
    return c.json(extendDueDateOptions(order, cap), 200);
  });

  api.openapi(extendDueDateRoute, async (c) => {
    const { order_id, capture_id } = c.req.valid('param');
    const { number_of_days } = c.req.valid('json');
    await changeOrder(deps, c, order_id, (o, now) => {
      const cap = T.findCapture(o, capture_id);
      if (!cap) throw new KustomError(noSuchCapture(order_id, capture_id, vars(c).operation));
      return { order: unwrap(extendDueDate(o, cap, number_of_days, now)), result: null };
    });
    return c.body(null, 204);
  });
}
