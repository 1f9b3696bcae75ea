import type { Context, ErrorHandler, Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { applyFault, seenStatus } from './faults.js';
import { scenarioGate, type ScenarioHooks } from './scenarios.js';
import type { ServiceContext } from './service-module.js';
import type { ChainNext, ChainStep } from './chain.js';
import { vars, type SandboxEnv, type SandboxVars } from './env.js';

/**
 * Everything a vendor API does around each of its requests, as one step: correlation id,
 * journal entry (and at `--log-level info` the same entry as a log line), body limit, authentication,
 * idempotency keys, the scenario gate, and the network fault a scenario asked for.
 *
 * The first step of every route's {@link chain} under the service's prefixes (`ServiceModule.edges`; the
 * sandbox also puts it in front of the service's not-found answer). One step rather than seven: every
 * Hono middleware layer costs an async frame and a promise per request, which on a GET came to about a
 * third of the sandbox's own time (bench/RESULTS.md). It returns synchronously when the rest of the
 * chain did. Requests without a body skip the body limit and the idempotency cache outright (touching
 * the body makes @hono/node-server build a full Request).
 *
 * Order, outermost first: correlation → journal → fault → body limit → authentication → idempotency
 * (→ the route: operation name, scenario gate, validation, handler). An error thrown by the
 * authentication is answered by the API's `onError` here, so the journal sees that answer.
 *
 * @example
 * edges: [{ prefix: '/ordermanagement', edge: serviceEdge(ctx, { service: 'kustom', correlationHeader: 'Klarna-Correlation-Id', … }) }]
 * // {"time":"…","level":"info","msg":"request","method":"GET","path":"/v1/order/ready","status":200,"ms":0.61,"service":"oktopos","tenant":"okto_demo_key","operation":"getReadyOrders"}
 */
export interface EdgeConfig {
  service: string;
  /** Response header carrying the request's correlation id; none when the API has no such header. */
  correlationHeader?: string;
  /** A second id header derived from the correlation id: AWS API Gateway's `x-amz-apigw-id` (11 bytes, base64) beside `x-amzn-RequestId`. */
  gatewayIdHeader?: string;
  maxBody: number;
  /** The API's own 413 answer. */
  tooLarge: (c: Context<SandboxEnv>) => Response;
  /** Names the tenant from the request's credential, or throws the API's own error. None: the route authenticates. */
  authenticate?: (c: Context<SandboxEnv>) => string;
  /** Request header of idempotency keys; none when the API has none. */
  idempotencyHeader?: string;
  scenarios: ScenarioHooks;
  /** The API's error handler (its envelope for thrown errors). */
  onError: ErrorHandler<SandboxEnv>;
}

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function serviceEdge(ctx: Pick<ServiceContext, 'journal' | 'clock' | 'log' | 'scenarios' | 'idempotency' | 'shutdown' | 'sleep' | 'durable' | 'decide'>, cfg: EdgeConfig): ChainStep {
  const { service, correlationHeader: header, gatewayIdHeader: gwHeader, authenticate, onError } = cfg;
  const { journal, clock, log, shutdown } = ctx;
  const logOn = log.enabled('info');
  const ids = journal.correlations;
  const gate = scenarioGate(ctx.scenarios, service, cfg.scenarios, ctx);
  const limit = bodyLimit({ maxSize: cfg.maxBody, onError: cfg.tooLarge });
  const idempotent = cfg.idempotencyHeader ? ctx.idempotency.middleware({ header: cfg.idempotencyHeader, service }) : null;
  const withBody = (c: Context<SandboxEnv>, next: ChainNext) => limit(c, async () => {
    if (authenticate) vars(c).tenant = authenticate(c);
    if (!idempotent) return next();
    const replay = await idempotent(c, next as Next); // it awaits `next`
    if (replay instanceof Response) c.res = replay;
  });

  const keyHeader = cfg.idempotencyHeader;
  function record(c: Context<SandboxEnv>, v: SandboxVars, started: number, bodyless: boolean): void {
    const tenant = v.tenant ?? null;
    const t = v.transition;
    const e = {
      at: clock.now(service, tenant ?? undefined),
      service,
      tenant,
      operation: v.operation ?? 'unknown',
      method: c.req.method,
      path: c.req.path,
      status: seenStatus(v.fault, c.res.status),
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      correlation: v.correlation,
      errorCode: v.errorCode,
      scenario: v.scenario,
      fault: v.fault,
      idempotencyKey: keyHeader && !bodyless ? c.req.header(keyHeader) : undefined,
      subject: t?.subject,
      from: t?.from,
      to: t?.to,
    };
    journal.record(e);
    if (logOn) {
      log.info('request', {
        method: e.method, path: e.path, status: e.status, ms: e.durationMs, service, tenant: e.tenant ?? undefined,
        operation: e.operation, correlationId: v.correlationId, errorCode: e.errorCode, scenario: e.scenario, fault: e.fault,
      });
    }
  }

  /** After the rest of the chain: the correlation header, the journal entry, then the fault if any. */
  function finish(c: Context<SandboxEnv>, v: SandboxVars, started: number, bodyless: boolean): void | Promise<void> {
    if (header && (!bodyless || v.correlationPending) && !c.res.headers.has(header)) c.res.headers.set(header, v.correlationId as string);
    if (gwHeader && !c.res.headers.has(gwHeader)) c.res.headers.set(gwHeader, gatewayId(v.correlationId as string));
    record(c, v, started, bodyless);
    if (v.fault) return applyFault(c, v.fault, shutdown);
  }
  /** An error thrown by the rest of the chain, answered in the API's envelope. */
  function failed(c: Context<SandboxEnv>, err: unknown): void | Promise<void> {
    const res = onError(err as Error, c);
    if (res instanceof Promise) return res.then((r) => { c.res = r; });
    c.res = res;
  }

  // Not async: a GET whose route answers without waiting is served without a promise (see chain.ts).
  return (c, next: ChainNext) => {
    const started = performance.now();
    const v = vars(c);
    v.service = service;
    v.scenarioGate = gate;
    const bodyless = BODYLESS.has(c.req.method);
    if (header) {
      const n = ids.next();
      const id = ids.spell(n);
      v.correlation = n;
      v.correlationId = id;
      // With a body (idempotency keys): part of the response from the start, so a replay carries the
      // first request's id. Without: added at the end, unless the handler answered with `answerJson`.
      if (bodyless) v.correlationPending = header;
      else c.header(header, id);
    }
    let rest: void | Promise<void>;
    try {
      if (bodyless) {
        if (authenticate) v.tenant = authenticate(c);
        rest = next();
      } else {
        // a 413 or an idempotent replay; `next()` gives the context
        rest = withBody(c, next).then((early: unknown) => { if (early instanceof Response) c.res = early; });
      }
    } catch (err) {
      rest = failed(c, err);
    }
    if (!(rest instanceof Promise)) return finish(c, v, started, bodyless);
    return rest.then(undefined, (err: unknown) => failed(c, err)).then(() => finish(c, v, started, bodyless));
  };
}

/**
 * An API Gateway style id (`x-amz-apigw-id: Q6LNQGbeiYcFdxw=`): the last 11 bytes of the correlation id, base64.
 *
 * @example
 * gatewayId('59e8dc38-866f-437e-93fb-000000000001'); // 'b0N+k/sAAAAAAAE='
 */
export function gatewayId(correlationId: string): string {
  return Buffer.from(correlationId.replace(/-/g, '').slice(-22), 'hex').toString('base64');
}

/**
 * A JSON answer (already serialised, best as UTF-8 bytes) with its headers as a plain object, which @hono/node-server
 * writes without building a `Headers`: the correlation id the edge would add is put in here. For hot
 * read routes; `c.json` is right everywhere else.
 *
 * @example
 * return answerJson(c, orderToWireJson(order));
 */
export function answerJson(c: Context<SandboxEnv>, json: string | Uint8Array<ArrayBuffer>): Response {
  const v = vars(c);
  const header = v.correlationPending;
  if (header) v.correlationPending = undefined;
  // Spelt as on the wire already, so the response class passes the object on without copying it.
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  // Assigned, not a computed key in the literal: V8 builds `{ [k]: v }` through the runtime on every call.
  if (header) headers[header] = v.correlationId as string;
  return new Response(json, { status: 200, headers });
}
