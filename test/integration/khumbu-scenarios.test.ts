import { expect, test } from 'vitest';
import { CLIENT, kh, sampleOrder } from '../helpers/khumbu.js';
import { makeApi } from '../helpers/sandbox.js';

/** The shipped Khumbu scenario files: failures in Khumbu's own envelopes, reproducibly. */
test('khumbu-pos-unreachable: store 99999 refuses twice with 502 KS-2003, then takes the order; other stores untouched', async () => {
  const api = await makeApi({ scenarios: ['scenarios/khumbu-pos-unreachable.yaml'] });
  const order = sampleOrder({ storeInformation: { providerStoreId: '99999' } });
  for (let i = 0; i < 2; i++) {
    const res = await kh(api, 'orders/notification', { body: order });
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ code: 'KS-2003', message: 'API Call for partner api is failed' });
  }
  expect((await kh(api, 'orders/notification', { body: order })).status).toBe(202);
  expect((await kh(api, 'orders/notification', { body: sampleOrder() })).status).toBe(202);
  expect(await api.sb.admin.khumbu.listOrders(CLIENT)).toHaveLength(2);
});

test('khumbu-throttled (disarmed) applies to one request through X-Sandbox-Scenario: 429 in the gateway\'s envelope', async () => {
  const api = await makeApi({ scenarios: ['scenarios/khumbu-throttled.yaml'] });
  const res = await kh(api, 'orders/notification', { body: sampleOrder(), headers: { 'X-Sandbox-Scenario': 'khumbu-throttled' } });
  expect(res.status).toBe(429);
  expect(await res.json()).toEqual({ message: 'Too Many Requests' });
  expect(res.headers.get('retry-after')).toBe('1');
  expect((await kh(api, 'orders/notification', { body: sampleOrder() })).status).toBe(202);
});
