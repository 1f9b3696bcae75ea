import { afterAll, beforeAll, expect, test } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/index.js';
import { wireName } from '../../src/http/wire-response.js';
import { rawConnection, request, type RawConnection, type RawResponse } from '../helpers/raw-http.js';

/**
 * Header names on the wire, read from the raw header block: as the real APIs spell them (Klarna's PHP
 * SDK looks up `Content-Type` and `Location` byte for byte), on every API and the admin.
 */
let sb: Sandbox;
let port = 0;
let close: () => Promise<void>;
let conn: RawConnection;
const KUSTOM = { Authorization: 'Basic kco_test_api_demo' };
const JSON_BODY = { 'Content-Type': 'application/json' };

beforeAll(async () => {
  sb = await createSandbox({ logLevel: 'silent', adminToken: 'secret-token' });
  ({ port, close } = await sb.listen(0));
  conn = await rawConnection(port);
});
afterAll(async () => {
  conn.close();
  await close();
  await sb.close();
});

/** Every name in the block is spelt as wireName spells it: no name in lower case slips through. */
function expectSpelled(res: RawResponse): void {
  for (const name of res.names) expect(name, `header ${name} of a ${res.status}`).toBe(wireName(name));
}

const admin = { Authorization: 'Bearer secret-token' };

test('wireName spells names as the vendors do', () => {
  expect(['content-type', 'content-length', 'location', 'capture-id', 'refund-id', 'klarna-correlation-id', 'retry-after', 'x-ratelimit-remaining', 'www-authenticate', 'x-amzn-requestid', 'x-amz-apigw-id', 'x-amzn-errortype', 'x-sandbox-hint', 'etag'].map(wireName))
    .toEqual(['Content-Type', 'Content-Length', 'Location', 'Capture-Id', 'Refund-Id', 'Klarna-Correlation-Id', 'Retry-After', 'X-Ratelimit-Remaining', 'WWW-Authenticate', 'x-amzn-RequestId', 'x-amz-apigw-id', 'x-amzn-ErrorType', 'X-Sandbox-Hint', 'ETag']);
  expect(wireName('Content-Type')).toBe('Content-Type');
  expect(wireName('CONTENT-TYPE')).toBe('Content-Type');
});

test('Kustom: GET order, capture and refund carry Content-Type, Location, Capture-Id, Refund-Id and Klarna-Correlation-Id as spelt on the wire', async () => {
  const [first] = await sb.admin.kustom.listOrders('kco_test_api_demo');
  const order = await sb.admin.kustom.createOrder('kco_test_api_demo', { order_amount: 10000 });
  const get = await conn.send(request('GET', `/ordermanagement/v1/orders/${first!.order_id}`, KUSTOM));
  expect(get.status).toBe(200);
  expectSpelled(get);
  expect(get.names).toEqual(expect.arrayContaining(['Content-Type', 'Klarna-Correlation-Id', 'Content-Length']));

  const cap = await conn.send(request('POST', `/ordermanagement/v1/orders/${order.order_id}/captures`, { ...KUSTOM, ...JSON_BODY }, JSON.stringify({ captured_amount: 5000 })));
  expect(cap.status).toBe(201);
  expectSpelled(cap);
  expect(cap.names).toEqual(expect.arrayContaining(['Capture-Id', 'Location', 'Klarna-Correlation-Id']));
  expect(cap.header('Location')).toBe(`http://127.0.0.1/ordermanagement/v1/orders/${order.order_id}/captures/${cap.header('Capture-Id')}`);

  const ref = await conn.send(request('POST', `/ordermanagement/v1/orders/${order.order_id}/refunds`, { ...KUSTOM, ...JSON_BODY }, JSON.stringify({ refunded_amount: 1000 })));
  expect(ref.status).toBe(201);
  expectSpelled(ref);
  expect(ref.names).toEqual(expect.arrayContaining(['Refund-Id', 'Location', 'Klarna-Correlation-Id']));
});

