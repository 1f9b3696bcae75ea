import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { vars, type SandboxEnv } from '../../http/env.js';
import { json } from '../../http/openapi.js';
import { operation } from '../../http/operation.js';
import { zodPath } from '../../http/validation.js';
import { OktoError, oktoFailure } from './errors.js';
import { ErrorEnvelope } from './schemas.js';

/**
 * Builds OktoPOS routes: operationId first, `X-API-KEY` security, the error envelope on every
 * documented error status, and — for bodies, which the Order-Api declares `*` + `/` + `*` — a body
 * parsed as JSON whatever its Content-Type and checked against the schema (400 naming the field).
 *
 * @example
 * oktoRoute({ method: 'post', path: '/v1/order/status', operationId: 'setOrderStatus', body: StatusRequest, … })
 */
const ERRORS: Record<number, string> = {
  400: 'Validation failed (`default.error.validation`), naming the field.',
  403: 'Missing or unknown X-API-KEY (`default.error.authentication`).',
  404: 'Unknown internalId or sender orderId (`default.error.not_found`).',
  409: 'Duplicate sender orderId, naming the existing internalId (`default.error.conflict`).',
  413: 'Body over 10 MB.',
  422: 'Unknown article, distribution channel or tax rate (`default.error.validation`).',
  429: 'Too many requests (scenarios can produce it).',
  500: 'Unexpected error (`default.error.controller`).',
  503: 'Pickup time in the past (`default.error.pickup_time`, create only), or the till is unavailable (`default.error.controller`; scenarios can produce it).',
};

interface Parseable { safeParse(v: unknown): { success: true; data: unknown } | { success: false; error: { issues: { path: PropertyKey[]; message: string; code?: string }[] } } }

function describe(issue: { path: PropertyKey[]; message: string; code?: string }, body: unknown): string {
  const field = zodPath(issue.path);
  let v: unknown = body;
  for (const p of issue.path) v = v && typeof v === 'object' && Object.hasOwn(v, p) ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  if (v === undefined) return `Field '${field}' is required.`;
  return `Field '${field}' is invalid: ${issue.message}.`;
}

/** Parses the body as JSON (any Content-Type) and checks it; the handler reads it with `vars(c).body`. */
export function oktoBody(schema: Parseable): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    let text: string;
    try {
      text = await c.req.text();
    } catch {
      throw new OktoError(oktoFailure(400, 'The request body could not be read: the client stopped sending it.'));
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new OktoError(oktoFailure(400, text.trim() === '' ? 'The request body is empty: send the order as JSON.' : 'The request body is not valid JSON.'));
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new OktoError(oktoFailure(400, 'The request body must be a JSON object.'));
    const r = schema.safeParse(body);
    if (!r.success) {
      const first = r.error.issues[0];
      throw new OktoError(oktoFailure(400, first ? describe(first, body) : 'The request body is invalid.'));
    }
    vars(c).body = r.data;
    await next();
  };
}

type Def = Omit<RouteConfig, 'responses' | 'middleware' | 'operationId' | 'request'> & {
  operationId: string;
  responses: RouteConfig['responses'];
  errors?: number[];
  body?: Parseable & object;
  bodyDescription?: string;
};

export function oktoRoute<const D extends Def>(def: D) {
  const statuses = [...new Set([403, 429, 500, 503, ...(def.body ? [400, 413] : []), ...(def.errors ?? [])])].sort();
  const errors = Object.fromEntries(statuses.map((s) => [s, { description: ERRORS[s] ?? 'Error.', ...json(ErrorEnvelope) }]));
  const { errors: _e, body, bodyDescription, ...rest } = def;
  return createRoute({
    ...rest,
    security: [{ ApiKeyAuth: [] }],
    middleware: (body ? [operation(def.operationId), oktoBody(body)] : [operation(def.operationId)]) as [MiddlewareHandler],
    ...(body ? { request: { body: { description: bodyDescription ?? 'JSON, sent with any Content-Type.', content: { '*/*': { schema: body as never } }, required: true } } } : {}),
    responses: { ...errors, ...def.responses } as D['responses'],
  });
}
