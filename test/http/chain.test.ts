import { Hono, type Context, type Next } from 'hono';
import { expect, test } from 'vitest';
import { chain, type ChainNext } from '../../src/http/chain.js';
import type { SandboxEnv } from '../../src/http/env.js';

type C = Context<SandboxEnv>;
const appWith = (handler: ReturnType<typeof chain>) => {
  const app = new Hono<SandboxEnv>();
  app.get('/x', handler);
  app.onError((err, c) => c.text(`hono onError: ${err.message}`, 500));
  return app;
};

test('steps that answer without waiting give the answer without a promise, in onion order', () => {
  const seen: string[] = [];
  const outer = (c: C, next: ChainNext) => {
    seen.push('outer in');
    const r = next();
    expect(r).toBeUndefined();
    seen.push(`outer out ${c.res.status}`);
    c.res.headers.set('x-outer', '1');
  };
  const inner = (_c: C, next: ChainNext) => { seen.push('inner'); return next(); };
  const handler = (c: C) => { seen.push('handler'); return c.text('hi', 201); };
  const res = appWith(chain([outer, inner, handler])).fetch(new Request('http://s/x'));
  expect(res).toBeInstanceOf(Response);
  const answer = res as Response;
  expect([answer.status, answer.headers.get('x-outer')]).toEqual([201, '1']);
  expect(seen).toEqual(['outer in', 'inner', 'handler', 'outer out 201']);
});

test('a step that waits makes the chain a promise, and the steps around it still see its answer', async () => {
  const outer = async (c: C, next: Next) => { await next(); c.res.headers.set('x-after', String(c.res.status)); };
  const handler = async (c: C) => { await new Promise((r) => setTimeout(r, 1)); return c.json({ ok: true }, 202); };
  const res = appWith(chain([outer, handler])).fetch(new Request('http://s/x'));
  expect(res).toBeInstanceOf(Promise);
  const answer = await res;
  expect([answer.status, answer.headers.get('x-after'), await answer.json()]).toEqual([202, '202', { ok: true }]);
});

test('an error becomes the answer at the step that threw (sync or async), so the steps around it see a response', async () => {
  const onError = (err: Error, c: C) => c.text(`refused: ${err.message}`, 403);
  const statuses: number[] = [];
  const watcher = async (c: C, next: Next) => { await next(); statuses.push(c.res.status); };
  const syncThrow = () => { throw new Error('sync'); };
  const asyncThrow = async () => { throw new Error('async'); };
  for (const [bad, text] of [[syncThrow, 'refused: sync'], [asyncThrow, 'refused: async']] as const) {
    const res = await appWith(chain([watcher, bad], onError)).fetch(new Request('http://s/x'));
    expect([res.status, await res.text()]).toEqual([403, text]);
  }
  expect(statuses).toEqual([403, 403]);
  // without an onError the error goes up to Hono's
  const res = await appWith(chain([watcher, syncThrow])).fetch(new Request('http://s/x'));
  expect([res.status, await res.text()]).toEqual([500, 'hono onError: sync']);
});

test('a step that does not call next ends the chain; a chain that gives no answer leaves it to Hono\'s not-found', async () => {
  let reached = false;
  const stop = (c: C) => c.text('stopped', 409);
  const never = (c: C) => { reached = true; return c.text('no'); };
  const stopped = await appWith(chain([stop, never])).fetch(new Request('http://s/x'));
  expect([stopped.status, reached]).toEqual([409, false]);
  const silent = await appWith(chain([(_c: C, next: ChainNext) => next()])).fetch(new Request('http://s/x'));
  expect(silent.status).toBe(404);
});
