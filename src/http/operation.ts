import type { MiddlewareHandler } from 'hono';
import type { SandboxEnv } from './env.js';

/**
 * Route middleware that names the operation (the OpenAPI operationId) before validation runs,
 * so the journal, scenarios and error envelopes know which operation a request was — even a refused one.
 *
 * @example
 * createRoute({ operationId: 'getOrder', middleware: [operation('getOrder')], … })
 */
export function operation(operationId: string): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    c.set('operation', operationId);
    await next();
  };
}
