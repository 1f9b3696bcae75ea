import type { MiddlewareHandler } from 'hono';
import type { SandboxEnv } from './env.js';

/**
 * Route middleware that names the operation (the OpenAPI operationId) before validation runs,
 * so the journal, scenarios and error envelopes know which operation a request was — even a refused
 * one — and then lets the service's scenario gate decide whether the request goes on.
 *
 * @example
 * createRoute({ operationId: 'getOrder', middleware: [operation('getOrder')], … })
 */
export function operation(operationId: string): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    c.set('operation', operationId);
    const gate = c.get('scenarioGate');
    if (gate) return gate(c, next);
    await next();
  };
}
