import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createSandbox } from '../../src/index.js';
import { createOrder, KEY, message, okto, orderBody } from '../helpers/oktopos.js';
import { makeApi, type Api } from '../helpers/sandbox.js';

/** The kitchen on the sandbox clock, explicit statuses, payment status, articles, isolation and persistence. */
const TILL = 'till-k';
const ready = async (api: Api, key = TILL) => ((await (await okto(api, 'GET', '/v1/order/ready', { key })).json()) as { internalId: number; status: string; payment: { status?: string } }[]);
const statusOf = async (api: Api, id: number, key = TILL) => (await api.sb.admin.oktopos.getOrder(key, id)).status;
const advance = (api: Api, seconds: number) => api.sb.admin.clock.advance({ seconds });

test('new → accepted (1.5 min) → in_preparation (3 min) → ready (15 min) on the sandbox clock; then listed by order/ready', async () => {
  const api = await makeApi();
  const id = await createOrder(api, {}, TILL);
  expect(await statusOf(api, id)).toBe('new');
  await advance(api, 90);
  expect(await statusOf(api, id)).toBe('accepted');
  await advance(api, 90);
  expect(await statusOf(api, id)).toBe('in_preparation');
  expect(await ready(api)).toEqual([]);
  await advance(api, 12 * 60);
  expect(await statusOf(api, id)).toBe('ready');
  const list = await ready(api);
  expect(list.map((o) => [o.internalId, o.status])).toEqual([[id, 'ready']]);
  expect(list[0]).not.toHaveProperty('kitchen');
  const order = await api.sb.admin.oktopos.getOrder(TILL, id);
  expect(order.history.map((h) => h.status)).toEqual(['new', 'accepted', 'in_preparation', 'ready']);
});

test('the preparation time is per till (admin) and applies to new orders', async () => {
  const api = await makeApi();
  const res = await api.admin('PUT', `/__admin/oktopos/kitchen?tenant=${TILL}`, { preparationMinutes: 1 });
  expect(res.status).toBe(200);
  expect(await (await api.admin('GET', `/__admin/oktopos/kitchen?tenant=${TILL}`)).json()).toEqual({ preparationMinutes: 1 });
  const fast = await createOrder(api, {}, TILL);
  const slow = await createOrder(api, {}, 'till-other');
  await advance(api, 60);
  expect(await statusOf(api, fast)).toBe('ready');
  expect(await statusOf(api, slow, 'till-other')).toBe('new'); // 15 minutes: accepted only at 1.5
  expect((await api.admin('PUT', `/__admin/oktopos/kitchen?tenant=${TILL}`, { preparationMinutes: -1 })).status).toBe(400);
});

test('an explicit status wins and stops the kitchen; ready orders leave the list with a later status or canceled', async () => {
  const api = await makeApi();
  const held = await createOrder(api, {}, TILL);
  const res = await okto(api, 'POST', '/v1/order/status', { key: TILL, body: { orderId: held, status: 'accepted', payload: { by: 'waiter app', date: '2026-05-01T12:01:00+02:00' } } });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ success: true });
  const a = await createOrder(api, {}, TILL);
  const b = await createOrder(api, {}, TILL);
  await advance(api, 3600);
  expect(await statusOf(api, held)).toBe('accepted'); // the kitchen no longer moves it
  expect((await ready(api)).map((o) => o.internalId)).toEqual([a, b]);
  await okto(api, 'POST', '/v1/order/status', { key: TILL, body: { orderId: a, status: 'picked_up' } });
  await okto(api, 'POST', '/v1/order/status', { key: TILL, body: { orderId: b, status: 'canceled' } });
  expect(await ready(api)).toEqual([]);
  await okto(api, 'POST', '/v1/order/status', { key: TILL, body: { orderId: held, status: 'ready' } });
  expect((await ready(api)).map((o) => o.internalId)).toEqual([held]);
  const history = (await api.sb.admin.oktopos.getOrder(TILL, held)).history;
  expect(history[1]).toMatchObject({ status: 'accepted', source: 'api', payload: { by: 'waiter app' } });
});

