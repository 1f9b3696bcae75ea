import { expect, test } from 'vitest';
import { CLIENT, createOrder, kh, madeOrders, sampleOrder, token } from '../helpers/khumbu.js';
import { makeApi } from '../helpers/sandbox.js';

/** Khumbu's synchronous answers: 202 ACCEPTED, and every KS code the inputs can provoke. */
const expectKs = async (res: Response, status: number, code: string, message?: string) => {
  expect(res.status).toBe(status);
  const body = await res.json();
  expect(body.code).toBe(code);
  if (message !== undefined) expect(body.message).toBe(message);
};

test('the documented sample request succeeds as it is: 202 with a 17-digit ksOrderId', async () => {
  const api = await makeApi();
  const order = sampleOrder({ providerOrderId: '5334a0dc-5f4d-4a71-9ab8-8a6bd54c0c11' });
  const res = await kh(api, 'orders/notification', { body: order });
  expect(res.status).toBe(202);
  const body = await res.json();
  expect(body).toEqual({ ksOrderId: expect.stringMatching(/^\d{17}$/), providerOrderId: order['providerOrderId'], status: 'ACCEPTED', message: 'Order request accepted.' });
  expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
  const stored = await api.sb.admin.khumbu.getOrder(CLIENT, body.ksOrderId);
  expect(stored).toMatchObject({ status: 'RECEIVED', providerStoreId: '48002', market: 'plkpl', notificationType: 'CREATE' });
});

test('the same routes are served under /v1 (production-like)', async () => {
  const api = await makeApi();
  const res = await kh(api, 'orders/notification', { base: '/v1/providers/standardprovider/partners/simphony/markets/plkpl', body: sampleOrder() });
  expect(res.status).toBe(202);
});

test('path names are checked against the fixtures: KS-0002, KS-0003, KS-0012, unknown market', async () => {
  const api = await makeApi();
  const at = (p: string, pos: string, m: string) => `/uat/v1/providers/${p}/partners/${pos}/markets/${m}`;
  await expectKs(await kh(api, 'orders/notification', { base: at('x', 'simphony', 'plkpl'), body: sampleOrder() }), 400, 'KS-0002', 'Provider name must be between 2 and 100.');
  await expectKs(await kh(api, 'orders/notification', { base: at('otherprovider', 'simphony', 'plkpl'), body: sampleOrder() }), 404, 'KS-0003', 'Invalid Provider name: otherprovider.');
  await expectKs(await kh(api, 'orders/notification', { base: at('standardprovider', 'micros', 'plkpl'), body: sampleOrder() }), 404, 'KS-0012', 'Invalid Partner name: micros.');
  await expectKs(await kh(api, 'orders/adjustcart', { base: at('standardprovider', 'simphony', 'nomarket'), body: sampleOrder() }), 400, 'KS-0010', 'Invalid value provided for the field \'marketName\'');
});

test('bad JSON → KS-0001, a JSON non-object → KS-1003, no JSON content type → 415 from the gateway', async () => {
  const api = await makeApi();
  await expectKs(await kh(api, 'orders/notification', { raw: '{"providerOrderId": ' }), 400, 'KS-0001', 'Request payload must be a valid Json string.');
  await expectKs(await kh(api, 'orders/notification', { raw: '' }), 400, 'KS-0001');
  await expectKs(await kh(api, 'orders/cancel', { raw: '[1,2]' }), 400, 'KS-1003', 'JSON payload is invalid.');
  const plain = await kh(api, 'orders/notification', { raw: JSON.stringify(sampleOrder()), headers: { 'content-type': 'text/plain' } });
  expect(plain.status).toBe(415);
  expect(await plain.json()).toEqual({ message: 'Unsupported Media Type' });
});

