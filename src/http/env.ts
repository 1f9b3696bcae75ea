import type { Context } from 'hono';
import type { Fault } from '../core/scenarios/schema.js';
import type { ScenarioGate } from './scenarios.js';
import type { RequestScope } from '../core/state/request-scope.js';

/**
 * What the sandbox knows about a request as it goes through the edge and the route (see {@link vars}).
 *
 * @example
 * app.get('/x', (c) => c.text(vars(c).tenant ?? 'anonymous'));
 */
export interface SandboxVars {
  /** The tenant derived from the credential (set by the service's auth middleware). */
  tenant: string | undefined;
  /** operationId of the matched route (set before validation, so validation errors are journaled too). */
  operation: string | undefined;
  /** Correlation id of this request, echoed in vendor error bodies where the vendor has one. */
  correlationId: string | undefined;
  /** Its number in the journal's `correlations` (what the journal keeps). */
  correlation: number | undefined;
  /** The correlation header the edge has still to add to the answer (see `answerJson`). */
  correlationPending: string | undefined;
  /** Vendor error code of the response, for the journal. */
  errorCode: string | undefined;
  /** The service's scenario gate, run once the operation is known. */
  scenarioGate: ScenarioGate | undefined;
  /** `name#rule` of the scenario rule that fired, for the journal. */
  scenario: string | undefined;
  /** A network fault a scenario asked for; the edge layer (faults.ts) applies it. */
  fault: Fault | undefined;
  /** The request's JSON body as a scenario gate read it (for rules matching body fields and scenario messages). */
  requestJson: unknown;
  /** A request body a service parsed and validated itself (for APIs that take any Content-Type). */
  body: unknown;
  /** The service that answers this request (set by its journal middleware; unset for admin, docs, dashboard). */
  service: string | undefined;
  /** The record the request acts on and its status before and after, for the journal (set by the routes that change one). */
  transition: Transition | undefined;
  /** The idempotent request's scope, for its units (`state.unit(tenant, fn, scope)`): its change commits with its answer. */
  scope: RequestScope | undefined;
}

/** A record a request acted on (`subject`: its id) and its status before (`from`) and after (`to`). */
export interface Transition {
  subject: string;
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * Notes the record a request acts on and its status before; `to` once the change is made. Routes call it
 * inside their units, so a refused change (409, 403) is journaled with the status that refused it.
 *
 * @example
 * noteTransition(c, order.order_id, order.status); … noteTransition(c, order.order_id, order.status, next.status);
 */
export function noteTransition(c: Context, subject: string, from: string | undefined, to?: string): void {
  vars(c).transition = { subject, from, to };
}

/** The sandbox's Hono environment. Its per-request values are {@link vars}, not Hono's `c.get`/`c.set`. */
export interface SandboxEnv {
  Variables: Record<never, never>;
}

const VARS = Symbol('sandbox vars');

/**
 * The request's {@link SandboxVars}: one plain object per request, made on first use with every field
 * present. Hono's own variables (`c.set`/`c.get`) keep a Map per request; the dozen reads and writes
 * a GET makes came to about a tenth of the sandbox's own work per request (bench/RESULTS.md).
 *
 * @example
 * vars(c).tenant = 'kco_test_api_demo'; vars(c).tenant; // 'kco_test_api_demo'
 */
export function vars(c: Context): SandboxVars {
  const holder = c as Context & { [VARS]?: SandboxVars };
  return (holder[VARS] ??= {
    tenant: undefined, operation: undefined, correlationId: undefined, correlation: undefined, correlationPending: undefined, errorCode: undefined,
    scenarioGate: undefined, scenario: undefined, fault: undefined, requestJson: undefined, body: undefined, service: undefined, transition: undefined, scope: undefined,
  });
}
