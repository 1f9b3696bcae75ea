import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import { operation } from '../../http/operation.js';
import { ErrorEnvelope } from './schemas.js';

/**
 * Builds a Kustom route definition: operationId (set before validation), Basic auth, and the error
 * responses every Kustom route can give, all documented in /openapi/kustom.json.
 *
 * @example
 * const route = kustomRoute({ method: 'get', path: '/ordermanagement/v1/orders/{order_id}', operationId: 'getOrder', … });
 */
const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad value (BAD_VALUE naming the field) or invalid order id (INVALID_ORDER_ID).',
  401: 'Missing or wrong credentials.',
  403: 'Not allowed in the order\'s current state.',
  404: 'No such order, capture or refund.',
  409: 'Conflict.',
  413: 'Request body over 1 MB.',
  415: 'Body sent without Content-Type application/json.',
  422: 'Invalid address.',
  429: 'Too many requests (scenarios can produce it).',
  500: 'Unexpected server error.',
  503: 'Temporarily unavailable (scenarios can produce it).',
};

export const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorEnvelope } } });

type Def = Omit<RouteConfig, 'responses' | 'middleware' | 'operationId'> & {
  operationId: string;
  responses: RouteConfig['responses'];
  errors?: number[];
};

export function kustomRoute<const D extends Def>(def: D) {
  const statuses = [400, 401, 404, 413, 429, 500, 503, ...(def.request?.body ? [415] : []), ...(def.errors ?? [])];
  const errors = Object.fromEntries([...new Set(statuses)].map((s) => [s, errorResponse(ERROR_DESCRIPTIONS[s] ?? 'Error.')]));
  const { errors: _omit, ...rest } = def;
  return createRoute({
    ...rest,
    security: [{ basicAuth: [] }],
    middleware: [operation(def.operationId)] as const,
    responses: { ...errors, ...def.responses } as D['responses'],
  });
}

export const correlationHeader = { 'Klarna-Correlation-Id': { schema: { type: 'string' as const }, description: 'Correlation id of this request.' } };

export const noContent = (description: string) => ({ description, headers: correlationHeader });
