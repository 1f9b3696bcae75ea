import { expect, test } from 'vitest';
import { CLIENT, createOrder, hooks, kh, madeOrders, sampleOrder } from '../helpers/khumbu.js';
import { scenarioFile } from '../helpers/scenario-file.js';
import { makeApi } from '../helpers/sandbox.js';

/** The shipped Khumbu scenario files: failures in Khumbu's own envelopes, reproducibly. */
const file = scenarioFile;

test('khumbu-pos-unreachable: store 99999 refuses twice with 502 KS-2003, then takes the order; other stores untouched', async () => {
  const api = await makeApi({ scenarios: ['scenarios/khumbu-pos-unreachable.yaml'], arm: ['khumbu-pos-unreachable'] });
  const order = sampleOrder({ storeInformation: { providerStoreId: '99999' } });
  for (let i = 0; i < 2; i++) {
    const res = await kh(api, 'orders/notification', { body: order });
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ code: 'KS-2003', message: 'API Call for partner api is failed' });
  }
  expect((await kh(api, 'orders/notification', { body: order })).status).toBe(202);
  expect((await kh(api, 'orders/notification', { body: sampleOrder() })).status).toBe(202);
  expect(await madeOrders(api)).toHaveLength(2);
});

test('khumbu-throttled (disarmed) applies to one request through X-Sandbox-Scenario: 429 in the gateway\'s envelope', async () => {
  const api = await makeApi({ scenarios: ['scenarios/khumbu-throttled.yaml'] });
  const res = await kh(api, 'orders/notification', { body: sampleOrder(), headers: { 'X-Sandbox-Scenario': 'khumbu-throttled' } });
  expect(res.status).toBe(429);
  expect(await res.json()).toEqual({ message: 'Too Many Requests' });
  expect(res.headers.get('retry-after')).toBe('1');
  expect((await kh(api, 'orders/notification', { body: sampleOrder() })).status).toBe(202);
});

test('khumbu-store-inactive-mid-service: three orders to 48002 succeed, later ones are accepted but fail at the POS with KS-0019', async () => {
  const api = await makeApi({ scenarios: ['scenarios/khumbu-store-inactive-mid-service.yaml'], arm: ['khumbu-store-inactive-mid-service'] });
  for (let i = 0; i < 5; i++) await createOrder(api);
  await createOrder(api, { storeInformation: { providerStoreId: '99999', partnerStoreId: '99999' } });
  await api.sb.admin.clock.advance({ seconds: 5 });
  const statuses = hooks(api, 'orderStatus').reverse().map((h) => [h.body['storeInformation'] && (h.body['storeInformation'] as { providerStoreId: string }).providerStoreId, h.body['orderStatus'], (h.body['error'] as { code?: string } | undefined)?.code ?? null]);
  expect(statuses).toEqual([
    ['48002', 'SUCCESS', null], ['48002', 'SUCCESS', null], ['48002', 'SUCCESS', null],
    ['48002', 'FAILED', 'KS-0019'], ['48002', 'FAILED', 'KS-0019'], ['99999', 'SUCCESS', null],
  ]);
  const failed = hooks(api, 'orderStatus').find((h) => h.body['orderStatus'] === 'FAILED');
  expect(failed?.body['error']).toEqual({ code: 'KS-0019', reason: 'Store is inactive.' });
});

test('khumbu-pos-rejects-item: an order whose first item is 123 is accepted, then FAILED with KS-2003 and the scenario\'s reason', async () => {
  const api = await makeApi({ scenarios: ['scenarios/khumbu-pos-rejects-item.yaml'], arm: ['khumbu-pos-rejects-item'] });
  const { ksOrderId } = await createOrder(api);
  await api.sb.admin.clock.advance({ seconds: 5 });
  const [hook] = hooks(api, 'orderStatus');
  expect(hook?.body).toMatchObject({ orderStatus: 'FAILED', error: { code: 'KS-2003', reason: 'Item 123 (Pizza) was refused by the POS: sold out at the till.' } });
  expect((await api.sb.admin.khumbu.listOrders(CLIENT)).find((o) => o.ksOrderId === ksOrderId)).toMatchObject({ status: 'FAILED' });
  (await api.checker('khumbu')).checkWebhook('orderStatus', JSON.stringify(hook?.body));
});

test('a webhook outcome on cancelOrder: the POS answers CANCEL_FAILED and the order keeps going', async () => {
  const path = await file('cancel.yaml', 'name: no-cancel\nrules:\n  - match: { service: khumbu, operation: cancelOrder }\n    webhook: { orderStatus: CANCEL_FAILED, error: KS-2003, reason: "Kitchen already cooking." }\n');
  const api = await makeApi({ scenarios: [path] });
  const o = await createOrder(api);
  expect((await kh(api, 'orders/cancel', { body: { ...o, storeInformation: { providerStoreId: '48002' } } })).status).toBe(202);
  await api.sb.admin.clock.advance({ seconds: 5 });
  expect(hooks(api, 'orderStatus').map((h) => h.body['orderStatus']).sort()).toEqual(['CANCEL_FAILED', 'SUCCESS']);
});

test('khumbu-webhook-receiver-flaps: the fifth Order Status arrives twice, about half lose two attempts and come with the retry; all arrive', async () => {
  const received: string[] = [];
  const api = await makeApi({ scenarios: ['scenarios/khumbu-webhook-receiver-flaps.yaml'], arm: ['khumbu-webhook-receiver-flaps'], seed: 11, sendWebhook: async (_url, init) => (received.push(JSON.parse(init.body).providerOrderId), 200) });
  await api.admin('PUT', '/__admin/webhooks/receivers', { service: 'khumbu', tenant: CLIENT, url: 'http://127.0.0.1:9/hooks' });
  const ids: string[] = [];
  for (let i = 0; i < 8; i++) {
    ids.push((await createOrder(api)).providerOrderId);
    await api.sb.admin.clock.advance({ seconds: 5 });
  }
  const deliveries = api.sb.admin.webhooks.list({ service: 'khumbu', kind: 'orderStatus' });
  const dropped = deliveries.filter((d) => d.scenario?.includes('(dropped)'));
  expect(dropped.length).toBeGreaterThan(0);
  expect(dropped.length).toBeLessThan(7);
  expect(deliveries.filter((d) => d.scenario === 'khumbu-webhook-receiver-flaps#1 (duplicated)')).toHaveLength(2);
  await api.sb.admin.clock.advance({ seconds: 120 });
  expect(new Set(received)).toEqual(new Set(ids));
  expect(received.length).toBe(ids.length + 1);
  expect(received.filter((id) => id === ids[4])).toHaveLength(2);
  for (const d of dropped) expect(d.attempts.slice(0, 2).every((a) => a.error?.startsWith('dropped on the way'))).toBe(true);
});

test('a scenario answer fills its message with the request\'s own values', async () => {
  const path = await file('dup.yaml', 'name: dup\nrules:\n  - match: { service: khumbu, operation: createOrder }\n    respond: { status: 409, error: KS-0018 }\n');
  const api = await makeApi({ scenarios: [path] });
  const res = await kh(api, 'orders/notification', { body: sampleOrder({ providerOrderId: 'po-77' }) });
  expect(await res.json()).toEqual({ code: 'KS-0018', message: 'Duplicate order request found, ignoring request. Provider order id: po-77' });
});