test('Kustom: the checkout create answer has Location and Content-Type; a 401 has WWW-Authenticate; a 400 has X-Sandbox-Hint', async () => {
  const body = JSON.stringify({
    purchase_country: 'SE', purchase_currency: 'SEK', locale: 'sv-SE', order_amount: 10000, order_tax_amount: 2000,
    order_lines: [{ type: 'physical', reference: 'SKU-1', name: 'Tomatoes', quantity: 1, unit_price: 10000, tax_rate: 2500, total_amount: 10000, total_tax_amount: 2000 }],
    merchant_urls: { terms: 'https://shop.example/terms', checkout: 'https://shop.example/checkout', confirmation: 'https://shop.example/confirmation', push: 'https://shop.example/push' },
  });
  const created = await conn.send(request('POST', '/checkout/v3/orders', { ...KUSTOM, ...JSON_BODY }, body));
  expect(created.status).toBe(201);
  expectSpelled(created);
  expect(created.names).toEqual(expect.arrayContaining(['Location', 'Content-Type', 'Klarna-Correlation-Id']));

  const denied = await conn.send(request('GET', '/ordermanagement/v1/orders/00000000-0000-4000-8000-000000000000'));
  expect(denied.status).toBe(401);
  expectSpelled(denied);
  expect(denied.names).toEqual(expect.arrayContaining(['WWW-Authenticate', 'Content-Type', 'Klarna-Correlation-Id']));

  const bad = await conn.send(request('GET', '/ordermanagement/v1/orders/not-an-id', KUSTOM));
  expect(bad.status).toBe(400);
  expectSpelled(bad);
  expect(bad.names).toEqual(expect.arrayContaining(['X-Sandbox-Hint', 'Klarna-Correlation-Id']));
});

test('Kustom: a rate-limited answer carries Retry-After and X-Ratelimit-*', async () => {
  const res = await sb.request('/__admin/scenarios', {
    method: 'POST', headers: { ...admin, ...JSON_BODY },
    body: JSON.stringify({ name: 'tight', armed: false, rules: [{ match: { service: 'kustom', operation: '*' }, rate_limit: { limit: 1, window_seconds: 60 } }] }),
  });
  expect(res.status).toBe(201);
  const id = (await sb.admin.kustom.listOrders('kco_test_api_demo'))[0]!.order_id;
  const headers = { ...KUSTOM, 'X-Sandbox-Scenario': 'tight' };
  expect((await conn.send(request('GET', `/ordermanagement/v1/orders/${id}`, headers))).status).toBe(200);
  const limited = await conn.send(request('GET', `/ordermanagement/v1/orders/${id}`, headers));
  expect(limited.status).toBe(429);
  expectSpelled(limited);
  expect(limited.names).toEqual(expect.arrayContaining(['Retry-After', 'X-Ratelimit-Limit', 'X-Ratelimit-Remaining', 'X-Ratelimit-Reset']));
});

test('Khumbu: the token and its errors carry x-amzn-RequestId, x-amz-apigw-id and x-amzn-ErrorType as API Gateway spells them', async () => {
  const form = 'grant_type=client_credentials&client_id=khumbu_demo_client&client_secret=khumbu_demo_secret&scope=access%2Fall';
  const tok = await conn.send(request('POST', '/oauth2/token', { 'Content-Type': 'application/x-www-form-urlencoded' }, form));
  expect(tok.status).toBe(200);
  expectSpelled(tok);
  expect(tok.names).toEqual(expect.arrayContaining(['Content-Type', 'x-amzn-RequestId', 'x-amz-apigw-id']));

  const denied = await conn.send(request('POST', '/uat/v1/providers/standardprovider/partners/simphony/markets/plkpl/orders/notification', JSON_BODY, '{}'));
  expect(denied.status).toBe(403);
  expectSpelled(denied);
  expect(denied.names).toEqual(expect.arrayContaining(['x-amzn-ErrorType', 'x-amzn-RequestId', 'x-amz-apigw-id']));

  const unknown = await conn.send(request('GET', '/uat/v1/orders/1'));
  expect(unknown.status).toBe(403);
  expect(JSON.parse(unknown.body)).toEqual({ message: 'Missing Authentication Token' });
  expectSpelled(unknown);
  expect(unknown.names).toEqual(expect.arrayContaining(['x-amzn-ErrorType', 'x-amzn-RequestId', 'x-amz-apigw-id']));
});

test('OktoPOS and the admin: Content-Type and WWW-Authenticate spelt as on the wire', async () => {
  const ready = await conn.send(request('GET', '/v1/order/ready', { 'X-API-KEY': 'okto_demo_key' }));
  expect(ready.status).toBe(200);
  expectSpelled(ready);
  expect(ready.names).toContain('Content-Type');

  const refused = await conn.send(request('GET', '/v1/order/ready'));
  expect(refused.status).toBe(403);
  expectSpelled(refused);

  const locked = await conn.send(request('GET', '/__admin/journal'));
  expect(locked.status).toBe(401);
  expectSpelled(locked);
  expect(locked.names).toEqual(expect.arrayContaining(['WWW-Authenticate', 'Content-Type']));

  const journal = await conn.send(request('GET', '/__admin/journal?limit=1', admin));
  expect(journal.status).toBe(200);
  expectSpelled(journal);
  expect(journal.names).toContain('Content-Type');
});

test('the docs page, a document and the dashboard are spelt the same', async () => {
  for (const path of ['/openapi/kustom.json', '/docs', '/']) {
    const res = await conn.send(request('GET', path));
    expect(res.status, path).toBe(200);
    expectSpelled(res);
    expect(res.names, path).toContain('Content-Type');
  }
});
