import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { expect, test } from 'vitest';
import { chain } from '../../src/http/chain.js';
import type { SandboxEnv } from '../../src/http/env.js';
import { serviceApi } from '../../src/http/service-api.js';

const route = createRoute({
  method: 'get', path: '/items/{id}', operationId: 'getItem',
  request: {
    params: z.object({ id: z.uuid() }),
    query: z.object({ tag: z.union([z.string(), z.array(z.string())]).optional(), n: z.coerce.number().int().optional() }),
    headers: z.object({ 'X-Shop-Id': z.string().min(2) }),
  },
  responses: { 200: { description: 'The item.', content: { 'application/json': { schema: z.object({}).passthrough() } } } },
});
const slow = createRoute({
  method: 'get', path: '/slow/{id}', operationId: 'getSlow',
  request: { params: z.object({ id: z.string().refine(async (v) => v !== 'bad', 'bad id') }) },
  responses: { 200: { description: 'ok' } },
});

/** The same routes on zod-openapi's own app and on serviceApi, with or without a hook. */
function apps(hook?: (r: { success: boolean; target?: string }, c: Context<SandboxEnv>) => Response | undefined) {
  return [new OpenAPIHono<SandboxEnv>({ defaultHook: hook }), serviceApi({ defaultHook: hook })].map((app) => {
    app.openapi(route, (c) => c.json({ param: c.req.valid('param'), query: c.req.valid('query'), header: c.req.valid('header') }, 200));
    app.openapi(slow, (c) => c.json({ id: c.req.valid('param').id }, 200));
    return app;
  });
}

const ID = '4d9c7a8e-1b2c-4d3e-8f9a-0b1c2d3e4f5a';
const requests: [string, Record<string, string>][] = [
  [`/items/${ID}?tag=a&tag=b&n=3`, { 'x-shop-id': 'shop-1' }],
  [`/items/${ID}?tag=a`, { 'X-SHOP-ID': 'shop-1' }],
  ['/items/not-a-uuid', { 'x-shop-id': 'shop-1' }],
  [`/items/${ID}?n=1.5`, { 'x-shop-id': 'shop-1' }],
  [`/items/${ID}`, {}],
  ['/slow/fine', {}],
  ['/slow/bad', {}],
];

test('query, path and header validation answer as zod-openapi\'s own validators do (with a hook that answers failures): values, 400s and hook answers', async () => {
  const hook = (r: { success: boolean; target?: string }, c: Context<SandboxEnv>) => (r.success ? undefined : c.json({ refused: r.target }, 422));
  for (const h of [undefined, hook]) {
    const [theirs, ours] = apps(h);
    for (const [path, headers] of requests) {
      const [a, b] = await Promise.all([theirs!.request(path, { headers }), ours!.request(path, { headers })]);
      expect({ path, status: b.status, body: await b.json() }).toEqual({ path, status: a.status, body: await a.json() });
    }
  }
  const [, ours] = apps(hook);
  const ok = await ours!.request(`/items/${ID}?tag=a&tag=b&n=3`, { headers: { 'x-shop-id': 'shop-1' } });
  expect(await ok.json()).toMatchObject({ param: { id: ID }, query: { tag: ['a', 'b'], n: 3 }, header: { 'X-Shop-Id': 'shop-1' } });
  expect((await ours!.request('/items/nope', { headers: { 'x-shop-id': 'shop-1' } })).status).toBe(422);
});

test('the documented parameters are the same as zod-openapi\'s', () => {
  const [theirs, ours] = apps();
  const doc = (app: OpenAPIHono<SandboxEnv>) => app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } });
  expect(doc(ours!).paths).toEqual(doc(theirs!).paths);
});

test('a route whose validators and handler do not wait is answered without a promise in a chain', () => {
  const [, ours] = apps();
  const host = new OpenAPIHono<SandboxEnv>();
  const r = ours!.routes.filter((x) => x.path === '/items/:id');
  host.on('GET', '/items/:id', chain(r.map((x) => x.handler)));
  const sync = host.fetch(new Request(`http://s/items/${ID}`, { headers: { 'x-shop-id': 'shop-1' } }));
  expect(sync).toBeInstanceOf(Response);
  expect((sync as Response).status).toBe(200);
});

test('the hook is asked about failures only: a valid request goes on to the route without it', async () => {
  const asked: boolean[] = [];
  const api = serviceApi({ defaultHook: (r) => void asked.push(r.success) });
  api.openapi(route, (c) => c.json({ id: c.req.valid('param').id }, 200));
  expect((await api.request(`/items/${ID}`, { headers: { 'x-shop-id': 'shop-1' } })).status).toBe(200);
  expect(asked).toEqual([]);
  expect((await api.request('/items/nope', { headers: { 'x-shop-id': 'shop-1' } })).status).toBe(400);
  expect(asked).toEqual([false]);
});
