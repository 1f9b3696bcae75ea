import { z } from '@hono/zod-openapi';
import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describeIssues, zodPath, type ValidationResult } from './validation.js';
import { logUnexpected } from './request-log.js';

/**
 * The admin API's own error envelope: `{"error": {"code", "message"}}`, used by `/__admin` and by the
 * services' admin routes. Messages say what was wrong and what to send instead.
 *
 * @example
 * throw new AdminError(404, 'NOT_FOUND', 'No checkout order x; create one with POST /checkout/v3/orders first.');
 */
export class AdminError extends Error {
  readonly status: 400 | 401 | 404 | 409 | 413 | 500;
  readonly code: string;
  constructor(status: AdminError['status'], code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export const AdminErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
}).openapi('AdminError');

export function adminErrorResponse(c: Context, status: AdminError['status'], code: string, message: string): Response {
  return c.json({ error: { code, message } }, status);
}

export const adminOnError: ErrorHandler = (err, c) => {
  if (err instanceof AdminError) return adminErrorResponse(c, err.status, err.code, err.message);
  if (err instanceof HTTPException) {
    if (err.status === 413) return adminErrorResponse(c, 413, 'REQUEST_TOO_LARGE', 'Request body is over 1 MB.');
    if (err.status === 415) return adminErrorResponse(c, 400, 'BAD_REQUEST', 'Send the body as application/json.');
    return adminErrorResponse(c, 400, 'BAD_REQUEST', `${err.message}. Send a JSON body.`);
  }
  logUnexpected(c, 'admin', err);
  return adminErrorResponse(c, 500, 'INTERNAL', 'Unexpected server error.');
};

export const adminValidationHook = (result: ValidationResult, c: Context): Response | undefined => {
  if (result.success) return;
  const { error, target } = result as { error: { issues: { path: PropertyKey[]; message: string }[] }; target: string };
  const first = error.issues[0];
  const where = first ? `${target} ${zodPath(first.path)}` : target;
  return adminErrorResponse(c, 400, 'BAD_REQUEST', `Invalid ${where}: ${describeIssues(error.issues)}`);
};

/** Documented error responses of an admin route: the given statuses plus 401 (admin token) and 413 (body limit), which any admin route may answer. */
export const adminErrorResponses = (...statuses: AdminError['status'][]) =>
  Object.fromEntries([...new Set<number>([...statuses, 401, 413])].map((s) => [s, { description: 'Error.', content: { 'application/json': { schema: AdminErrorSchema } } }]));
