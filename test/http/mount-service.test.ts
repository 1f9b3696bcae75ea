import { OpenAPIHono } from '@hono/zod-openapi';
import { Hono, type Context } from 'hono';
import { expect, test } from 'vitest';
import type { ChainNext } from '../../src/http/chain.js';
import type { SandboxEnv } from '../../src/http/env.js';
import { edgeOf, mountService, serviceNotFound } from '../../src/http/mount-service.js';
import type { ServiceModule } from '../../src/http/service-module.js';

const tag = (name: string) => (c: Context<SandboxEnv>, next: ChainNext) => {
  const r = next();
  const mark = () => void c.res.headers.set('x-edge', name);
  return r instanceof Promise ? r.then(mark) : mark();
};

function service(api: OpenAPIHono<SandboxEnv>): ServiceModule {
  return {
    name: 'demo', api, prefixes: ['/shop'],
    edges: [{ prefix: '/shop', edge: tag('shop') }, { prefix: '/shop/admin', edge: tag('admin') }],
    notFound: (c: Context<SandboxEnv>) => c.json({ error: 'no such thing' }, 404),
    onError: (err: Error, c: Context<SandboxEnv>) => c.json({ error: err.message }, 500),
  } as unknown as ServiceModule;
}

test('each route runs behind the edge of its longest prefix, and unknown paths behind the edge too', async () => {
  const api = new OpenAPIHono<SandboxEnv>();
  api.get('/shop/items', (c) => c.json([1]));
  api.get('/shop/admin/stats', (c) => c.json({ n: 1 }));
  const svc = service(api);
  const app = new Hono<SandboxEnv>();
  mountService(app, svc);
  const notFound = serviceNotFound(svc);
  app.notFound((c) => notFound(c));
  const items = await app.request('/shop/items');
  const stats = await app.request('/shop/admin/stats');
  const missing = await app.request('/shop/nothing');
  expect([items.status, items.headers.get('x-edge')]).toEqual([200, 'shop']);
  expect([stats.status, stats.headers.get('x-edge')]).toEqual([200, 'admin']);
  expect([missing.status, missing.headers.get('x-edge'), await missing.json()]).toEqual([404, 'shop', { error: 'no such thing' }]);
  expect(edgeOf(svc, '/shopping')).toBeUndefined();
});

test('middleware registered with api.use, and routes outside every edge, are refused at start-up', () => {
  const withUse = new OpenAPIHono<SandboxEnv>();
  withUse.use('/shop/*', async (_c, next) => next());
  withUse.get('/shop/items', (c) => c.json([]));
  expect(() => mountService(new Hono<SandboxEnv>(), service(withUse))).toThrow(/api\.use/);
  const outside = new OpenAPIHono<SandboxEnv>();
  outside.get('/elsewhere', (c) => c.json([]));
  expect(() => mountService(new Hono<SandboxEnv>(), service(outside))).toThrow(/outside the prefixes/);
});
