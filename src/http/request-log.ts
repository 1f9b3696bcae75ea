import type { Context, MiddlewareHandler } from 'hono';
import type { SandboxEnv } from './env.js';
import { seenStatus } from './faults.js';
import type { Logger } from './service-module.js';

/**
 * One structured line per request (`--log-level info`): the three APIs at info, the admin API, docs and
 * dashboard at debug (the dashboard polls). The line carries what the journal knows: service, tenant,
 * operationId, status, duration, correlation id, vendor error code, scenario and fault. It also puts the
 * logger on the context, so error handlers anywhere log through it.
 *
 * @example
 * app.use('*', requestLog(log));
 * // {"time":"…","level":"info","msg":"request","method":"GET","path":"/v1/order/ready","status":200,"ms":0.61,"service":"oktopos","tenant":"okto_demo_key","operation":"getReadyOrders"}
 */
export function requestLog(log: Logger): MiddlewareHandler<SandboxEnv> {
  const infoOn = log.enabled('info');
  const debugOn = log.enabled('debug');
  return async (c, next) => {
    c.set('log', log);
    if (!infoOn) return next();
    const started = performance.now();
    await next();
    const service = c.get('service');
    if (!service && !debugOn) return;
    (service ? log.info : log.debug)('request', {
      method: c.req.method,
      path: c.req.path,
      status: seenStatus(c.get('fault'), c.res.status),
      ms: Math.round((performance.now() - started) * 100) / 100,
      service,
      tenant: c.get('tenant'),
      operation: c.get('operation'),
      correlationId: c.get('correlationId'),
      errorCode: c.get('errorCode'),
      scenario: c.get('scenario'),
      fault: c.get('fault'),
    });
  };
}

/** Logs an unexpected exception of a request (the client only ever sees its API's envelope). */
export function logUnexpected(c: Context, source: string, err: unknown): void {
  const log = (c as Context<SandboxEnv>).get('log');
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  if (log) log.error('unexpected error', { source, method: c.req.method, path: c.req.path, error: detail });
  else console.error(`[${source}] unexpected error on ${c.req.method} ${c.req.path}:`, err);
}
