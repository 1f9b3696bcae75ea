import type { MiddlewareHandler } from 'hono';
import { vars, type SandboxEnv } from './env.js';

/**
 * Route middleware that names the operation (the OpenAPI operationId) before validation runs,
 * so the journal, scenarios and error envelopes know which operation a request was — even a refused
 * one — and then lets the service's scenario gate decide whether the request goes on.
 *
 * @example
 * createRoute({ operationId: 'getOrder', middleware: [operation('getOrder')], … })
 */
export function operation(operationId: string): MiddlewareHandler<SandboxEnv> {
  // Not async: it adds no work after `next`, so it hands back the chain's promise instead of making one.
  return (c, next) => {
    vars(c).operation = operationId;
    const gate = vars(c).scenarioGate;
    return gate ? gate(c, next) : next();
  };
}
