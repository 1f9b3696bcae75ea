import type { Context, ErrorHandler, Handler, MiddlewareHandler } from 'hono';
import { vars, type SandboxEnv } from './env.js';

/**
 * The `next` a {@link chain} step gets: the rest of the chain, finished either synchronously (no promise
 * was needed) or when the promise settles. `await next()` works for both; a step that wants to stay
 * synchronous checks `instanceof Promise`.
 */
export type ChainNext = () => void | Promise<void>;

/**
 * One step of a {@link chain}. Hono's middleware and handlers are steps too: they `await next()` (or
 * return it), which is right for either kind of `next`.
 */
export type ChainStep = (c: Context<SandboxEnv>, next: ChainNext) => unknown;

/**
 * A route's steps (the service edge, the route's middleware, its validators and its handler) as one
 * Hono handler, with the semantics of Hono's `compose`: each step gets the context and the rest of the
 * chain as `next`; a Response a step returns becomes `c.res` unless the context already has one.
 *
 * Unlike `compose` it makes no promise of its own: a step that returns synchronously is done
 * synchronously, so a request whose steps all answer without waiting goes through without a single
 * promise, and Hono, seeing one handler for the route, skips `compose` altogether. On a GET that was
 * a dozen async frames and their microtasks per request (bench/RESULTS.md).
 *
 * As in `compose`, an Error a step throws (or rejects with) becomes `c.res` through `onError` right
 * there, so the steps around it see an answer, not an exception (the idempotency cache keeps a refusal
 * that way). Without `onError` it goes on up to Hono's error handler.
 *
 * `operationId`, when given, is the request's operation from the start (see mountService).
 *
 * @example
 * app.on('GET', '/ordermanagement/v1/orders/:order_id', chain([edge, operation('getOrder'), paramValidator, handler]));
 */
export function chain(steps: readonly (ChainStep | MiddlewareHandler<SandboxEnv> | Handler<SandboxEnv>)[], onError?: ErrorHandler<SandboxEnv>, operationId?: string): Handler<SandboxEnv> {
  const failed = (c: Context<SandboxEnv>, err: unknown): void | Promise<void> => {
    if (!onError || !(err instanceof Error)) throw err;
    c.error = err;
    const res = onError(err, c);
    if (res instanceof Promise) return res.then((r) => { c.res = r; });
    c.res = res;
  };
  const run = (c: Context<SandboxEnv>, i: number, next: ChainNext): void | Promise<void> => {
    const step = steps[i] as ChainStep | undefined;
    if (!step) return undefined;
    let out: unknown;
    try {
      out = step(c, next);
    } catch (err) {
      return failed(c, err);
    }
    if (out instanceof Promise) return out.then((res: unknown) => keep(c, res), (err: unknown) => failed(c, err));
    keep(c, out);
  };
  return (c) => {
    // Named before the first step, so even a refusal at the edge (a 401, a 413) is journaled as its operation.
    if (operationId) vars(c).operation = operationId;
    // One `next` for every step: each calls it once, in order, so a counter says which step is next.
    let at = 0;
    const next: ChainNext = () => run(c, ++at, next);
    const done = run(c, 0, next);
    return done instanceof Promise ? done.then(() => answered(c)) : answered(c);
  };
}

function keep(c: Context<SandboxEnv>, res: unknown): void {
  if (res instanceof Response && !c.finalized) c.res = res;
}

/** The chain's answer, or undefined when no step gave one (Hono then answers with its not-found handler). */
const answered = (c: Context<SandboxEnv>): Response | undefined => (c.finalized ? c.res : undefined);