test('an order created as ready is listed at once; one created as closed is never touched by the kitchen', async () => {
  const api = await makeApi();
  const r = await createOrder(api, { status: 'ready' }, TILL);
  const c = await createOrder(api, { status: 'closed' }, TILL);
  expect((await ready(api)).map((o) => o.internalId)).toEqual([r]);
  await advance(api, 3600);
  expect(await statusOf(api, c)).toBe('closed');
});

test('order/status errors: unknown internalId → 404; the sender orderId string → 400; missing status → 400', async () => {
  const api = await makeApi();
  const unknown = await okto(api, 'POST', '/v1/order/status', { key: TILL, body: { orderId: 424242, status: 'ready' } });
  expect(unknown.status).toBe(404);
  expect(await message(unknown)).toMatchObject({ text_ns: 'default.error.not_found' });
  const asString = await okto(api, 'POST', '/v1/order/status', { key: TILL, body: { orderId: 'app-1', status: 'ready' } });
  expect(asString.status).toBe(400);
  expect((await message(asString)).text).toMatch(/^Field 'orderId' is invalid/);
  expect((await message(await okto(api, 'POST', '/v1/order/status', { key: TILL, body: { orderId: 1 } }))).text).toBe('Field \'status\' is required.');
});

test('payment status by the sender orderId: stored on the order and shown in it', async () => {
  const api = await makeApi();
  const body = orderBody({ status: 'ready', orderId: 'app-pay-1' });
  const id = await createOrder(api, body, TILL);
  const res = await okto(api, 'POST', '/v1/order/payment-status', { key: TILL, body: { orderId: 'app-pay-1', status: 'paid', date: '2026-05-01T12:05:00+02:00' } });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ success: true });
  const [shown] = await ready(api);
  expect(shown).toMatchObject({ internalId: id, payment: { status: 'paid', statusDate: '2026-05-01T12:05:00+02:00', price: { value: '7.80', currency: 'EUR' } } });
});

test('payment-status errors: unknown orderId → 404, the internalId number → 400, a status outside the enum or a bad date → 400', async () => {
  const api = await makeApi();
  const id = await createOrder(api, { orderId: 'app-pay-2' }, TILL);
  const unknown = await okto(api, 'POST', '/v1/order/payment-status', { key: TILL, body: { orderId: 'nope', status: 'paid', date: '2026-05-01' } });
  expect(unknown.status).toBe(404);
  expect((await message(unknown)).text).toMatch(/not the internalId/);
  expect((await okto(api, 'POST', '/v1/order/payment-status', { key: TILL, body: { orderId: id, status: 'paid', date: '2026-05-01' } })).status).toBe(400);
  expect((await okto(api, 'POST', '/v1/order/payment-status', { key: TILL, body: { orderId: 'app-pay-2', status: 'refunded', date: '2026-05-01' } })).status).toBe(400);
  expect((await okto(api, 'POST', '/v1/order/payment-status', { key: TILL, body: { orderId: 'app-pay-2', status: 'paid', date: 'soon' } })).status).toBe(400);
  expect((await okto(api, 'POST', '/v1/order/payment-status', { key: TILL, body: { orderId: 'app-pay-2', status: 'paid' } })).status).toBe(400);
});

test('articles, distribution channels and tax rates: read-only, from the fixtures, the same every start', async () => {
  const api = await makeApi();
  const articles = await (await okto(api, 'GET', '/v1/articles')).json();
  expect(articles.length).toBe(40);
  expect(new Set(articles.map((a: { taxRateId: number }) => a.taxRateId))).toEqual(new Set([1, 2]));
  expect(await (await okto(api, 'GET', '/v1/articles/tax-rates')).json()).toEqual([{ id: 1, name: 'Ermäßigt (7 %)', rate: '7.00' }, { id: 2, name: 'Normal (19 %)', rate: '19.00' }]);
  expect((await (await okto(api, 'GET', '/v1/articles/distribution-channels')).json()).map((c: { token: string }) => c.token)).toEqual(['INHOUSE', 'TAKEAWAY', 'DELIVERY']);
  const again = await makeApi();
  expect(await (await okto(again, 'GET', '/v1/articles')).json()).toEqual(articles);
  expect((await okto(api, 'GET', '/v1/articles', { key: null })).status).toBe(403);
});

