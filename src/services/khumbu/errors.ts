import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Respond } from '../../core/scenarios/schema.js';
import { vars, type SandboxEnv } from '../../http/env.js';
import { literalResponse } from '../../http/scenarios.js';
import { describeIssues, hintText, zodPath, type ValidationResult } from '../../http/validation.js';
import { format, ks, KS_CATALOGUE, tooLarge, unsupportedMediaType, withHint, type KhumbuFailure, type KsStatus } from './failures.js';
import { logUnexpected } from '../../http/request-log.js';

/**
 * Every error that leaves the Khumbu routes: `{"code","message"}` for Khumbu's own, `{"message"}` for
 * the API Gateway in front of it. A zod failure becomes the KS code a user of the real API would get:
 * missing `providerOrderId` KS-0007, a missing top-level field KS-0011, a missing nested field KS-0006,
 * a bad fulfillment mode / payment method / currency / item type KS-0016/0017/0021/0022, anything else
 * KS-0010 naming the field. The details go to `X-Sandbox-Hint`, never into the body.
 *
 * @example
 * throw new KhumbuError(ks('KS-1005'));
 */
export class KhumbuError extends Error {
  readonly failure: KhumbuFailure;
  constructor(f: KhumbuFailure) {
    super(f.kind === 'ks' ? `${f.code}: ${f.message}` : f.message);
    this.failure = f;
  }
}

export const HINT_HEADER = 'X-Sandbox-Hint';

export function khumbuErrorResponse(c: Context<SandboxEnv>, f: KhumbuFailure, extraHeaders: Record<string, string> = {}): Response {
  const headers: Record<string, string> = { ...extraHeaders };
  if (f.hint) headers[HINT_HEADER] = hintText(f.hint);
  if (f.kind === 'gateway') {
    vars(c).errorCode = f.message;
    headers['x-amzn-ErrorType'] = f.status === 401 ? 'UnauthorizedException' : f.status === 403 ? 'ForbiddenException' : 'GatewayException';
    return c.json({ message: f.message }, f.status, headers);
  }
  vars(c).errorCode = f.code;
  return c.json({ code: f.code, message: f.message }, f.status, headers);
}

export const khumbuOnError: ErrorHandler<SandboxEnv> = (err, c) => {
  if (err instanceof KhumbuError) return khumbuErrorResponse(c, err.failure);
  if (err instanceof HTTPException) {
    if (err.status === 413) return khumbuErrorResponse(c, tooLarge());
    if (err.status === 415) return khumbuErrorResponse(c, unsupportedMediaType());
    if (err.status === 400) return khumbuErrorResponse(c, withHint(ks('KS-0001'), err.message));
  }
  logUnexpected(c, 'khumbu', err);
  return khumbuErrorResponse(c, ks('KS-2010'));
};

/** Error code a scenario gets when it names only a status. */
const DEFAULT_CODE: Record<number, string> = {
  400: 'KS-0010', 401: 'Unauthorized', 403: 'Forbidden', 404: 'KS-1001', 409: 'KS-1008', 429: 'Too Many Requests',
  500: 'KS-0004', 502: 'KS-2003', 503: 'Service Unavailable', 504: 'Endpoint request timed out',
};

/** A scenario's `respond` in Khumbu's envelope: a KS code, or `Forbidden`/`Unauthorized`/… for the gateway's. */
export function khumbuScenarioResponse(c: Context<SandboxEnv>, r: Respond): Response {
  const literal = literalResponse(c, r);
  if (literal) return literal;
  const code = r.error ?? DEFAULT_CODE[r.status] ?? (r.status >= 500 ? 'KS-2010' : 'KS-0010');
  const entry = KS_CATALOGUE[code];
  if (!entry) return khumbuErrorResponse(c, { kind: 'gateway', status: r.status as 401, message: code }, r.headers);
  return khumbuErrorResponse(c, { kind: 'ks', status: r.status as KsStatus, code, message: format(entry.message, scenarioArgs(c, code)) }, r.headers);
}

