import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { vars, type SandboxEnv } from '../../http/env.js';
import { describeIssues, hintText, zodPath, type ValidationResult } from '../../http/validation.js';
import type { Respond } from '../../core/scenarios/schema.js';
import { literalResponse } from '../../http/scenarios.js';
import { badValue, internalError, invalidOrderId, KUSTOM_ERROR_CATALOGUE, tooLarge, unsupportedContentType, type KustomFailure } from './failures.js';
import { logUnexpected } from '../../http/request-log.js';

/**
 * Kustom's error envelope `{error_code, error_messages, correlation_id}` for every error that leaves
 * the Kustom routes: business failures, validation, malformed JSON, size limits and the unexpected.
 *
 * @example
 * throw new KustomError(failure(403, 'NOT_ALLOWED', 'Update not allowed.'));
 */
export class KustomError extends Error {
  readonly failure: KustomFailure;
  /** What the client should do instead, in words, for the `X-Sandbox-Hint` header. */
  readonly hint: string | undefined;
  constructor(f: KustomFailure, hint?: string) {
    super(`${f.code}: ${f.messages.join(' ')}`);
    this.failure = f;
    this.hint = hint;
  }
}

/** Throws the failure of a Result, or returns its value. */
export function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: KustomFailure }): T {
  if (!r.ok) throw new KustomError(r.error);
  return r.value;
}

export const HINT_HEADER = 'X-Sandbox-Hint';

/** Renders a failure as Kustom's envelope with the request's correlation id. */
export function kustomErrorResponse(c: Context<SandboxEnv>, f: KustomFailure, hint?: string, extraHeaders: Record<string, string> = {}): Response {
  vars(c).errorCode = f.code;
  const correlationId = vars(c).correlationId ?? crypto.randomUUID();
  const headers: Record<string, string> = { ...extraHeaders, 'Klarna-Correlation-Id': correlationId };
  if (hint) headers[HINT_HEADER] = hintText(hint);
  if (f.status === 401) headers['WWW-Authenticate'] = 'Basic realm="Kustom"';
  return c.json({ error_code: f.code, error_messages: f.messages, correlation_id: correlationId }, f.status, headers);
}

export const kustomOnError: ErrorHandler<SandboxEnv> = (err, c) => {
  if (err instanceof KustomError) return kustomErrorResponse(c, err.failure, err.hint);
  if (err instanceof HTTPException) {
    if (err.status === 413) return kustomErrorResponse(c, tooLarge());
    if (err.status === 415) return kustomErrorResponse(c, unsupportedContentType(), 'send the body as JSON with Content-Type: application/json');
    if (err.status === 400) return kustomErrorResponse(c, badValue('body'), err.message);
  }
  logUnexpected(c, 'kustom', err);
  return kustomErrorResponse(c, internalError());
};

/** Error code a scenario gets when it names only a status. */
const DEFAULT_CODE: Record<number, string> = {
  400: 'BAD_VALUE', 401: 'UNAUTHORIZED', 403: 'NOT_ALLOWED', 404: 'NO_SUCH_ORDER', 409: 'CONFLICT', 413: 'REQUEST_TOO_LARGE',
  422: 'INVALID_ADDRESS', 429: 'TOO_MANY_REQUESTS', 500: 'INTERNAL_SERVER_ERROR', 502: 'TEMPORARILY_UNAVAILABLE', 503: 'TEMPORARILY_UNAVAILABLE', 504: 'TEMPORARILY_UNAVAILABLE',
};

/** A scenario's `respond` in Kustom's envelope, with the catalogue's message for its error code. */
export function kustomScenarioResponse(c: Context<SandboxEnv>, r: Respond): Response {
  const literal = literalResponse(c, r);
  if (literal) return literal;
  const code = r.error ?? DEFAULT_CODE[r.status] ?? (r.status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_VALUE');
  const message = KUSTOM_ERROR_CATALOGUE[code]?.message ?? code;
  return kustomErrorResponse(c, { status: r.status as KustomFailure['status'], code, messages: message ? [message] : [] }, undefined, r.headers);
}

/** Validation hook: a bad path id is INVALID_ORDER_ID, anything else BAD_VALUE naming each field. */
export const kustomValidationHook = (result: ValidationResult, c: Context<SandboxEnv>): Response | undefined => {
  if (result.success) return;
  const { error, target } = result as { error: { issues: { path: PropertyKey[]; message: string }[] }; target: string };
  const hint = describeIssues(error.issues);
  if (target === 'param') return kustomErrorResponse(c, invalidOrderId(), hint);
  const paths = [...new Set(error.issues.map((i) => zodPath(i.path)))];
  return kustomErrorResponse(c, badValue(...paths), hint);
};