test('the demo till holds an order in every status', async () => {
  const api = await makeApi();
  const orders = await api.sb.admin.oktopos.listOrders(KEY);
  expect(new Set(orders.map((o) => o.status))).toEqual(new Set(['new', 'accepted', 'in_preparation', 'ready', 'picked_up', 'delivered', 'closed', 'canceled']));
  expect(orders.some((o) => o.payment.status === 'paid')).toBe(true);
  const listed = await (await api.admin('GET', `/__admin/oktopos/orders?tenant=${KEY}`)).json();
  expect(listed).toHaveLength(orders.length);
  expect((await api.admin('GET', `/__admin/oktopos/orders/99?tenant=${KEY}`)).status).toBe(404);
});

test('tills are isolated: another key sees none of the orders and cannot change them', async () => {
  const api = await makeApi();
  const id = await createOrder(api, { status: 'ready', orderId: 'shared-id' }, 'till-a');
  expect(await ready(api, 'till-b')).toEqual([]);
  expect((await okto(api, 'POST', '/v1/order/status', { key: 'till-b', body: { orderId: id, status: 'closed' } })).status).toBe(404);
  expect((await okto(api, 'POST', '/v1/order/payment-status', { key: 'till-b', body: { orderId: 'shared-id', status: 'paid', date: '2026-05-01' } })).status).toBe(404);
  expect(await createOrder(api, { orderId: 'shared-id' }, 'till-b')).toBe(1001);
  expect((await ready(api, 'till-a')).map((o) => o.internalId)).toEqual([id]);
});

test('orders, statuses, payment status and the kitchen survive a restart', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-okto-'));
  const a = await createSandbox({ data: dir, logLevel: 'silent' });
  const post = (sb: typeof a, path: string, body: unknown) => sb.request(path, { method: 'POST', headers: { 'X-API-KEY': TILL }, body: JSON.stringify(body) });
  const created = await (await post(a, '/v1/order/create', orderBody({ orderId: 'persist-1' }))).json();
  await post(a, '/v1/order/payment-status', { orderId: 'persist-1', status: 'paid', date: '2026-05-01T12:00:00Z' });
  await a.close();
  const b = await createSandbox({ data: dir, logLevel: 'silent' });
  await b.admin.clock.advance({ seconds: 15 * 60 });
  const list = await (await b.request('/v1/order/ready', { headers: { 'X-API-KEY': TILL } })).json();
  expect(list).toEqual([expect.objectContaining({ internalId: created.internalId, status: 'ready', payment: expect.objectContaining({ status: 'paid' }) })]);
  expect((await post(b, '/v1/order/create', orderBody({ orderId: 'persist-1' }))).status).toBe(409);
  expect(await (await post(b, '/v1/order/create', orderBody())).json()).toEqual({ internalId: created.internalId + 1 });
  await b.close();
});

test('a write that cannot be made durable → 500 default.error.controller in the envelope, and nothing is kept', async () => {
  const { rm } = await import('node:fs/promises');
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-okto-'));
  const sb = await createSandbox({ data: dir, logLevel: 'silent' });
  const headers = { 'X-API-KEY': TILL };
  expect((await sb.request('/v1/order/ready', { headers })).status).toBe(200); // the till's document exists
  await rm(join(dir, 'oktopos'), { recursive: true, force: true });
  const original = console.error;
  console.error = () => undefined;
  const res = await sb.request('/v1/order/create', { method: 'POST', headers, body: JSON.stringify(orderBody({ orderId: 'lost', status: 'ready' })) });
  console.error = original;
  expect(res.status).toBe(500);
  const body = await res.json();
  expect(body).toMatchObject({ success: false, messages: [{ text_ns: 'default.error.controller', text: 'An unexpected error occurred.' }] });
  expect(JSON.stringify(body)).not.toMatch(/ENOENT|at .*\.js/);
  expect(await (await sb.request('/v1/order/ready', { headers })).json()).toEqual([]);
  await sb.close().catch(() => undefined);
});
