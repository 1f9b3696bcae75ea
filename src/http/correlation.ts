import type { MiddlewareHandler } from 'hono';
import type { SandboxEnv } from './env.js';

/**
 * Gives each request a correlation id and returns it in a response header (kept when a replayed
 * response already carries one).
 *
 * @example
 * api.use('/ordermanagement/*', correlation('Klarna-Correlation-Id'));
 */
export function correlation(header: string): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const id = crypto.randomUUID();
    c.set('correlationId', id);
    c.header(header, id); // part of the response from the start, so an idempotent replay carries it too
    await next();
    if (!c.res.headers.has(header)) c.res.headers.set(header, c.get('correlationId') as string);
  };
}
