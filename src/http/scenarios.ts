import type { Context, MiddlewareHandler, Next } from 'hono';
import type { ScenarioEngine } from '../core/scenarios/engine.js';
import type { Respond } from '../core/scenarios/schema.js';
import type { SandboxEnv } from './env.js';

/**
 * Failure injection as middleware: handlers never know about scenarios. A service installs this on
 * its prefixes; once the route has named the operation (see `operation()`), the gate asks the engine
 * and either lets the request through, delays it, or answers in the vendor's own envelope.
 *
 * `X-Sandbox-Scenario: a,b` applies the named loaded scenarios to that one request, armed or not.
 *
 * @example
 * api.use('/checkout/*', scenarioMiddleware(ctx.scenarios, 'kustom', (c, r) => kustomScenarioResponse(c, r)));
 */
export const SCENARIO_HEADER = 'x-sandbox-scenario';

export type ScenarioGate = (c: Context<SandboxEnv>, next: Next) => Promise<Response | void>;

export function scenarioMiddleware(engine: ScenarioEngine, service: string, respond: (c: Context<SandboxEnv>, r: Respond) => Response): MiddlewareHandler<SandboxEnv> {
  const gate: ScenarioGate = async (c, next) => {
    const operation = c.get('operation');
    if (!operation || !engine.concerns(service, operation)) return next();
    let body: unknown;
    if (engine.needsBody(service, operation) && /json/i.test(c.req.header('content-type') ?? '')) {
      body = await c.req.json().catch(() => undefined);
    }
    const named = (c.req.header(SCENARIO_HEADER) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const decision = engine.decide({ service, operation, tenant: c.get('tenant'), params: c.req.param() as Record<string, string>, header: (n) => c.req.header(n), body }, named);
    if (!decision) return next();
    c.set('scenario', `${decision.scenario}#${decision.ruleIndex + 1}`);
    const { delay, respond: answer } = decision.rule;
    if (delay) {
      await new Promise((r) => setTimeout(r, delay.ms + Math.round((delay.jitter ?? 0) * decision.random)));
      return next();
    }
    if (answer) return respond(c, answer);
    return next();
  };
  return async (c, next) => {
    c.set('scenarioGate', gate);
    await next();
  };
}

/**
 * Answers a scenario's `respond` that needs no vendor envelope: a literal body, or a success status
 * without an error code. Returns null when the service must build its own error envelope.
 */
export function literalResponse(c: Context, r: Respond): Response | null {
  if (r.body !== undefined) return c.json(r.body as object, r.status as 200, r.headers);
  if (r.error === undefined && r.status < 400) return new Response(null, { status: r.status, headers: r.headers });
  return null;
}
