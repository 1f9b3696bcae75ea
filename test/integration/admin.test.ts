import { expect, test } from 'vitest';
import { createSandbox } from '../../src/index.js';
import { makeApi, newOrder, order, DEMO } from '../helpers/sandbox.js';

test('GET /__admin/health → 200 {"status":"ok","store":"memory"}', async () => {
  const api = await makeApi();
  const res = await api.admin('GET', '/__admin/health');
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok', store: 'memory' });
});

test('with an admin token, /__admin needs the bearer token — except health', async () => {
  const api = await makeApi({ adminToken: 's3cret' });
  expect((await api.admin('GET', '/__admin/health')).status).toBe(200);
  const denied = await api.admin('GET', '/__admin/clock');
  expect(denied.status).toBe(401);
  expect((await denied.json()).error.code).toBe('UNAUTHORIZED');
  expect((await api.admin('GET', '/__admin/clock', undefined, { Authorization: 'Bearer wrong' })).status).toBe(401);
  expect((await api.admin('GET', '/__admin/clock', undefined, { Authorization: 'Bearer s3cret' })).status).toBe(200);
  expect((await api.admin('POST', `/__admin/kustom/orders?tenant=${DEMO}`, {})).status).toBe(401);
});

test('clock: set, freeze, advance per scope; bad input → 400 in the admin envelope', async () => {
  const api = await makeApi();
  const set = await api.admin('PUT', '/__admin/clock', { now: '2030-01-01T00:00:00.000Z', frozen: true });
  expect(await set.json()).toMatchObject({ now: '2030-01-01T00:00:00.000Z', frozen: true });
  const adv = await api.admin('POST', '/__admin/clock/advance', { seconds: 90 });
  expect((await adv.json()).now).toBe('2030-01-01T00:01:30.000Z');
  const scoped = await api.admin('POST', '/__admin/clock/advance', { seconds: 60, service: 'kustom', tenant: 't1' });
  expect((await scoped.json()).offsets).toEqual([{ scope: 'kustom/t1', seconds: 60 }]);
  expect((await (await api.admin('GET', '/__admin/clock')).json()).now).toBe('2030-01-01T00:01:30.000Z');
  for (const body of [{ seconds: -5 }, { seconds: 'x' }, { seconds: 5, service: 'nope' }, { seconds: 5, tenant: 't1' }]) {
    const res = await api.admin('POST', '/__admin/clock/advance', body);
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect((await res.json()).error.message).toBeTruthy();
  }
  const badNow = await api.admin('PUT', '/__admin/clock', { now: 'tomorrow' });
  expect(badNow.status).toBe(400);
});

test('journal: newest first, filtered, bounded by limit, and deletable', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  await api.call('GET', `/ordermanagement/v1/orders/${order_id}`);
  await api.call('POST', `/ordermanagement/v1/orders/${order_id}/captures`, { body: { captured_amount: 1 } });
  await api.call('GET', `/ordermanagement/v1/orders/not-a-uuid`);
  const all = await (await api.admin('GET', '/__admin/journal?service=kustom')).json();
  expect(all.map((e: { operation: string }) => e.operation)).toEqual(['getOrder', 'captureOrder', 'getOrder']);
  expect(all[0]).toMatchObject({ status: 400, errorCode: 'INVALID_ORDER_ID', tenant: DEMO, method: 'GET' });
  const caps = await (await api.admin('GET', '/__admin/journal?operation=captureOrder')).json();
  expect(caps).toHaveLength(1);
  expect(await (await api.admin('GET', '/__admin/journal?limit=1')).json()).toHaveLength(1);
  expect((await api.admin('GET', '/__admin/journal?limit=0')).status).toBe(400);
  expect(await (await api.admin('DELETE', '/__admin/journal?service=kustom')).json()).toEqual({ deleted: 3 });
  expect(await (await api.admin('GET', '/__admin/journal')).json()).toEqual([]);
});

test('the journal keeps at most its capacity', async () => {
  const api = await makeApi({ journalSize: 5 });
  for (let i = 0; i < 8; i++) await api.call('GET', '/ordermanagement/v1/orders/x');
  expect(await (await api.admin('GET', '/__admin/journal?limit=100')).json()).toHaveLength(5);
});

