import { expect, test } from 'vitest';
import { kh } from '../helpers/khumbu.js';
import { message, okto } from '../helpers/oktopos.js';
import { Hono } from 'hono';
import { Clock } from '../../src/core/clock.js';
import { vars, type SandboxEnv } from '../../src/http/env.js';
import { Idempotency } from '../../src/http/idempotency.js';
import { TenantState } from '../../src/core/state/tenant-state.js';
import { Store } from '../../src/core/store.js';
import { Outbox } from '../../src/core/outbox.js';
import { makeApi, newOrder } from '../helpers/sandbox.js';

/** Limits: oversized bodies are refused in each API's own envelope; the in-memory caches stay bounded. */
const MB = 1024 * 1024;

test('bodies over each API\'s limit → 413 in its own envelope: Kustom and admin 1 MB, Khumbu (API Gateway) and OktoPOS 10 MB', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  const big = (bytes: number) => JSON.stringify({ description: 'x'.repeat(bytes) });
  const kustom = await api.call('POST', `/ordermanagement/v1/orders/${order_id}/captures`, { raw: big(MB + 1), headers: { 'content-type': 'application/json' } });
  expect(kustom.status).toBe(413);
  expect(await kustom.json()).toMatchObject({ error_code: 'REQUEST_TOO_LARGE' });
  const admin = await api.admin('POST', '/__admin/reset', { pad: 'x'.repeat(MB + 1) });
  expect([admin.status, ((await admin.json()) as { error: { code: string } }).error.code]).toEqual([413, 'REQUEST_TOO_LARGE']);
  const khumbu = await kh(api, 'orders/notification', { raw: big(10 * MB + 1) });
  expect(khumbu.status).toBe(413);
  const okt = await okto(api, 'POST', '/v1/order/create', { raw: big(10 * MB + 1), headers: { 'content-type': 'application/json' } });
  expect(okt.status).toBe(413);
  expect((await message(okt)).text_ns).toBe('default.error.validation');
  expect((await api.sb.request('/__admin/health')).status).toBe(200);
});

test('idempotency records are bounded per tenant: the oldest key is forgotten, the newest still replays', async () => {
  const states = new Map();
  const clock = new Clock();
  const state = new TenantState<{ items: Record<string, never> }, 'items'>({ store: new Store(':memory:'), clock, outbox: new Outbox({ clock }), states, maxRemembered: 3 }, {
    service: 's', seed: () => ({ items: {} }), collection: 'items', settle: (r) => r, dueAt: () => null,
  });
  let runs = 0;
  const app = new Hono<SandboxEnv>();
  app.use('*', async (c, next) => {
    vars(c).tenant = 't';
    await next();
  });
  app.use('*', new Idempotency(states).middleware({ header: 'Idempotency-Key', service: 's' }));
  app.post('/x', (c) => c.json({ run: ++runs }, 201));
  const post = async (key: string) => ((await (await app.request('/x', { method: 'POST', headers: { 'Idempotency-Key': key } })).json()) as { run: number }).run;
  for (let i = 0; i < 5; i++) await post(`k-${i}`);
  expect(Object.keys((await state.read('t') as Record<string, object>)._idempotency ?? {})).toEqual(['k-2', 'k-3', 'k-4']);
  expect(await post('k-4')).toBe(5);
  expect(await post('k-0')).toBe(6);
});
