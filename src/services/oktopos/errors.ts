import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Respond } from '../../core/scenarios/schema.js';
import { vars, type SandboxEnv } from '../../http/env.js';
import { literalResponse } from '../../http/scenarios.js';
import { logUnexpected } from '../../http/request-log.js';

/**
 * OktoPOS's error envelope on every 4xx/5xx, as a real instance answers:
 * `{"items":[],"messages":[{"data":{action,controller,module,request_time},"index":-1,"text","text_ns","type":"error"}],"success":false,"timestamp","version"}`.
 * `text` says what was wrong and what to send instead; `text_ns` is the per-case key.
 *
 * @example
 * throw new OktoError(oktoFailure(404, 'Order with internalId 99 not found.'));
 */
export const OKTO_VERSION = '3.93.4';

export type OktoStatus = 400 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 502 | 503 | 504;

export const TEXT_NS: Record<OktoStatus, string> = {
  400: 'default.error.validation', 403: 'default.error.authentication', 404: 'default.error.not_found', 409: 'default.error.conflict',
  413: 'default.error.validation', 422: 'default.error.validation', 429: 'default.error.rate_limit', 500: 'default.error.controller',
  502: 'default.error.controller', 503: 'default.error.pickup_time', 504: 'default.error.controller',
};

export interface OktoFailure {
  status: OktoStatus;
  text: string;
  textNs: string;
}

export const oktoFailure = (status: OktoStatus, text: string, textNs: string = TEXT_NS[status]): OktoFailure => ({ status, text, textNs });

export class OktoError extends Error {
  readonly failure: OktoFailure;
  constructor(f: OktoFailure) {
    super(f.text);
    this.failure = f;
  }
}

/** `2026-05-12T13:55:44+00:00`, as the instance writes its request time. */
function requestTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

/** `/v1/order/payment-status` → controller `order`, action `payment-status`; `/v1/articles` → `articles`, `index`. */
function route(path: string): { controller: string; action: string } {
  const [, , controller = 'default', action = 'index'] = path.split('/');
  return { controller, action };
}

export function oktoErrorResponse(c: Context<SandboxEnv>, f: OktoFailure, now: number = Date.now(), headers: Record<string, string> = {}): Response {
  vars(c).errorCode = f.textNs;
  const { controller, action } = route(c.req.path);
  return c.json({
    items: [],
    messages: [{ data: { action, controller, module: 'v1', request_time: requestTime(now) }, index: -1, text: f.text, text_ns: f.textNs, type: 'error' }],
    success: false,
    timestamp: Math.floor(now / 1000),
    version: OKTO_VERSION,
  }, f.status, headers);
}

export function oktoOnError(now: (c: Context<SandboxEnv>) => number): ErrorHandler<SandboxEnv> {
  return (err, c) => {
    if (err instanceof OktoError) return oktoErrorResponse(c, err.failure, now(c));
    if (err instanceof HTTPException && err.status === 413) return oktoErrorResponse(c, oktoFailure(413, 'Request body is larger than 10 MB.'), now(c));
    logUnexpected(c, 'oktopos', err);
    return oktoErrorResponse(c, oktoFailure(500, 'An unexpected error occurred.'), now(c));
  };
}

/** A scenario's `respond` in the OktoPOS envelope; `error` names the `text_ns`. */
export function oktoScenarioResponse(now: (c: Context<SandboxEnv>) => number) {
  return (c: Context<SandboxEnv>, r: Respond): Response => {
    const literal = literalResponse(c, r);
    if (literal) return literal;
    const status = r.status as OktoStatus;
    const ns = r.error ?? TEXT_NS[status] ?? 'default.error.controller';
    return oktoErrorResponse(c, oktoFailure(status, `Scenario answer: ${ns}.`, ns), now(c), r.headers);
  };
}

export const OKTO_SCENARIO_ERRORS = [...new Set(Object.values(TEXT_NS))];