test('webhook receivers: register, list, remove; unknown service → 400', async () => {
  const api = await makeApi();
  const put = await api.admin('PUT', '/__admin/webhooks/receivers', { service: 'kustom', tenant: 't1', url: 'http://127.0.0.1:3000/hook' });
  expect(await put.json()).toEqual({ service: 'kustom', tenant: 't1', url: 'http://127.0.0.1:3000/hook' });
  expect(await (await api.admin('GET', '/__admin/webhooks/receivers?service=kustom')).json()).toHaveLength(1);
  await api.admin('PUT', '/__admin/webhooks/receivers', { service: 'kustom', tenant: 't1', url: null });
  expect(await (await api.admin('GET', '/__admin/webhooks/receivers')).json()).toEqual([]);
  expect((await api.admin('PUT', '/__admin/webhooks/receivers', { service: 'nope', tenant: 't1', url: 'http://127.0.0.1:1/' })).status).toBe(400);
  expect((await api.admin('PUT', '/__admin/webhooks/receivers', { service: 'kustom', tenant: 't1', url: 'ftp://x' })).status).toBe(400);
});

test('reset of one tenant restores its seed and leaves other tenants alone', async () => {
  const api = await makeApi();
  const mine = await newOrder(api, 'merchant-a');
  const theirs = await newOrder(api, 'merchant-b');
  const demo = (await (await api.admin('GET', `/__admin/kustom/orders?tenant=${DEMO}`)).json())[0];
  await api.call('PATCH', `/ordermanagement/v1/orders/${demo.order_id}/merchant-references`, { body: { merchant_reference1: 'changed' } });
  expect((await api.admin('POST', '/__admin/reset', { service: 'kustom', tenant: 'merchant-a' })).status).toBe(200);
  expect((await api.call('GET', `/ordermanagement/v1/orders/${mine.order_id}`, { tenant: 'merchant-a' })).status).toBe(404);
  expect((await order(api, theirs.order_id, 'merchant-b')).status).toBe('AUTHORIZED');
  expect((await api.admin('POST', '/__admin/reset', {})).status).toBe(200);
  expect((await api.call('GET', `/ordermanagement/v1/orders/${theirs.order_id}`, { tenant: 'merchant-b' })).status).toBe(404);
  expect(await (await api.admin('GET', `/__admin/kustom/orders?tenant=${DEMO}`)).json()).toHaveLength(20);
  expect((await api.admin('POST', '/__admin/reset', { service: 'nope' })).status).toBe(400);
});

test('admin create-order: faker fills what is missing; bad input → 400; missing tenant → 400', async () => {
  const api = await makeApi();
  const res = await api.admin('POST', `/__admin/kustom/orders?tenant=${DEMO}`, { purchase_country: 'PL' });
  const o = await res.json();
  expect(o).toMatchObject({ status: 'AUTHORIZED', purchase_country: 'PL', purchase_currency: 'PLN', locale: 'pl-PL' });
  expect(o.order_amount).toBe(o.order_lines.reduce((s: number, l: { total_amount: number }) => s + l.total_amount, 0));
  expect((await api.admin('POST', `/__admin/kustom/orders?tenant=${DEMO}`, { order_amount: -1 })).status).toBe(400);
  expect((await api.admin('POST', '/__admin/kustom/orders', {})).status).toBe(400);
  expect((await api.admin('GET', `/__admin/kustom/orders/00000000-0000-4000-8000-000000000000?tenant=${DEMO}`)).status).toBe(404);
});

