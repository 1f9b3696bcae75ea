import { OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { SandboxEnv } from './env.js';
import type { ChainNext } from './chain.js';
import { plainStrings } from './plain-strings.js';

type Target = 'query' | 'param' | 'header';
type AnyHook = (result: { success: boolean; data: unknown; error?: unknown; target: Target }, c: Context<SandboxEnv>) => unknown;

/**
 * An OpenAPIHono app for a vendor API whose query, path and header validators finish without a
 * promise when the schema and the hook do (zod-openapi's run `safeParseAsync` inside three async
 * frames). With the sandbox's `chain` (http/chain.ts) a GET that needs no waiting is served without a
 * promise. The body validators, the documentation and the typing are zod-openapi's own.
 *
 * Same outcome as zod-openapi's validators for a hook that answers failures only, as every hook of the
 * sandbox does: the hook (the route's, else the app's `defaultHook`) sees a failure as
 * `{ success: false, error, data, target }` and may answer; without an answer it is a 400 with the zod
 * result. A success goes on to the route without asking the hook (zod-openapi asks it about successes
 * too, which costs an object per validated part of every request) and is what `c.req.valid(target)` returns.
 *
 * @example
 * const api = serviceApi({ defaultHook: kustomValidationHook });
 * api.openapi(getOrder, (c) => c.json(find(c.req.valid('param').order_id)));
 */
export function serviceApi(init?: ConstructorParameters<typeof OpenAPIHono<SandboxEnv>>[0]): OpenAPIHono<SandboxEnv> {
  const app = new OpenAPIHono<SandboxEnv>(init);
  const openapi = app.openapi;
  const replaced = (route: RouteConfig, handler: never, hook?: never) => {
    const { request } = route;
    if (!request || !(request.query || request.params || request.headers)) return openapi(route, handler, hook);
    const { middleware, hide, ...doc } = route;
    if (!hide) app.openAPIRegistry.registerPath(doc);
    const theHook: AnyHook = hook ?? ((r, c) => app.defaultHook?.(r as never, c as never));
    const ours: MiddlewareHandler<SandboxEnv>[] = [];
    if (request.query) ours.push(syncValidator('query', request.query, theHook));
    if (request.params) ours.push(syncValidator('param', request.params, theHook));
    if (request.headers) ours.push(syncValidator('header', request.headers as z.ZodType, theHook));
    const own = middleware ? [middleware].flat() : [];
    return openapi({ ...route, hide: true, request: { ...request, query: undefined, params: undefined, headers: undefined }, middleware: [...own, ...ours] }, handler, hook);
  };
  app.openapi = replaced as unknown as typeof app.openapi;
  return app;
}

/** zod-validator's validator for one target, synchronous while the schema and the hook are. */
function syncValidator(target: Target, schema: z.ZodType, hook: AnyHook): MiddlewareHandler<SandboxEnv> {
  // Header names arrive in lower case; the schema may spell them otherwise (as zod-validator does).
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  const headerKeys = target === 'header' && shape ? new Map(Object.keys(shape).map((k) => [k.toLowerCase(), k])) : undefined;
  // Plain strings matched against patterns (every path parameter schema): checked without zod when they pass.
  const fast = plainStrings(schema);
  const step = (c: Context<SandboxEnv>, next: ChainNext): unknown => {
    const value = read(c, target, headerKeys);
    const passed = fast?.(value);
    if (passed) {
      c.req.addValidatedData(target, passed);
      return next();
    }
    let result: z.ZodSafeParseResult<unknown>;
    try {
      result = schema.safeParse(value);
    } catch {
      // an asynchronous refinement somewhere in the schema
      return schema.safeParseAsync(value).then((r) => decide(c, next, value, r));
    }
    return decide(c, next, value, result);
  };
  const decide = (c: Context<SandboxEnv>, next: ChainNext, data: unknown, result: z.ZodSafeParseResult<unknown>): unknown => {
    if (result.success) return conclude(c, next, result, undefined);
    const answer = hook({ data, ...result, target }, c);
    if (answer instanceof Promise) return answer.then((a: unknown) => conclude(c, next, result, a));
    return conclude(c, next, result, answer);
  };
  const conclude = (c: Context<SandboxEnv>, next: ChainNext, result: z.ZodSafeParseResult<unknown>, answer: unknown): unknown => {
    if (answer instanceof Response) return answer;
    if (answer && typeof answer === 'object' && 'response' in answer) return (answer as { response: Response }).response;
    if (!result.success) return c.json(result, 400);
    c.req.addValidatedData(target, result.data as never);
    return next();
  };
  return step as unknown as MiddlewareHandler<SandboxEnv>;
}

function read(c: Context<SandboxEnv>, target: Target, headerKeys?: Map<string, string>): Record<string, unknown> {
  if (target === 'param') return c.req.param() as Record<string, string>;
  if (target === 'query') return Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
  const headers = c.req.header();
  return headerKeys ? Object.fromEntries(Object.entries(headers).map(([k, v]) => [headerKeys.get(k) ?? k, v])) : headers;
}
