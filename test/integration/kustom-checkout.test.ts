import { expect, test } from 'vitest';
import { checkoutBody, makeApi, order, DEMO } from '../helpers/sandbox.js';

/** Checkout v3 through HTTP, the emulated shopper, and the push that follows. */
const CO = '/checkout/v3/orders';

function recorder(status = 200) {
  const calls: { url: string; body: string; method: string }[] = [];
  return { calls, send: async (url: string, init: { method: string; body: string }) => (calls.push({ url, body: init.body, method: init.method }), status) };
}

test('create → 201 with Location and the full checkout order; read → 200', async () => {
  const api = await makeApi();
  const res = await api.call('POST', CO, { body: { ...checkoutBody(), merchant_reference1: 'ORDER-1' } });
  expect(res.status).toBe(201);
  const co = await res.json();
  expect(res.headers.get('location')).toBe(`http://localhost${CO}/${co.order_id}`);
  expect(co).toMatchObject({ status: 'checkout_incomplete', order_amount: 10000, merchant_reference1: 'ORDER-1', purchase_country: 'SE' });
  expect(co.html_snippet).toContain(co.order_id);
  const read = await api.call('GET', `${CO}/${co.order_id}`);
  expect(await read.json()).toEqual(co);
});

test('create validation: required fields and money sums → 400 BAD_VALUE naming each', async () => {
  const api = await makeApi();
  const { merchant_urls: _m, ...noUrls } = checkoutBody();
  const missing = await api.call('POST', CO, { body: noUrls });
  expect(await missing.json()).toMatchObject({ error_code: 'BAD_VALUE', error_messages: ['Bad value: merchant_urls'] });
  const sums = await api.call('POST', CO, { body: { ...checkoutBody(), order_amount: 1 } });
  expect((await sums.json()).error_messages).toEqual(['Bad value: order_amount']);
  const locale = await api.call('POST', CO, { body: { ...checkoutBody(), locale: 'swedish' } });
  expect((await locale.json()).error_messages).toEqual(['Bad value: locale']);
});

test('update while incomplete → 200; unknown → 404; after completion → 403 READ_ONLY_ORDER', async () => {
  const api = await makeApi({ sendWebhook: recorder().send });
  const co = await (await api.call('POST', CO, { body: checkoutBody() })).json();
  const up = await api.call('POST', `${CO}/${co.order_id}`, { body: { merchant_reference2: 'gift' } });
  expect(up.status).toBe(200);
  expect(await up.json()).toMatchObject({ merchant_reference2: 'gift', order_amount: 10000 });
  expect((await api.call('POST', `${CO}/nope`, { body: {} })).status).toBe(404);
  expect((await api.admin('POST', `/__admin/kustom/checkout/${co.order_id}/complete`, {})).status).toBe(200);
  const late = await api.call('POST', `${CO}/${co.order_id}`, { body: { merchant_reference2: 'x' } });
  expect(late.status).toBe(403);
  expect(await late.json()).toMatchObject({ error_code: 'READ_ONLY_ORDER', error_messages: ['Resource is read-only'] });
});

test('abort → 200; the aborted checkout can no longer be updated or completed', async () => {
  const api = await makeApi();
  const co = await (await api.call('POST', CO, { body: checkoutBody() })).json();
  expect((await api.call('POST', `${CO}/${co.order_id}/abort`)).status).toBe(200);
  expect((await api.call('POST', `${CO}/${co.order_id}`, { body: {} })).status).toBe(403);
  expect((await api.admin('POST', `/__admin/kustom/checkout/${co.order_id}/complete`, {})).status).toBe(409);
  expect((await api.call('POST', `${CO}/unknown/abort`)).status).toBe(404);
});

test('completion: the same order_id appears in OM as AUTHORIZED and the checkout is complete', async () => {
  const api = await makeApi({ sendWebhook: recorder().send });
  const co = await (await api.call('POST', CO, { body: checkoutBody(25000) })).json();
  const done = await api.admin('POST', `/__admin/kustom/checkout/${co.order_id}/complete`, { email: 'anna@example.com' });
  expect(await done.json()).toMatchObject({ outcome: 'authorized', tenant: DEMO, order_id: co.order_id, fraud_status: 'ACCEPTED' });
  expect(await order(api, co.order_id)).toMatchObject({ status: 'AUTHORIZED', order_amount: 25000, billing_address: { email: 'anna@example.com' } });
  expect((await (await api.call('GET', `${CO}/${co.order_id}`)).json()).status).toBe('checkout_complete');
});

test('+denied: the purchase is declined, no OM order; unknown checkout → 404', async () => {
  const api = await makeApi();
  const co = await (await api.call('POST', CO, { body: checkoutBody() })).json();
  const denied = await api.admin('POST', `/__admin/kustom/checkout/${co.order_id}/complete`, { email: 'anna+denied@example.com' });
  expect((await denied.json()).outcome).toBe('denied');
  expect((await api.call('GET', `/ordermanagement/v1/orders/${co.order_id}`)).status).toBe(404);
  expect((await api.admin('POST', '/__admin/kustom/checkout/00000000-0000-4000-8000-000000000000/complete', {})).status).toBe(404);
});

