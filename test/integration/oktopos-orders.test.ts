import { expect, test } from 'vitest';
import { createOrder, KEY, message, okto, orderBody } from '../helpers/oktopos.js';
import { makeApi } from '../helpers/sandbox.js';

/** OktoPOS create: success, every schema rule, the article preconditions, duplicates, pickup time, auth. */
test('create → 200 {internalId}: integers increasing per till, whatever the Content-Type', async () => {
  const api = await makeApi();
  const a = await createOrder(api, {}, 'till-a');
  expect(a).toBe(1001);
  const plain = await okto(api, 'POST', '/v1/order/create', { raw: JSON.stringify(orderBody()), key: 'till-a', headers: { 'content-type': 'text/plain' } });
  expect(await plain.json()).toEqual({ internalId: 1002 });
  const none = await okto(api, 'POST', '/v1/order/create', { raw: JSON.stringify(orderBody()), key: 'till-a' });
  expect(await none.json()).toEqual({ internalId: 1003 });
  expect(await createOrder(api, {}, 'till-b')).toBe(1001); // another till counts on its own
});

test('the demo till continues after its demo orders', async () => {
  const api = await makeApi();
  expect(await createOrder(api)).toBe(1010);
});

test('bad JSON, a missing field, a wrong type → 400 default.error.validation naming the field', async () => {
  const api = await makeApi();
  const cases: [unknown, string][] = [
    [undefined, 'The request body is not valid JSON.'],
    [(({ orderId: _, ...o }) => o)(orderBody()), 'Field \'orderId\' is required.'],
    [(({ payment: _, ...o }) => o)(orderBody()), 'Field \'payment\' is required.'],
    [(({ purchaseTime: _, ...o }) => o)(orderBody()), 'Field \'purchaseTime\' is required.'],
    [(({ status: _, ...o }) => o)(orderBody()), 'Field \'status\' is required.'],
    [orderBody({ items: [] }), 'Field \'items\' is invalid: Too small: expected array to have >=1 items.'],
  ];
  for (const [body, text] of cases) {
    const res = await okto(api, 'POST', '/v1/order/create', body === undefined ? { raw: '{"orderId":' } : { body });
    expect(res.status).toBe(400);
    expect(await message(res)).toEqual({ text, text_ns: 'default.error.validation' });
  }
});

test('schema rules: orderType enum, money as decimal strings with ISO currency, table/seat integers, purchaseTime zone, payment status enum', async () => {
  const api = await makeApi();
  const item = (orderBody()['items'] as Record<string, unknown>[])[0] as Record<string, unknown>;
  const bad: [Record<string, unknown>, string][] = [
    [{ orderType: 'TAKEAWAY' }, 'orderType'],
    [{ payment: { price: { value: 7.8, currency: 'EUR' } } }, 'payment.price.value'],
    [{ payment: { price: { value: '7,80', currency: 'EUR' } } }, 'payment.price.value'],
    [{ payment: { price: { value: '7.80', currency: 'Euro' } } }, 'payment.price.currency'],
    [{ payment: { price: { value: '7.80', currency: 'EUR' }, status: 'done' } }, 'payment.status'],
    [{ location: { table: 1.5 } }, 'location.table'],
    [{ location: { seat: '2' } }, 'location.seat'],
    [{ purchaseTime: { timestamp: '2026-05-01 12:00', timezone: 'Europe/Berlin' } }, 'purchaseTime.timestamp'],
    [{ purchaseTime: { timestamp: '2026-05-01T12:00:00+02:00', timezone: 'Mars/Olympus' } }, 'purchaseTime.timezone'],
    [{ items: [{ ...item, quantity: 0 }] }, 'items[0].quantity'],
    [{ items: [{ ...item, basketItemId: 'one' }] }, 'items[0].basketItemId'],
    [{ intermediary: 'shop/evil' }, 'intermediary'],
    [{ tipTransactions: [{ referenceId: 'T1', price: { value: 'one', currency: 'EUR' } }] }, 'tipTransactions[0].price.value'],
    [{ sessionToken: 5 }, 'sessionToken'],
    [{ customer: { givenName: 'Anna', address: { zip: 10115 } } }, 'customer.address.zip'],
    [{ pickup: { pickupToken: 'A1', pickupTime: 'noon' } }, 'pickup.pickupTime'],
  ];
  for (const [over, field] of bad) {
    const res = await okto(api, 'POST', '/v1/order/create', { body: orderBody(over) });
    expect(res.status, field).toBe(400);
    expect((await message(res)).text, field).toMatch(new RegExp(`^Field '${field.replace(/[[\].]/g, '\\$&')}' is invalid`));
  }
});

