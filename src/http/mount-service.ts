import type { Context, Hono } from 'hono';
import { chain, type ChainStep } from './chain.js';
import { operationOf } from './operation.js';
import type { SandboxEnv } from './env.js';
import type { ServiceModule } from './service-module.js';

/** Whether `path` is `prefix` or lies below it. */
export const under = (path: string, prefix: string): boolean => path === prefix || path.startsWith(`${prefix}/`);

/** The edge of the service's longest prefix holding `path`, if any. */
export function edgeOf(svc: Pick<ServiceModule, 'edges'>, path: string): ChainStep | undefined {
  let best: { prefix: string; edge: ChainStep } | undefined;
  for (const e of svc.edges) if (under(path, e.prefix) && (!best || e.prefix.length > best.prefix.length)) best = e;
  return best?.edge;
}

/**
 * Mounts a service's routes on the sandbox's app, each as one handler: its edge, then what the route
 * registered (middleware, validators, handler) as one {@link chain}. Hono answers a path with one
 * handler without its `compose`, and the chain runs without promises while its steps do.
 *
 * Refuses (at start-up) middleware registered with `api.use`, which would otherwise be its own chain,
 * and routes outside every edge.
 *
 * @example
 * for (const s of services) mountService(app, s);
 */
export function mountService(app: Hono<SandboxEnv>, svc: ServiceModule): void {
  const routes = svc.api.routes;
  for (let i = 0; i < routes.length;) {
    const { method, path } = routes[i]!;
    const steps = [];
    // Hono lists a route registered with several handlers (`on(method, path, ...handlers)`) as consecutive entries.
    while (i < routes.length && routes[i]!.method === method && routes[i]!.path === path) steps.push(routes[i++]!.handler);
    if (method === 'ALL' && path.endsWith('*')) throw new Error(`${svc.name}: middleware on ${path} (api.use): put it in the routes or the edge`);
    const edge = edgeOf(svc, path);
    if (!edge) throw new Error(`${svc.name}: route ${method} ${path} is outside the prefixes of its edges`);
    app.on(method, path, chain([edge, ...steps], svc.onError, operationOf(steps)));
  }
}

/**
 * The sandbox's answer to an unknown path a service owns: the service's not-found envelope, behind the
 * edge of that path when it has one (so it is journaled, authenticated and given a correlation id as a
 * route of that prefix would be).
 */
export function serviceNotFound(svc: ServiceModule): (c: Context<SandboxEnv>) => Response | Promise<Response> {
  const behind = new Map(svc.edges.map((e) => [e.edge, chain([e.edge, (c: Context<SandboxEnv>) => svc.notFound(c)], svc.onError)]));
  return (c) => {
    const edge = edgeOf(svc, c.req.path);
    if (!edge) return svc.notFound(c);
    const res = behind.get(edge)!(c, async () => {});
    return res instanceof Promise ? res.then(() => c.res) : c.res;
  };
}
