// An example of Order Sandbox in a vitest suite, written as a user of the package would write it.
// Copy it into your project (npm install --save-dev order-sandbox) and point your own API clients at sb.url.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSandbox, type TestSandbox } from 'order-sandbox/testing';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startSandbox(); // in-process: no port, nothing to clean up on disk
});
afterAll(() => sb.close());

const json = (headers: Record<string, string>, body: unknown): RequestInit => ({
  method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body),
});

test('Kustom: a purchase nobody captures expires after 28 days; the push keeps coming until acknowledged', async () => {
  const t = sb.tenant('kustom'); // this test's own merchant: other tests never see its orders
  const line = { type: 'physical', reference: 'SKU-1', name: 'Tea', quantity: 1, unit_price: 10000, tax_rate: 2500, total_amount: 10000, total_tax_amount: 2000 };
  const created = await sb.fetch('/checkout/v3/orders', json(t.kustom.headers, {
    purchase_country: 'SE', purchase_currency: 'SEK', locale: 'sv-SE', order_amount: 10000, order_tax_amount: 2000, order_lines: [line],
    merchant_urls: { terms: 'https://shop.example/terms', checkout: 'https://shop.example/checkout', confirmation: 'https://shop.example/thanks', push: 'http://127.0.0.1:9/push?id={checkout.order.id}' },
  }));
  expect(created.status).toBe(201);
  const { order_id } = (await created.json()) as { order_id: string };
  await sb.sandbox.admin.kustom.completeCheckout(order_id, { email: 'anna@example.com' }); // the shopper pays

  await sb.advance('28d');
  const order = await (await sb.fetch(`/ordermanagement/v1/orders/${order_id}`, { headers: t.kustom.headers })).json();
  expect(order.status).toBe('EXPIRED');
  expect(sb.webhooks({ service: 'kustom', tenant: t.kustom.key, kind: 'push' })[0]?.attempts.length).toBeGreaterThan(1);
});

test('Khumbu: the restaurant POS answers an order by webhook a few seconds later', async () => {
  const t = sb.tenant('khumbu');
  const res = await sb.fetch('/uat/v1/providers/standardprovider/partners/simphony/markets/plkpl/orders/notification', json(await t.khumbu.headers(), {
    providerOrderId: 'order-1', marketName: 'plkpl', orderNotificationType: 'CREATE',
    storeInformation: { providerStoreId: '48002', partnerStoreId: '48002' },
    payments: { total: 105, paymentMethod: 'CARD', currencyCode: 'PLN' },
    serviceMode: { fulfillmentMode: 'PICK_UP' },
    orderItems: [{ id: '123', type: 'ITEM', name: 'Pizza', price: 100, quantity: 1, options: [{ id: 'OptionId1', name: 'Cheese', price: 5, quantity: 1 }] }],
  }));
  expect(res.status).toBe(202);
  expect(sb.webhooks({ tenant: t.khumbu.clientId, kind: 'orderStatus' })).toEqual([]); // not yet: the POS takes 5 s
  await sb.advance('5s');
  const [status] = sb.webhooks({ tenant: t.khumbu.clientId, kind: 'orderStatus' });
  expect(JSON.parse(status?.body ?? '{}')).toMatchObject({ providerOrderId: 'order-1', orderStatus: 'SUCCESS' });
});

test('OktoPOS: an order is ready after the kitchen\'s 15 minutes', async () => {
  const t = sb.tenant('okto');
  const articles = (await (await sb.fetch('/v1/articles', { headers: t.oktopos.headers })).json()) as { uuid: string; name: string; price: { value: string; currency: string } }[];
  const a = articles[0];
  if (!a) throw new Error('no articles');
  const created = await sb.fetch('/v1/order/create', json(t.oktopos.headers, {
    orderId: 'web-1', status: 'new', orderType: 'PICKUP', purchaseTime: { timestamp: new Date().toISOString(), timezone: 'Europe/Berlin' },
    items: [{ basketItemId: 1, mainBasketItemId: 1, productId: a.uuid, name: a.name, quantity: 1, price: a.price }],
    payment: { referenceId: 'PAY-1', paymentMethod: 'card', price: a.price, status: 'paid' },
  }));
  expect(created.status).toBe(200);
  const ready = async () => (await (await sb.fetch('/v1/order/ready', { headers: t.oktopos.headers })).json()) as unknown[];
  expect(await ready()).toEqual([]);
  await sb.advance('15m');
  expect(await ready()).toHaveLength(1);
  expect(sb.journal({ tenant: t.oktopos.apiKey }).map((e) => e.operation)).toContain('createOrder');
});