test('+pend-accept-NN: PENDING, capture refused, then ACCEPTED after NN minutes with a notification', async () => {
  const rec = recorder();
  const api = await makeApi({ sendWebhook: rec.send });
  const body = { ...checkoutBody(), merchant_urls: { ...checkoutBody().merchant_urls, notification: 'http://127.0.0.1:9/notify' } };
  const co = await (await api.call('POST', CO, { body })).json();
  await api.admin('POST', `/__admin/kustom/checkout/${co.order_id}/complete`, { email: 'anna+pend-accept-10@example.com' });
  expect((await order(api, co.order_id)).fraud_status).toBe('PENDING');
  expect((await api.call('POST', `/ordermanagement/v1/orders/${co.order_id}/captures`, { body: { captured_amount: 100 } })).status).toBe(403);
  await api.admin('POST', '/__admin/clock/advance', { seconds: 600 });
  expect((await order(api, co.order_id)).fraud_status).toBe('ACCEPTED');
  expect(rec.calls.filter((c) => c.url === 'http://127.0.0.1:9/notify').map((c) => JSON.parse(c.body))).toEqual([{ order_id: co.order_id, event_type: 'FRAUD_RISK_ACCEPTED' }]);
});

test('+pend-reject-NN: REJECTED after NN minutes cancels the order', async () => {
  const api = await makeApi({ sendWebhook: recorder().send });
  const co = await (await api.call('POST', CO, { body: checkoutBody() })).json();
  await api.admin('POST', `/__admin/kustom/checkout/${co.order_id}/complete`, { email: 'anna+pend-reject-5@example.com' });
  await api.admin('POST', '/__admin/clock/advance', { seconds: 300, service: 'kustom', tenant: DEMO });
  expect(await order(api, co.order_id)).toMatchObject({ fraud_status: 'REJECTED', status: 'CANCELLED' });
});

test('push: an empty POST to merchant_urls.push (id substituted) about 2 minutes after completion', async () => {
  const rec = recorder(200);
  const api = await makeApi({ sendWebhook: rec.send });
  const co = await (await api.call('POST', CO, { body: checkoutBody() })).json();
  await api.admin('POST', `/__admin/kustom/checkout/${co.order_id}/complete`, {});
  await api.admin('POST', '/__admin/clock/advance', { seconds: 119 });
  expect(rec.calls).toHaveLength(0);
  await api.admin('POST', '/__admin/clock/advance', { seconds: 1 });
  expect(rec.calls).toEqual([{ url: `http://127.0.0.1:9/push?id=${co.order_id}`, body: '', method: 'POST' }]);
});

test('push retries at 5, 15, 30, 60 minutes and every 4 hours for 48 hours until acknowledged', async () => {
  const rec = recorder(200);
  const api = await makeApi({ sendWebhook: rec.send });
  const co = await (await api.call('POST', CO, { body: checkoutBody() })).json();
  await api.admin('POST', `/__admin/kustom/checkout/${co.order_id}/complete`, {});
  await api.admin('POST', '/__admin/clock/advance', { seconds: 60 * 60 });
  expect(rec.calls).toHaveLength(5); // 2, 5, 15, 30, 60 minutes
  const hooks = await (await api.admin('GET', '/__admin/webhooks?service=kustom')).json();
  expect(hooks[0].attempts.map((a: { at: string }) => a.at)).toHaveLength(5);
  await api.admin('POST', '/__admin/clock/advance', { seconds: 4 * 3600 });
  expect(rec.calls).toHaveLength(6);
  expect((await api.call('POST', `/ordermanagement/v1/orders/${co.order_id}/acknowledge`)).status).toBe(204);
  await api.admin('POST', '/__admin/clock/advance', { seconds: 48 * 3600 });
  expect(rec.calls).toHaveLength(6);
  const after = await (await api.admin('GET', '/__admin/webhooks?service=kustom')).json();
  expect(after[0]).toMatchObject({ kind: 'push', state: 'delivered', nextAttemptAt: null });
});

test('push without acknowledgement stops after 48 hours; a capture also stops it', async () => {
  const rec = recorder(500);
  const api = await makeApi({ sendWebhook: rec.send });
  const a = await (await api.call('POST', CO, { body: checkoutBody() })).json();
  const b = await (await api.call('POST', CO, { body: checkoutBody() })).json();
  await api.admin('POST', `/__admin/kustom/checkout/${a.order_id}/complete`, {});
  await api.admin('POST', `/__admin/kustom/checkout/${b.order_id}/complete`, {});
  await api.call('POST', `/ordermanagement/v1/orders/${b.order_id}/captures`, { body: { captured_amount: 10000 } });
  await api.admin('POST', '/__admin/clock/advance', { seconds: 50 * 3600 });
  const pushA = rec.calls.filter((c) => c.url.endsWith(a.order_id));
  expect(pushA).toHaveLength(5 + 11); // 2, 5, 15, 30, 60 min; then every 4 h from 1 h up to 48 h
  expect(rec.calls.filter((c) => c.url.endsWith(b.order_id))).toHaveLength(0);
  const hooks = (await (await api.admin('GET', '/__admin/webhooks?service=kustom')).json()) as { key: string; state: string }[];
  expect(hooks.find((h) => h.key === `push:${a.order_id}`)?.state).toBe('failed');
  expect(hooks.find((h) => h.key === `push:${b.order_id}`)?.state).toBe('cancelled');
});

test('a registered receiver replaces merchant_urls.push', async () => {
  const rec = recorder();
  const api = await makeApi({ sendWebhook: rec.send });
  await api.admin('PUT', '/__admin/webhooks/receivers', { service: 'kustom', tenant: DEMO, url: 'http://127.0.0.1:9/hooks/{checkout.order.id}' });
  const co = await (await api.call('POST', CO, { body: checkoutBody() })).json();
  await api.admin('POST', `/__admin/kustom/checkout/${co.order_id}/complete`, {});
  await api.admin('POST', '/__admin/clock/advance', { seconds: 120 });
  expect(rec.calls[0]?.url).toBe(`http://127.0.0.1:9/hooks/${co.order_id}`);
});