test('missing fields → KS-0007 (providerOrderId), KS-0011 (top level), KS-0006 (nested, naming the parent)', async () => {
  const api = await makeApi();
  const { payments: _p, ...noPayments } = sampleOrder();
  await expectKs(await kh(api, 'orders/notification', { body: sampleOrder({ providerOrderId: '' }) }), 400, 'KS-0007', 'providerOrderId is Null/Empty');
  await expectKs(await kh(api, 'orders/notification', { body: sampleOrder({ providerOrderId: null }) }), 400, 'KS-0007');
  await expectKs(await kh(api, 'orders/notification', { body: noPayments }), 400, 'KS-0011', 'The \'payments\' field is required and cannot be left blank or missing.');
  await expectKs(await kh(api, 'orders/notification', { body: sampleOrder({ orderItems: [] }) }), 400, 'KS-0011', 'The \'orderItems\' field is required and cannot be left blank or missing.');
  await expectKs(await kh(api, 'orders/notification', { body: sampleOrder({ storeInformation: { partnerStoreId: '48002' } }) }), 400, 'KS-0006', 'Required storeInformation Field: providerStoreId is missing.');
  await expectKs(await kh(api, 'orders/notification', { body: sampleOrder({ orderItems: [{ name: 'Pizza', quantity: 1 }] }) }), 400, 'KS-0006', 'Required orderItems Field: id is missing.');
  await expectKs(await kh(api, 'orders/cancel', { body: { storeInformation: { providerStoreId: '48002' } } }), 400, 'KS-0007');
});

test('bad enums → KS-0016, KS-0017, KS-0021, KS-0022; other bad values → KS-0010 naming the field', async () => {
  const api = await makeApi();
  const o = sampleOrder();
  const pay = o['payments'] as Record<string, unknown>;
  await expectKs(await kh(api, 'orders/notification', { body: { ...o, serviceMode: { fulfillmentMode: 'TELEPORT' } } }), 400, 'KS-0016', 'Invalid fulfillment mode/service mode TELEPORT.');
  await expectKs(await kh(api, 'orders/notification', { body: { ...o, payments: { ...pay, paymentMethod: 'BITCOIN' } } }), 400, 'KS-0017', 'Invalid payment method BITCOIN.');
  await expectKs(await kh(api, 'orders/notification', { body: { ...o, payments: { ...pay, currencyCode: 'ZZZ' } } }), 400, 'KS-0021', 'Invalid currency code ZZZ.');
  await expectKs(await kh(api, 'orders/notification', { body: { ...o, orderItems: [{ id: '123', type: 'GIFT', quantity: 1 }] } }), 400, 'KS-0022', 'Invalid item type GIFT.');
  await expectKs(await kh(api, 'orders/notification', { body: { ...o, orderItems: [{ id: '123', quantity: 1, options: [{ id: 'OptionId1', type: 'SAUCE', quantity: 1 }] }] } }), 400, 'KS-0022', 'Invalid item type SAUCE.');
  await expectKs(await kh(api, 'orders/notification', { body: { ...o, orderNotificationType: 'LATER' } }), 400, 'KS-0010', 'Invalid value provided for the field \'orderNotificationType\'');
  await expectKs(await kh(api, 'orders/notification', { body: { ...o, orderNotificationType: 'CREATE_ORDER' } }), 400, 'KS-0010', 'Invalid value provided for the field \'orderNotificationType\'');
  await expectKs(await kh(api, 'orders/notification', { body: { ...o, orderItems: [{ id: '123', quantity: 0 }] } }), 400, 'KS-0010', 'Invalid value provided for the field \'orderItems[0].quantity\'');
  await expectKs(await kh(api, 'orders/notification', { body: { ...o, createdTimestamp: 'yesterday' } }), 400, 'KS-0010', 'Invalid value provided for the field \'createdTimestamp\'');
  await expectKs(await kh(api, 'orders/notification', { body: { ...o, marketName: 'czkcz' } }), 400, 'KS-0010', 'Invalid value provided for the field \'marketName\'');
  expect(await madeOrders(api)).toEqual([]); // nothing was stored
});

