import type { Context, MiddlewareHandler } from 'hono';
import { vars, type SandboxEnv } from './env.js';
import type { Logger } from './service-module.js';

/**
 * Logging at the edge. The three APIs' requests are logged by their journal middleware (at info, the
 * journal entry as a line); this adds, at debug only, a line for every other request (admin, docs,
 * dashboard: the dashboard polls). The sandbox registers it only when debug is on, so no request pays
 * for it otherwise.
 *
 * @example
 * if (log.enabled('debug')) app.use('*', otherRequestsLog(log));
 */
export function otherRequestsLog(log: Logger): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    if (vars(c).service) return; // journaled and logged by its service
    log.debug('request', { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round((performance.now() - started) * 100) / 100 });
  };
}

/** What the sandbox passes every request as its environment (beside Node's incoming/outgoing). */
export interface LogEnv {
  log?: Logger;
}

/**
 * Logs an unexpected exception of a request through the sandbox's logger, which reaches the error
 * handlers as the request's environment (the client only ever sees its API's envelope).
 */
export function logUnexpected(c: Context, source: string, err: unknown): void {
  const log = (c.env as LogEnv | undefined)?.log;
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  if (log) log.error('unexpected error', { source, method: c.req.method, path: c.req.path, error: detail });
  else console.error(`[${source}] unexpected error on ${c.req.method} ${c.req.path}:`, err);
}