test('malformed JSON to admin → 400 in the admin envelope; unknown admin route → 404', async () => {
  const api = await makeApi();
  const res = await api.sb.request('/__admin/clock', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{' });
  expect(res.status).toBe(400);
  expect((await res.json()).error.code).toBe('BAD_REQUEST');
  const unknown = await api.sb.request('/__admin/nothing-here');
  expect(unknown.status).toBe(404);
  expect((await unknown.json()).error.code).toBe('NOT_FOUND');
});

test('the in-process admin object does what the routes do', async () => {
  const sb = await createSandbox({ logLevel: 'silent' });
  const o = await sb.admin.kustom.createOrder('t1', { order_amount: 5000 });
  await sb.admin.clock.advance({ seconds: 29 * 86400 });
  expect((await sb.admin.kustom.getOrder('t1', o.order_id)).status).toBe('EXPIRED');
  await sb.admin.reset({ tenant: 't1', service: 'kustom' });
  await expect(sb.admin.kustom.getOrder('t1', o.order_id)).rejects.toThrow(/No order/);
  await sb.close();
});

test('two sandboxes in one process share nothing', async () => {
  const a = await createSandbox({ logLevel: 'silent' });
  const b = await createSandbox({ logLevel: 'silent' });
  const o = await a.admin.kustom.createOrder('t1', {});
  await a.admin.clock.advance({ seconds: 3600 });
  expect((await b.request(`/ordermanagement/v1/orders/${o.order_id}`, { headers: { Authorization: 'Basic t1' } })).status).toBe(404);
  expect(b.admin.clock.get().offsets).toEqual([]);
  expect(Math.abs(Date.parse(b.admin.clock.get().now) - Date.now())).toBeLessThan(5000);
  await Promise.all([a.close(), b.close()]);
});

test('OpenAPI documents: kustom lists every official operationId; admin documents /__admin', async () => {
  const api = await makeApi();
  const doc = await (await api.sb.request('/openapi/kustom.json')).json();
  expect(doc.openapi).toBe('3.1.0');
  const ids = Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap((p) => Object.values(p).map((o) => o.operationId));
  expect(ids.sort()).toEqual([
    'abortCheckoutOrder', 'acknowledgeOrder', 'appendOrderShippingInfo', 'appendShippingInfo', 'cancelOrder', 'captureOrder', 'createCheckoutOrder',
    'extendAuthorizationTime', 'extendDueDate', 'getCapture', 'getCaptures', 'getOptionsForExtendDueDate', 'getOrder', 'getRefund', 'readCheckoutOrder', 'refundOrder', 'releaseRemainingAuthorization',
    'triggerSendOut', 'updateAuthorization', 'updateCheckoutOrder', 'updateConsumerDetails', 'updateMerchantReferences',
  ]);
  expect(doc.servers[0].url).toBe('http://localhost');
  const admin = await (await api.sb.request('/openapi/admin.json')).json();
  expect(Object.keys(admin.paths).every((p) => p.startsWith('/__admin'))).toBe(true);
  expect(Object.keys(admin.paths)).toContain('/__admin/kustom/checkout/{order_id}/complete');
  expect((await api.sb.request('/openapi/nope.json')).status).toBe(404);
});

test('a data directory that cannot be written stops the start, naming the path; one that stops being writable makes health 503 saying why', async () => {
  const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-data-'));
  const file = join(dir, 'not-a-dir');
  await writeFile(file, 'x');
  await expect(createSandbox({ data: file, logLevel: 'silent' })).rejects.toThrow(`data directory ${file} cannot be written: `);
  await expect(createSandbox({ data: '/proc/order-sandbox-data', logLevel: 'silent' })).rejects.toThrow('data directory /proc/order-sandbox-data cannot be written: ');

  const data = join(dir, 'data');
  const api = await makeApi({ data });
  expect(await (await api.admin('GET', '/__admin/health')).json()).toEqual({ status: 'ok', store: 'directory' });
  // Concurrent checks (a load balancer and a dashboard) never trip over each other's probe file.
  const many = await Promise.all(Array.from({ length: 20 }, () => api.admin('GET', '/__admin/health')));
  expect(many.map((r) => r.status)).toEqual(Array(20).fill(200));
  await rm(data, { recursive: true });
  await writeFile(data, 'not a directory any more');
  const sick = await api.admin('GET', '/__admin/health');
  expect(sick.status).toBe(503);
  expect(await sick.json()).toEqual({ status: 'failing', store: 'directory', problems: [expect.stringContaining(`data directory ${data} cannot be written`)] });
  await api.sb.close();
});
