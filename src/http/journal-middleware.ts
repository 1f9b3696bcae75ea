import type { MiddlewareHandler } from 'hono';
import type { Clock } from '../core/clock.js';
import type { Journal } from '../core/journal.js';
import type { SandboxEnv } from './env.js';
import { seenStatus } from './faults.js';
import type { Logger } from './service-module.js';

/**
 * Records every request of a service in the journal once it has been answered, and with `--log-level
 * info` writes the same entry as one structured log line.
 *
 * @example
 * app.use('/ordermanagement/*', journalMiddleware({ service: 'kustom', journal, clock, log }));
 * // {"time":"…","level":"info","msg":"request","method":"GET","path":"/v1/order/ready","status":200,"ms":0.61,"service":"oktopos","tenant":"okto_demo_key","operation":"getReadyOrders"}
 */
export function journalMiddleware(opts: { service: string; journal: Journal; clock: Clock; log?: Logger | undefined }): MiddlewareHandler<SandboxEnv> {
  const { service, journal, clock, log } = opts;
  const logOn = log?.enabled('info') ?? false;
  return async (c, next) => {
    const started = performance.now();
    c.set('service', service);
    try {
      await next();
    } finally {
      const tenant = c.get('tenant') ?? null;
      const e = journal.record({
        at: new Date(clock.now(service, tenant ?? undefined)).toISOString(),
        service,
        tenant,
        operation: c.get('operation') ?? 'unknown',
        method: c.req.method,
        path: c.req.path,
        status: seenStatus(c.get('fault'), c.res.status),
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        correlationId: c.get('correlationId'),
        errorCode: c.get('errorCode'),
        scenario: c.get('scenario'),
        fault: c.get('fault'),
      });
      if (logOn) {
        log?.info('request', {
          method: e.method, path: e.path, status: e.status, ms: e.durationMs, service, tenant: e.tenant ?? undefined,
          operation: c.get('operation'), correlationId: e.correlationId, errorCode: e.errorCode, scenario: e.scenario, fault: e.fault,
        });
      }
    }
  };
}