test('the optional parts are accepted when well formed: tips, session token, pickup without time, no customer or location', async () => {
  const api = await makeApi();
  const { customer: _c, location: _l, ...bare } = orderBody();
  const res = await okto(api, 'POST', '/v1/order/create', { body: { ...bare, tipTransactions: [{ referenceId: 'T1', paymentMethod: 'card', price: { value: '1.50', currency: 'EUR' } }], sessionToken: 'table-12-evening', pickup: { pickupToken: 'A17' } } });
  expect(res.status).toBe(200);
});

test('intermediary is Unicode-aware: letters of any script, digits, _ . space and -', async () => {
  const api = await makeApi();
  for (const name of ['Lieferandö GmbH', 'Wolt_PL-2.0', 'フードパンダ', 'Ölçek 3']) expect((await okto(api, 'POST', '/v1/order/create', { body: orderBody({ intermediary: name }) })).status, name).toBe(200);
});

test('article preconditions: unknown externalId / productId, or two ids naming different articles → 422; no article and no name → 400', async () => {
  const api = await makeApi();
  const articles = await (await okto(api, 'GET', '/v1/articles')).json();
  const line = (extra: Record<string, unknown>) => orderBody({ items: [{ basketItemId: 1, mainBasketItemId: 1, quantity: 1, price: { value: '1.00', currency: 'EUR' }, ...extra }] });
  const unknown = await okto(api, 'POST', '/v1/order/create', { body: line({ externalId: '9999' }) });
  expect(unknown.status).toBe(422);
  expect(await message(unknown)).toEqual({ text: 'items[0].externalId \'9999\' is not an article of this till; see GET /v1/articles.', text_ns: 'default.error.validation' });
  expect((await okto(api, 'POST', '/v1/order/create', { body: line({ productId: '00000000-0000-4000-8000-000000000000' }) })).status).toBe(422);
  expect((await okto(api, 'POST', '/v1/order/create', { body: line({ externalId: articles[0].externalId, productId: articles[1].uuid }) })).status).toBe(422);
  expect((await okto(api, 'POST', '/v1/order/create', { body: line({ productId: articles[2].uuid }) })).status).toBe(200);
  const nameless = await okto(api, 'POST', '/v1/order/create', { body: line({}) });
  expect(nameless.status).toBe(400);
  expect((await message(nameless)).text).toMatch(/items\[0\]\.name' is required/);
  expect((await okto(api, 'POST', '/v1/order/create', { body: line({ name: 'Off-menu special' }) })).status).toBe(200); // 1.3.0: articles optional
});

test('distribution channel and tax rate must exist and agree; extras must point at a line of the order', async () => {
  const api = await makeApi();
  const item = (orderBody()['items'] as Record<string, unknown>[])[0] as Record<string, unknown>;
  const res = async (items: unknown[]) => okto(api, 'POST', '/v1/order/create', { body: orderBody({ items }) });
  expect((await res([{ ...item, distributionChannel: { id: 9 } }])).status).toBe(422);
  expect((await res([{ ...item, distributionChannel: { id: 1, token: 'DELIVERY' } }])).status).toBe(422);
  expect((await res([{ ...item, tax: { taxRateId: 7 } }])).status).toBe(422);
  expect((await res([{ ...item, tax: { taxRateId: 2, taxRate: '7.00' } }])).status).toBe(422);
  const extra = { ...item, basketItemId: 2, mainBasketItemId: 1, externalId: undefined, name: 'Extra shot' };
  expect((await res([item, extra])).status).toBe(200);
  const dangling = await res([item, { ...extra, mainBasketItemId: 5 }]);
  expect(dangling.status).toBe(400);
  expect((await message(dangling)).text).toMatch(/items\[1\]\.mainBasketItemId/);
  expect((await res([item, { ...extra, basketItemId: 1 }])).status).toBe(400);
  const { distributionChannel: _d, tax: _t, ...bare } = item;
  expect((await res([bare])).status).toBe(200); // 1.1.0: both optional
});

test('duplicate sender orderId → 409 default.error.conflict naming the existing internalId; nothing is stored', async () => {
  const api = await makeApi();
  const body = orderBody();
  const id = await createOrder(api, body);
  const dup = await okto(api, 'POST', '/v1/order/create', { body });
  expect(dup.status).toBe(409);
  expect(await message(dup)).toEqual({ text: `An order with orderId '${String(body['orderId'])}' already exists (internalId ${id}).`, text_ns: 'default.error.conflict' });
  expect(await createOrder(api)).toBe(id + 1);
});

test('a pickup time in the past → 503 default.error.pickup_time; in the future → 200', async () => {
  const api = await makeApi({ clock: { now: '2026-06-01T12:00:00.000Z', frozen: true } });
  const past = await okto(api, 'POST', '/v1/order/create', { body: orderBody({ pickup: { pickupToken: 'A17', pickupTime: '2026-06-01T13:59:00+02:00' } }) });
  expect(past.status).toBe(503);
  expect((await message(past)).text_ns).toBe('default.error.pickup_time');
  expect((await okto(api, 'POST', '/v1/order/create', { body: orderBody({ pickup: { pickupToken: 'A18', pickupTime: '2026-06-01T14:30:00+02:00' } }) })).status).toBe(200);
});

test('pickupTime is taken in both forms: an ISO 8601 string or a PurchaseTime-shaped {timestamp, timezone}; either in the past → 503', async () => {
  const api = await makeApi({ clock: { now: '2026-06-01T12:00:00.000Z', frozen: true } });
  const object = { timestamp: '2026-06-01T14:30:00+02:00', timezone: 'Europe/Berlin' };
  const ok = await okto(api, 'POST', '/v1/order/create', { body: orderBody({ pickup: { pickupToken: 'A19', pickupTime: object } }) });
  expect(ok.status).toBe(200);
  const past = await okto(api, 'POST', '/v1/order/create', { body: orderBody({ pickup: { pickupToken: 'A20', pickupTime: { timestamp: '2026-06-01T13:00:00+02:00', timezone: 'Europe/Berlin' } } }) });
  expect(past.status).toBe(503);
  expect((await message(past)).text).toContain('The pickup time 2026-06-01T13:00:00+02:00 is in the past');
  for (const bad of [{ timestamp: 'noon', timezone: 'Europe/Berlin' }, { timestamp: '2026-06-01T14:30:00+02:00', timezone: 'Mars/Olympus' }, { timezone: 'Europe/Berlin' }]) {
    const res = await okto(api, 'POST', '/v1/order/create', { body: orderBody({ pickup: { pickupToken: 'A21', pickupTime: bad } }) });
    expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
  }
});

test('auth: no X-API-KEY → 403 default.error.authentication; strict mode accepts only the fixtures\' keys', async () => {
  const api = await makeApi({ strict: true });
  const none = await okto(api, 'GET', '/v1/order/ready', { key: null });
  expect(none.status).toBe(403);
  expect((await message(none)).text_ns).toBe('default.error.authentication');
  const unknown = await okto(api, 'POST', '/v1/order/create', { key: 'guess', body: orderBody() });
  expect(unknown.status).toBe(403);
  expect((await message(unknown)).text).toBe('Invalid API key.');
  expect((await okto(api, 'GET', '/v1/order/ready', { key: KEY })).status).toBe(200);
});

test('unknown paths under /v1 get the OktoPOS envelope 404; the error names controller and action', async () => {
  const api = await makeApi();
  const res = await api.sb.request('/v1/order/archive', { headers: { 'X-API-KEY': KEY } });
  expect(res.status).toBe(404);
  const body = await res.json();
  expect(body).toMatchObject({ items: [], success: false, version: '3.93.4', messages: [{ data: { controller: 'order', action: 'archive', module: 'v1' }, index: -1, type: 'error', text_ns: 'default.error.not_found' }] });
  expect(body.messages[0].data.request_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
});
