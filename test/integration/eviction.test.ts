import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, onTestFinished, test } from 'vitest';
import { Clock } from '../../src/core/clock.js';
import { Outbox } from '../../src/core/outbox.js';
import { Residency } from '../../src/core/state/residency.js';
import { TenantState } from '../../src/core/state/tenant-state.js';
import { Store } from '../../src/core/store.js';
import { CLIENT, createOrder, hooks } from '../helpers/khumbu.js';
import { DEMO, makeApi } from '../helpers/sandbox.js';

/** Memory bounded by the working set: tenants leave memory and come back identical, and their due work still happens. */
const dir = () => mkdtemp(join(tmpdir(), 'eviction-'));

test('an evicted tenant reads back byte for byte; the admin view says how many are resident', async () => {
  const api = await makeApi({ data: await dir() });
  const order = await api.sb.admin.kustom.createOrder(DEMO, { order_amount: 5000 });
  await api.call('POST', `/ordermanagement/v1/orders/${order.order_id}/captures`, { body: { captured_amount: 1000 }, headers: { 'Klarna-Idempotency-Key': 'k1' } });
  const read = async () => (await api.call('GET', `/ordermanagement/v1/orders/${order.order_id}`)).text();
  const before = await read();
  const till = await api.send('oktopos', 'GET', '/v1/order/ready', { headers: { 'X-API-KEY': 'till-e' } });
  const tillBefore = await till.text();

  const state = (await (await api.admin('GET', '/__admin/state')).json()) as { store: string; resident: { resident: number; maxTenants: number; evicting: boolean } };
  expect(state).toMatchObject({ store: 'directory', resident: { maxTenants: 64, evicting: true } });
  expect(state.resident.resident).toBeGreaterThanOrEqual(2); // the merchant and the till (and whatever the docs' examples opened)
  const evicted = await api.admin('POST', '/__admin/state/evict');
  expect(await evicted.json()).toEqual({ evicted: state.resident.resident, resident: 0 });

  expect(await read()).toBe(before);
  expect(await (await api.send('oktopos', 'GET', '/v1/order/ready', { headers: { 'X-API-KEY': 'till-e' } })).text()).toBe(tillBefore);
  // The idempotency record came back with it: the retry replays, the order keeps one capture.
  await api.sb.admin.evict();
  const retry = await api.call('POST', `/ordermanagement/v1/orders/${order.order_id}/captures`, { body: { captured_amount: 1000 }, headers: { 'Klarna-Idempotency-Key': 'k1' } });
  expect(retry.status).toBe(201);
  expect((JSON.parse(await read()) as { captures: unknown[] }).captures).toHaveLength(1);
});

test('work that falls due for an evicted tenant happens on time: the POS answers and its webhook goes out', async () => {
  const api = await makeApi({ data: await dir() });
  await api.sb.admin.khumbu.setPosDelay(CLIENT, '48002', 60);
  const { ksOrderId } = await createOrder(api);
  expect(await hooks(api, 'orderStatus')).toEqual([]);
  await api.sb.admin.evict();
  expect(api.sb.admin.state().resident.resident).toBe(0);
  await api.sb.admin.clock.advance({ seconds: 61, service: 'khumbu', tenant: CLIENT });
  // The tick brought the tenant back for its due answer; nobody asked for it.
  const delivered = await api.sb.admin.webhooks.find({ service: 'khumbu', tenant: CLIENT, kind: 'orderStatus' });
  expect(delivered.map((d) => (JSON.parse(d.body) as { orderStatus: string }).orderStatus)).toEqual(['SUCCESS']);
  expect((await api.sb.admin.khumbu.getOrder(CLIENT, ksOrderId)).status).toBe('SUCCESS');
});

test('the budget: beyond maxTenants the least recently used leave memory, never one used in the last two ticks; idle ones leave after idleSeconds', async () => {
  const store = new Store(await dir());
  onTestFinished(() => store.close());
  const clock = new Clock();
  const states = new Map();
  const state = new TenantState<{ items: Record<string, { n: number }> }, 'items'>({ store, clock, outbox: new Outbox({ clock }), states }, {
    service: 's', seed: () => ({ items: {} }), collection: 'items', settle: (r) => r, dueAt: () => null,
  });
  const freed: number[] = [];
  const residency = new Residency(store, (_s, t, o) => state.evict(t, o), { maxTenants: 2, idleSeconds: 5, onEvicted: (n) => freed.push(n) });
  for (const t of ['a', 'b', 'c']) await state.unit(t, (u) => u.put('items', 'x', { n: t.charCodeAt(0) }));
  await residency.sweep(); // one over budget, but all three were used a tick ago: a working set larger than the budget is not thrashed
  expect(store.resident()).toHaveLength(3);
  await residency.sweep();
  expect(store.resident().map((r) => r.tenant)).toEqual(['b', 'c']);
  expect(freed).toEqual([1]);
  state.get('b', 'x'); // b used now
  for (let i = 0; i < 2; i++) await residency.sweep();
  expect(store.resident().map((r) => r.tenant)).toEqual(['c', 'b']);
  await residency.sweep(); // c idle for 5 ticks
  expect(store.resident().map((r) => r.tenant)).toEqual(['b']);
  expect(await state.get('a', 'x')).toEqual({ n: 97 });
  expect(residency.stats()).toEqual({ resident: 2, maxTenants: 2, idleSeconds: 5, evictions: 2, evicting: true });
});

test('in memory (:memory:) nothing is evicted: there would be nothing to load the tenant from again', async () => {
  const api = await makeApi();
  const order = await api.sb.admin.kustom.createOrder(DEMO, { order_amount: 5000 });
  expect(await api.sb.admin.evict()).toMatchObject({ evicted: 0 });
  expect(api.sb.admin.state()).toMatchObject({ store: 'memory', data: null, resident: { evicting: false } });
  expect((await api.call('GET', `/ordermanagement/v1/orders/${order.order_id}`)).status).toBe(200);
});

test('an idle tenant with work falling due within its idle time stays (it would only be loaded again); once done, it leaves', async () => {
  const store = new Store(await dir());
  onTestFinished(() => store.close());
  const clock = new Clock();
  clock.set({ now: 1_000_000, frozen: true });
  const state = new TenantState<{ items: Record<string, { n: number; dueAt: number | null }> }, 'items'>({ store, clock, outbox: new Outbox({ clock }), states: new Map() }, {
    service: 's', seed: () => ({ items: {} }), collection: 'items',
    settle: (r, u) => (r.dueAt !== null && r.dueAt <= u.now ? { n: r.n + 1, dueAt: null } : r), dueAt: (r) => r.dueAt,
  });
  const residency = new Residency(store, (_s, t, o) => state.evict(t, o), { maxTenants: 10, idleSeconds: 2 });
  await state.unit('t', (u) => u.put('items', 'x', { n: 1, dueAt: 1_000_000 + 1_500 }));
  for (let i = 0; i < 3; i++) await residency.sweep();
  expect(store.resident().map((r) => r.tenant)).toEqual(['t']); // idle, but its work is 1.5 s away
  clock.advance(2);
  await state.tick();
  await residency.sweep();
  expect(store.resident()).toEqual([]);
  expect(await state.get('t', 'x')).toEqual({ n: 2, dueAt: null });
});