/** Where each KS message's `%s` comes from in the request: path parameters or body fields (dotted). */
const ARG_SOURCES: Record<string, readonly string[]> = {
  'KS-0003': ['param:integrationPartnerName'],
  'KS-0006': ['literal:order', 'literal:providerOrderId'],
  'KS-0009': ['body:partnerOrderId'],
  'KS-0012': ['param:posName'],
  'KS-0013': ['body:storeInformation.providerStoreId'],
  'KS-0014': ['body:storeInformation.partnerStoreId'],
  'KS-0016': ['body:serviceMode.fulfillmentMode'],
  'KS-0017': ['body:payments.paymentMethod'],
  'KS-0018': ['body:providerOrderId'],
  'KS-0020': ['body:providerOrderId'],
  'KS-0021': ['body:payments.currencyCode'],
  'KS-0022': ['body:orderItems.0.type'],
  'KS-1008': ['body:ksOrderId'],
};

/** The request's own values for a scenario message's `%s` slots (a scenario answer reads like the real one). */
function scenarioArgs(c: Context<SandboxEnv>, code: string): string[] {
  return (ARG_SOURCES[code] ?? []).map((src) => {
    const [kind, name = ''] = src.split(':') as [string, string];
    if (kind === 'literal') return name;
    if (kind === 'param') return c.req.param(name) ?? '';
    const v = valueAt(vars(c).requestJson, name.split('.'));
    return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
  });
}

/** Error codes a scenario's `respond.error` may name: every KS code and the gateway's messages. */
export const KHUMBU_SCENARIO_ERRORS = [...Object.keys(KS_CATALOGUE), 'Forbidden', 'Unauthorized', 'Too Many Requests', 'Internal server error', 'Service Unavailable', 'Endpoint request timed out'];

interface Issue { path: PropertyKey[]; message: string; code?: string }

const ENUM_CODES: Record<string, string> = { fulfillmentMode: 'KS-0016', paymentMethod: 'KS-0017', currencyCode: 'KS-0021' };

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Object.hasOwn(v, p) ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  }
  return v;
}

const isMissing = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
const shown = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v) ?? String(v)).slice(0, 100);

/** The KS failure a user of the real API gets for one failed check of a request body. */
export function failureForIssue(body: unknown, issue: Issue): KhumbuFailure & { kind: 'ks' } {
  const path = issue.path;
  const value = valueAt(body, path);
  const field = String(path[path.length - 1] ?? 'body');
  if (path.length === 0) return ks('KS-1003');
  if (path.length === 1 && field === 'providerOrderId') return ks('KS-0007');
  if (isMissing(value) || issue.code === 'too_small' && Array.isArray(value) && value.length === 0) {
    if (path.length === 1) return ks('KS-0011', field);
    const parent = [...path].slice(0, -1).reverse().find((p) => typeof p === 'string');
    return ks('KS-0006', String(parent ?? 'body'), field);
  }
  const enumCode = ENUM_CODES[field];
  if (enumCode) return ks(enumCode, shown(value));
  if (field === 'type' && path.includes('orderItems')) return ks('KS-0022', shown(value));
  return ks('KS-0010', zodPath(path));
}

/** Validation hook: the first failed check (providerOrderId first) as its KS code. */
export const khumbuValidationHook = async (result: ValidationResult, c: Context<SandboxEnv>): Promise<Response | undefined> => {
  if (result.success) return;
  const issues = (result.error as { issues: Issue[] }).issues;
  const body = result.target === 'json' ? await c.req.json().catch(() => undefined) : undefined;
  const first = issues.find((i) => i.path.length === 1 && i.path[0] === 'providerOrderId') ?? issues[0];
  const f = first ? failureForIssue(body, first) : ks('KS-1003');
  return khumbuErrorResponse(c, withHint(f, describeIssues(issues)));
};
