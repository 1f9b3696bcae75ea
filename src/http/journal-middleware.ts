import type { MiddlewareHandler } from 'hono';
import type { Clock } from '../core/clock.js';
import type { Journal } from '../core/journal.js';
import type { SandboxEnv } from './env.js';
import { seenStatus } from './faults.js';

/**
 * Records every request of a service in the journal once it has been answered.
 *
 * @example
 * app.use('/ordermanagement/*', journalMiddleware({ service: 'kustom', journal, clock }));
 */
export function journalMiddleware(opts: { service: string; journal: Journal; clock: Clock }): MiddlewareHandler<SandboxEnv> {
  const { service, journal, clock } = opts;
  return async (c, next) => {
    const started = performance.now();
    c.set('service', service);
    try {
      await next();
    } finally {
      const tenant = c.get('tenant') ?? null;
      journal.record({
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
    }
  };
}