test('stores: unknown → KS-1001, another market\'s → KS-1001, foreign partner store id → KS-1002, inactive → KS-0019', async () => {
  const api = await makeApi();
  const store = (s: Record<string, string>) => sampleOrder({ storeInformation: s });
  await expectKs(await kh(api, 'orders/notification', { body: store({ providerStoreId: '11111' }) }), 404, 'KS-1001', 'Provider store not found.');
  await expectKs(await kh(api, 'orders/notification', { body: store({ providerStoreId: '61001' }) }), 404, 'KS-1001');
  await expectKs(await kh(api, 'orders/notification', { body: store({ providerStoreId: '48002', partnerStoreId: '99999' }) }), 404, 'KS-1002', 'Partner store not found.');
  await expectKs(await kh(api, 'orders/notification', { body: store({ providerStoreId: '48003' }) }), 409, 'KS-0019', 'Store is inactive.');
  expect((await kh(api, 'orders/notification', { body: store({ providerStoreId: '99999' }) })).status).toBe(202);
});

test('a second market serves its own stores', async () => {
  const api = await makeApi();
  const res = await kh(api, 'orders/notification', {
    base: '/uat/v1/providers/standardprovider/partners/simphony/markets/czkcz',
    body: sampleOrder({ marketName: 'czkcz', storeInformation: { providerStoreId: '61001' }, payments: { total: 600, paymentMethod: 'CASH', currencyCode: 'CZK' } }),
  });
  expect(res.status).toBe(202);
});

test('duplicate providerOrderId → 409 KS-0018; another client may use the same id', async () => {
  const api = await makeApi();
  const order = sampleOrder();
  expect((await kh(api, 'orders/notification', { body: order })).status).toBe(202);
  await expectKs(await kh(api, 'orders/notification', { body: order }), 409, 'KS-0018', `Duplicate order request found, ignoring request. Provider order id: ${String(order['providerOrderId'])}`);
  await expectKs(await kh(api, 'orders/notification', { body: { ...order, orderNotificationType: 'HOLD' } }), 409, 'KS-0018');
  const other = await token(api, 'khumbu_other_client', 'khumbu_other_secret');
  expect((await kh(api, 'orders/notification', { token: other, body: order })).status).toBe(202);
  expect(await madeOrders(api)).toHaveLength(1);
  expect(await api.sb.admin.khumbu.listOrders('khumbu_other_client')).toHaveLength(1);
});

test('concurrent creates with one providerOrderId: exactly one is accepted', async () => {
  const api = await makeApi();
  const jwt = await token(api);
  const order = sampleOrder();
  const results = await Promise.all(Array.from({ length: 8 }, () => kh(api, 'orders/notification', { token: jwt, body: order })));
  expect(results.map((r) => r.status).sort()).toEqual([202, 409, 409, 409, 409, 409, 409, 409]);
});

test('providerOrderId "__proto__" is an ordinary id: stored, found, and a duplicate after', async () => {
  const api = await makeApi();
  const { ksOrderId } = await createOrder(api, { providerOrderId: '__proto__' });
  await expectKs(await kh(api, 'orders/notification', { body: sampleOrder({ providerOrderId: '__proto__' }) }), 409, 'KS-0018');
  const cancel = await kh(api, 'orders/cancel', { body: { providerOrderId: '__proto__', ksOrderId, storeInformation: { providerStoreId: '48002' } } });
  expect(cancel.status).toBe(202);
});

test('unknown paths and methods under the Khumbu prefixes get the gateway\'s 403 Missing Authentication Token', async () => {
  const api = await makeApi();
  const headers = { authorization: `Bearer ${await token(api)}`, 'x-api-key': 'k' };
  for (const [method, path] of [['GET', '/uat/v1/providers/standardprovider/partners/simphony/markets/plkpl/orders/notification'], ['POST', '/uat/v1/orders'], ['GET', '/oauth2/authorize']] as const) {
    const res = await api.sb.request(path, { method, headers });
    expect(res.status, path).toBe(403);
    expect(await res.json()).toEqual({ message: 'Missing Authentication Token' });
  }
});
