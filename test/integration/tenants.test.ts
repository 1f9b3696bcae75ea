import { expect, test } from 'vitest';
import { makeApi, newOrder, DEMO } from '../helpers/sandbox.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

test('a merchant never sees another merchant\'s orders, in any route', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api, 'merchant-a');
  const cap = await api.call('POST', `/ordermanagement/v1/orders/${order_id}/captures`, { body: { captured_amount: 100 }, tenant: 'merchant-a' });
  const captureId = cap.headers.get('capture-id');
  for (const [method, path, body] of [
    ['GET', `/ordermanagement/v1/orders/${order_id}`],
    ['POST', `/ordermanagement/v1/orders/${order_id}/captures`, { captured_amount: 1 }],
    ['GET', `/ordermanagement/v1/orders/${order_id}/captures/${captureId}`],
    ['POST', `/ordermanagement/v1/orders/${order_id}/cancel`],
    ['PATCH', `/ordermanagement/v1/orders/${order_id}/merchant-references`, {}],
  ] as [string, string, unknown?][]) {
    const res = await api.call(method, path, { tenant: 'merchant-b', ...(body ? { body } : {}) });
    expect(res.status, `${method} ${path}`).toBe(404);
  }
  expect((await api.call('GET', `/ordermanagement/v1/orders/${order_id}`, { tenant: 'merchant-a' })).status).toBe(200);
});

test('the base64 username:password form names the merchant by its username', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api, 'PK1234_abc');
  const res = await api.call('GET', `/ordermanagement/v1/orders/${order_id}`, { tenant: null, headers: { Authorization: `Basic ${b64('PK1234_abc:anything')}` } });
  expect(res.status).toBe(200);
});

test('strict mode accepts only the fixtures\' credentials', async () => {
  const api = await makeApi({ strict: true });
  const demoOrder = (await (await api.admin('GET', `/__admin/kustom/orders?tenant=${DEMO}`)).json())[0].order_id;
  const path = `/ordermanagement/v1/orders/${demoOrder}`;
  expect((await api.call('GET', path)).status).toBe(200);
  expect((await api.call('GET', path, { tenant: null, headers: { Authorization: `Basic ${b64(`${DEMO}:kco_test_secret_demo`)}` } })).status).toBe(200);
  expect((await api.call('GET', path, { tenant: null, headers: { Authorization: `Basic ${b64(`${DEMO}:wrong`)}` } })).status).toBe(401);
  expect((await api.call('GET', path, { tenant: 'kco_test_api_unknown' })).status).toBe(401);
});

test('a new merchant starts empty; the demo merchant starts with its demo orders', async () => {
  const api = await makeApi();
  expect(await (await api.admin('GET', '/__admin/kustom/orders?tenant=fresh-merchant')).json()).toEqual([]);
  expect(await (await api.admin('GET', `/__admin/kustom/orders?tenant=${DEMO}`)).json()).toHaveLength(20);
});

test('ids such as __proto__ or constructor find nothing (404), never an inherited property', async () => {
  const api = await makeApi();
  for (const id of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
    expect((await api.call('GET', `/checkout/v3/orders/${id}`)).status, id).toBe(404);
    expect((await api.call('POST', `/checkout/v3/orders/${id}`, { body: {} })).status, id).toBe(404);
    expect((await api.call('POST', `/checkout/v3/orders/${id}/abort`)).status, id).toBe(404);
    expect((await api.admin('GET', `/__admin/kustom/orders/${id}?tenant=${DEMO}`)).status, id).toBe(404);
    expect((await api.admin('POST', `/__admin/kustom/checkout/${id}/complete`, {})).status, id).toBe(404);
  }
});
