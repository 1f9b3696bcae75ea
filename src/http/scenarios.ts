import type { Context, Next } from 'hono';
import type { Clock } from '../core/clock.js';
import type { ScenarioEngine } from '../core/scenarios/engine.js';
import type { OutcomeOffer } from '../core/scenarios/load.js';
import { OUTCOME_EFFECTS, type OutcomeEffect, type Respond } from '../core/scenarios/schema.js';
import { vars, type SandboxEnv } from './env.js';
import { faultStandIn } from './faults.js';

/**
 * Failure injection as a gate: handlers never know about scenarios. A service's edge (service-edge.ts)
 * hands the gate to each request; once the route has named the operation (see `operation()`), the gate asks the engine
 * and lets the request through, delays it, answers in the vendor's own envelope (`respond`, `rate_limit`),
 * marks a network fault for the edge (`fault`, see faults.ts), or lets the operation run and then steers
 * its asynchronous outcome through the service's outcome handler (`webhook`, `fraud_status`, `kitchen`).
 *
 * `X-Sandbox-Scenario: a,b` applies the named loaded scenarios to that one request, armed or not.
 *
 * @example
 * const gate = scenarioGate(ctx.scenarios, 'kustom', { respond: kustomScenarioResponse }, ctx); // see serviceEdge
 */
export const SCENARIO_HEADER = 'x-sandbox-scenario';

export type ScenarioGate = (c: Context<SandboxEnv>, next: Next) => Promise<Response | void>;

/** A service's side of a domain-outcome effect. */
export interface OutcomeHandler extends OutcomeOffer {
  /** Steers what the operation just did; `answer` is its 2xx JSON body. Returns false when it had nothing to steer. */
  apply(c: Context<SandboxEnv>, answer: unknown, effect: unknown): Promise<boolean>;
}

export type OutcomeHandlers = Partial<Record<OutcomeEffect, OutcomeHandler>>;

export interface ScenarioHooks {
  /** A `respond` (or a rate limit's 429) in the vendor's envelope. */
  respond: (c: Context<SandboxEnv>, r: Respond) => Response;
  outcomes?: OutcomeHandlers;
}

/** What the gate needs of its sandbox: the clock (rate-limit windows count in sandbox time) and how to wait (a `delay`). */
export interface GateEnv {
  clock: Pick<Clock, 'now'>;
  sleep: (ms: number) => Promise<void>;
  /** The commit of what the engine counted, when one is in flight: the answer waits until it is durable. */
  durable?: () => Promise<void> | undefined;
  /** Replicas: runs the decision with the stored counters taken (SystemState.decide). */
  decide?: <T>(decide: () => T) => Promise<T>;
}

export function scenarioGate(engine: ScenarioEngine, service: string, hooks: ScenarioHooks, env: GateEnv): ScenarioGate {
  const decide = async (c: Context<SandboxEnv>, next: Next, operation: string): Promise<Response | void> => {
    const isJson = /json/i.test(c.req.header('content-type') ?? '');
    let body: unknown;
    if (engine.needsBody(service, operation) && isJson) body = await c.req.json().catch(() => undefined);
    const named = (c.req.header(SCENARIO_HEADER) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const tenant = vars(c).tenant;
    const facts = { service, operation, tenant, params: c.req.param() as Record<string, string>, header: (n: string) => c.req.header(n), body, now: env.clock.now(service, tenant) };
    const decision = env.decide ? await env.decide(() => engine.decide(facts, named)) : engine.decide(facts, named);
    const counted = env.durable?.();
    if (counted) await counted; // a half-used `times` survives a crash once the client has seen its effect
    if (!decision) return next();
    const label = `${decision.scenario}#${decision.ruleIndex + 1}`;
    vars(c).scenario = label;
    const rule = decision.rule;
    if (rule.delay) {
      await env.sleep(rule.delay.ms + Math.round((rule.delay.jitter ?? 0) * decision.random));
      return next();
    }
    if ((rule.respond || rule.rate_limit) && isJson && body === undefined) body = await c.req.json().catch(() => undefined);
    vars(c).requestJson = body;
    if (rule.respond) return hooks.respond(c, rule.respond);
    if (rule.rate_limit && decision.rateLimit) {
      const { limit, windowSeconds, resetSeconds } = decision.rateLimit;
      const headers = { 'Retry-After': String(resetSeconds), 'X-Ratelimit-Limit': `${limit}, ${limit};w=${windowSeconds}`, 'X-Ratelimit-Remaining': '0', 'X-Ratelimit-Reset': String(resetSeconds) };
      return hooks.respond(c, { status: 429, ...(rule.rate_limit.error ? { error: rule.rate_limit.error } : {}), headers });
    }
    if (rule.fault) {
      vars(c).fault = rule.fault;
      if (rule.fault === 'commit_then_drop') return next();
      return faultStandIn();
    }
    const effect = OUTCOME_EFFECTS.find((e) => rule[e] !== undefined);
    const handler = effect && hooks.outcomes?.[effect];
    await next();
    if (!handler || c.res.status >= 300) {
      vars(c).scenario = `${label} (not applied: the operation answered ${c.res.status})`;
      return;
    }
    const answer = await c.res.clone().json().catch(() => undefined);
    if (!(await handler.apply(c, answer, rule[effect]))) vars(c).scenario = `${label} (not applied: nothing to steer)`;
  };
  // The common case (no scenario concerns the operation) makes no promise of its own.
  return (c, next) => {
    const operation = vars(c).operation;
    return operation && engine.concerns(service, operation) ? decide(c, next, operation) : next();
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
