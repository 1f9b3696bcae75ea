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
  const step: MiddlewareHandler<SandboxEnv> = (c, next) => {
    vars(c).operation = operationId;
    const gate = vars(c).scenarioGate;
    return gate ? gate(c, next) : next();
  };
  return Object.assign(step, { [OPERATION_ID]: operationId });
}

/** Where {@link operation} leaves its operationId on the step, for mountService to name the operation before the edge runs. */
export const OPERATION_ID = Symbol('operationId');

/** The operationId a route's steps name, if one of them is an {@link operation} step. */
export function operationOf(steps: readonly unknown[]): string | undefined {
  for (const s of steps) {
    const id = (s as { [OPERATION_ID]?: string } | null)?.[OPERATION_ID];
    if (id) return id;
  }
  return undefined;
}
