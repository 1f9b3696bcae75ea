import { expect, test } from 'vitest';
import { makeApi, newOrder, order, DEMO } from '../helpers/sandbox.js';

/** Order Management through HTTP: every route's success and error paths. */
const OM = '/ordermanagement/v1/orders';
const MISSING = '11111111-2222-4333-8444-555555555555';

test('GET order → 200 with the documented fields and a correlation id header', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  const res = await api.call('GET', `${OM}/${order_id}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('klarna-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  const body = await res.json();
  expect(body).toMatchObject({ order_id, status: 'AUTHORIZED', order_amount: 10000, remaining_authorized_amount: 10000, captured_amount: 0 });
  expect(body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  expect(body.sandbox).toBeUndefined();
});

test('each answer carries its own correlation id once, the one the journal records: a read, a refused credential, a write', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  const answers = [
    await api.call('GET', `${OM}/${order_id}`),
    await api.call('GET', `${OM}/${order_id}`, { tenant: null }),
    await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 100 } }),
    await api.call('GET', `${OM}/${MISSING}`),
  ];
  expect(answers.map((r) => r.status)).toEqual([200, 401, 201, 404]);
  const ids = answers.map((r) => r.headers.get('klarna-correlation-id'));
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(new Set(ids).size).toBe(4);
  const journaled = api.sb.admin.journal.list({ service: 'kustom', limit: 4 }).map((e) => e.correlationId).reverse();
  expect(journaled).toEqual(ids);
});

test('GET unknown order → 404 NO_SUCH_ORDER; non-UUID id → 400 INVALID_ORDER_ID', async () => {
  const api = await makeApi();
  const missing = await api.call('GET', `${OM}/${MISSING}`);
  expect(missing.status).toBe(404);
  const body = await missing.json();
  expect(body).toEqual({ error_code: 'NO_SUCH_ORDER', error_messages: [`Order ${MISSING} cannot be found`], correlation_id: missing.headers.get('klarna-correlation-id') });
  const bad = await api.call('GET', `${OM}/not-a-uuid`);
  expect(bad.status).toBe(400);
  expect((await bad.json()).error_messages).toEqual(['Order ID must be a valid UUID.']);
});

test('capture → 201, empty body, Capture-Id and absolute Location; then GET capture and captures', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  const res = await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 4000, description: 'first box', reference: 'ship-1' } });
  expect(res.status).toBe(201);
  expect(await res.text()).toBe('');
  const captureId = res.headers.get('capture-id');
  expect(res.headers.get('location')).toBe(`http://localhost${OM}/${order_id}/captures/${captureId}`);
  const one = await api.call('GET', `${OM}/${order_id}/captures/${captureId}`);
  expect(await one.json()).toMatchObject({ capture_id: captureId, captured_amount: 4000, description: 'first box', reference: 'ship-1', refunded_amount: 0 });
  const list = await (await api.call('GET', `${OM}/${order_id}/captures`)).json();
  expect(list).toHaveLength(1);
  expect(await order(api, order_id)).toMatchObject({ status: 'PART_CAPTURED', captured_amount: 4000, remaining_authorized_amount: 6000 });
});

test('Location honours X-Forwarded-Proto and X-Forwarded-Host', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  const res = await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 1 }, headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'sandbox.example:8443' } });
  expect(res.headers.get('location')).toMatch(new RegExp(`^https://sandbox\\.example:8443${OM}/${order_id}/captures/`));
});

test('capture errors: over the remaining amount → 403 CAPTURE_NOT_ALLOWED; on a cancelled order → 403; unknown order → 404 with suffix', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  const over = await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 10001 } });
  expect(over.status).toBe(403);
  expect((await over.json()).error_code).toBe('CAPTURE_NOT_ALLOWED');
  expect((await api.call('POST', `${OM}/${order_id}/cancel`)).status).toBe(204);
  const cancelled = await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 1 } });
  expect(await cancelled.json()).toMatchObject({ error_code: 'CAPTURE_NOT_ALLOWED', error_messages: ['Capture not allowed'] });
  const missing = await api.call('POST', `${OM}/${MISSING}/captures`, { body: { captured_amount: 1 } });
  expect((await missing.json()).error_messages).toEqual([`Order ${MISSING} cannot be found. Capture not possible.`]);
});

test('capture validation → 400 BAD_VALUE naming the field; nothing changes', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  const cases: [unknown, string][] = [
    [{}, 'Bad value: captured_amount'],
    [{ captured_amount: 'ten' }, 'Bad value: captured_amount'],
    [{ captured_amount: 1.5 }, 'Bad value: captured_amount'],
    [{ captured_amount: 100000001 }, 'Bad value: captured_amount'],
    [{ captured_amount: 1, reference: 'x'.repeat(256) }, 'Bad value: reference'],
    [{ captured_amount: 1, order_lines: [{ name: 'a', quantity: 1, unit_price: 1, tax_rate: 0, total_amount: 1 }] }, 'Bad value: order_lines[0].total_tax_amount'],
    [{ captured_amount: 1, order_lines: [{ type: 'banana', name: 'a', quantity: 1, unit_price: 1, tax_rate: 0, total_amount: 1, total_tax_amount: 0 }] }, 'Bad value: order_lines[0].type'],
    [{ captured_amount: 1, shipping_info: [{ shipping_method: 'Teleport' }] }, 'Bad value: shipping_info[0].shipping_method'],
  ];
  for (const [body, message] of cases) {
    const res = await api.call('POST', `${OM}/${order_id}/captures`, { body });
    expect(res.status, JSON.stringify(body)).toBe(400);
    const err = await res.json();
    expect(err.error_code).toBe('BAD_VALUE');
    expect(err.error_messages).toContain(message);
    expect(res.headers.get('x-sandbox-hint')).toBeTruthy();
  }
  expect(await order(api, order_id)).toMatchObject({ status: 'AUTHORIZED', captured_amount: 0 });
});

test('malformed JSON → 400 BAD_VALUE; JSON without Content-Type → 415 in the envelope', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  const bad = await api.call('POST', `${OM}/${order_id}/captures`, { raw: '{"captured_amount": 1', headers: { 'content-type': 'application/json' } });
  expect(bad.status).toBe(400);
  expect(await bad.json()).toMatchObject({ error_code: 'BAD_VALUE', error_messages: ['Bad value: body'] });
  const noType = await api.call('POST', `${OM}/${order_id}/captures`, { raw: '{"captured_amount": 1}' });
  expect(noType.status).toBe(415);
  expect((await noType.json()).error_code).toBe('BAD_VALUE');
});

test('body over 1 MB → 413 REQUEST_TOO_LARGE', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  const res = await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 1, description: 'x'.repeat(1024 * 1024) } });
  expect(res.status).toBe(413);
  expect(await res.json()).toMatchObject({ error_code: 'REQUEST_TOO_LARGE', error_messages: ['Request is too large'] });
});

test('refund → 201 with Refund-Id and Location; GET refund; over-refund and unknown refund refused', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  const none = await api.call('POST', `${OM}/${order_id}/refunds`, { body: { refunded_amount: 1 } });
  expect(await none.json()).toMatchObject({ error_code: 'REFUND_NOT_ALLOWED', error_messages: ['Order has no captures. Refund not possible.'] });
  await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 10000 } });
  const res = await api.call('POST', `${OM}/${order_id}/refunds`, { body: { refunded_amount: 2500, description: 'broken lid' } });
  expect(res.status).toBe(201);
  expect(await res.text()).toBe('');
  const refundId = res.headers.get('refund-id');
  expect(res.headers.get('location')).toBe(`http://localhost${OM}/${order_id}/refunds/${refundId}`);
  expect(await (await api.call('GET', `${OM}/${order_id}/refunds/${refundId}`)).json()).toMatchObject({ refund_id: refundId, refunded_amount: 2500, description: 'broken lid' });
  const over = await api.call('POST', `${OM}/${order_id}/refunds`, { body: { refunded_amount: 7501 } });
  expect((await over.json()).error_messages).toEqual(['Over refund is not allowed. Refund not possible.']);
  const unknown = await api.call('GET', `${OM}/${order_id}/refunds/${MISSING}`);
  expect(await unknown.json()).toMatchObject({ error_code: 'NOT_FOUND', error_messages: [`Refund ${MISSING} cannot be found for order ${order_id}`] });
  await api.call('POST', `${OM}/${order_id}/refunds`, { body: { refunded_amount: 7500 } });
  expect(await order(api, order_id)).toMatchObject({ status: 'CLOSED', refunded_amount: 10000 });
});

test('cancel → 204 CANCELLED; cancel after a capture → 403 CANCEL_NOT_ALLOWED', async () => {
  const api = await makeApi();
  const a = await newOrder(api);
  const res = await api.call('POST', `${OM}/${a.order_id}/cancel`);
  expect(res.status).toBe(204);
  expect(await order(api, a.order_id)).toMatchObject({ status: 'CANCELLED', remaining_authorized_amount: 0 });
  const b = await newOrder(api);
  await api.call('POST', `${OM}/${b.order_id}/captures`, { body: { captured_amount: 100 } });
  const refused = await api.call('POST', `${OM}/${b.order_id}/cancel`);
  expect(await refused.json()).toMatchObject({ error_code: 'CANCEL_NOT_ALLOWED', error_messages: ['Order has previous captures. Cancel not possible.'] });
});

test('PATCH authorization → 204; below captured → 403 with the exact message; raising a CARD order → 403', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api, DEMO, { initial_payment_method: { type: 'INVOICE' } });
  await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 3000 } });
  expect((await api.call('PATCH', `${OM}/${order_id}/authorization`, { body: { order_amount: 12000, description: 'added socks' } })).status).toBe(204);
  expect(await order(api, order_id)).toMatchObject({ order_amount: 12000, original_order_amount: 10000, remaining_authorized_amount: 9000 });
  const low = await api.call('PATCH', `${OM}/${order_id}/authorization`, { body: { order_amount: 2000 } });
  expect((await low.json()).error_messages[0]).toBe('Resulting authorization amount 2000 cannot be less than the captured amount 3000 for order. Order authorization cannot be updated');
  const card = await newOrder(api, DEMO, { initial_payment_method: { type: 'CARD' } });
  const raise = await api.call('PATCH', `${OM}/${card.order_id}/authorization`, { body: { order_amount: 20000 } });
  expect(await raise.json()).toMatchObject({ error_code: 'NOT_ALLOWED', error_messages: ['Update not allowed.'] });
  const missingField = await api.call('PATCH', `${OM}/${order_id}/authorization`, { body: { description: 'x' } });
  expect((await missingField.json()).error_messages).toEqual(['Bad value: order_amount']);
});

test('release remaining authorization → 204 then CAPTURED; on AUTHORIZED → 403', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  const early = await api.call('POST', `${OM}/${order_id}/release-remaining-authorization`);
  expect(await early.json()).toMatchObject({ error_code: 'NOT_ALLOWED', error_messages: ['Can not release when order is cancelled or has no captures.'] });
  await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 3000 } });
  expect((await api.call('POST', `${OM}/${order_id}/release-remaining-authorization`)).status).toBe(204);
  expect(await order(api, order_id)).toMatchObject({ status: 'CAPTURED', remaining_authorized_amount: 0 });
});

test('extend authorization time → 204 and expires_at moves to now + 28 days', async () => {
  const api = await makeApi({ clock: { now: '2026-05-01T00:00:00.000Z', frozen: true } });
  const { order_id } = await newOrder(api);
  await api.admin('POST', '/__admin/clock/advance', { seconds: 86400 * 5 });
  expect((await api.call('POST', `${OM}/${order_id}/extend-authorization-time`)).status).toBe(204);
  expect((await order(api, order_id)).expires_at).toBe('2026-06-03T00:00:00.000Z');
});

test('acknowledge, merchant references, customer details and order shipping info → 204 and visible', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api, DEMO, { purchase_country: 'SE' });
  expect((await api.call('POST', `${OM}/${order_id}/acknowledge`)).status).toBe(204);
  expect((await api.call('PATCH', `${OM}/${order_id}/merchant-references`, { body: { merchant_reference1: '15632423', merchant_reference2: 'special order' } })).status).toBe(204);
  expect((await api.call('PATCH', `${OM}/${order_id}/customer-details`, { body: { shipping_address: { given_name: 'Anna', city: 'Malmö', country: 'SE' } } })).status).toBe(204);
  expect((await api.call('POST', `${OM}/${order_id}/shipping-info`, { body: { shipping_info: [{ shipping_company: 'PostNord', shipping_method: 'Home', tracking_number: 'PN123' }] } })).status).toBe(204);
  const o = await order(api, order_id);
  expect(o).toMatchObject({ merchant_reference1: '15632423', merchant_reference2: 'special order', shipping_address: { given_name: 'Anna', city: 'Malmö' }, shipping_info: [{ tracking_number: 'PN123' }] });
  const foreign = await api.call('PATCH', `${OM}/${order_id}/customer-details`, { body: { billing_address: { country: 'DE' } } });
  expect(foreign.status).toBe(422);
  expect((await foreign.json()).error_code).toBe('INVALID_ADDRESS');
  const emptyInfo = await api.call('POST', `${OM}/${order_id}/shipping-info`, { body: { shipping_info: [] } });
  expect((await emptyInfo.json()).error_messages).toEqual(['Bad value: shipping_info']);
});

test('404 messages carry the operation suffix', async () => {
  const api = await makeApi();
  const ack = await api.call('POST', `${OM}/${MISSING}/acknowledge`);
  expect((await ack.json()).error_messages).toEqual([`Order ${MISSING} cannot be found. Acknowledgement not possible.`]);
  const refs = await api.call('PATCH', `${OM}/${MISSING}/merchant-references`, { body: {} });
  expect((await refs.json()).error_messages).toEqual(['Order cannot be found. Merchant references cannot be updated.']);
  const ship = await api.call('POST', `${OM}/${MISSING}/shipping-info`, { body: { shipping_info: [{}] } });
  expect((await ship.json()).error_messages).toEqual([`Order ${MISSING} cannot be found. Shipping info cannot be added to order.`]);
});

test('capture shipping info and trigger send-out → 204; unknown capture → 404 NO_SUCH_CAPTURE', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  const cap = await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 10000 } });
  const captureId = cap.headers.get('capture-id');
  expect((await api.call('POST', `${OM}/${order_id}/captures/${captureId}/shipping-info`, { body: { shipping_info: [{ tracking_number: 'T1' }] } })).status).toBe(204);
  expect((await api.call('POST', `${OM}/${order_id}/captures/${captureId}/trigger-send-out`)).status).toBe(204);
  const got = await (await api.call('GET', `${OM}/${order_id}/captures/${captureId}`)).json();
  expect(got.shipping_info).toEqual([{ tracking_number: 'T1' }]);
  const ship = await api.call('POST', `${OM}/${order_id}/captures/${MISSING}/shipping-info`, { body: { shipping_info: [{}] } });
  expect(await ship.json()).toMatchObject({ error_code: 'NO_SUCH_CAPTURE', error_messages: [`Capture could not be found. Shipping info cannot be added to capture ${MISSING}`] });
  expect((await api.call('POST', `${OM}/${order_id}/captures/${MISSING}/trigger-send-out`)).status).toBe(404);
  expect((await api.call('GET', `${OM}/${order_id}/captures/${MISSING}`)).status).toBe(404);
});

test('missing or malformed credentials → 401 with WWW-Authenticate, in the envelope', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  for (const headers of [{}, { Authorization: 'Bearer abc' }, { Authorization: 'Basic ' }] as Record<string, string>[]) {
    const res = await api.call('GET', `${OM}/${order_id}`, { tenant: null, headers });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="Kustom"');
    expect(await res.json()).toMatchObject({ error_code: 'UNAUTHORIZED', error_messages: ['Authentication failed'] });
  }
});

test('an unknown path under a Kustom prefix → 404 in the Kustom envelope', async () => {
  const api = await makeApi();
  const res = await api.sb.request('/ordermanagement/v1/orders/x/teleport', { headers: { Authorization: `Basic ${DEMO}` } });
  expect(res.status).toBe(404);
  const body = await res.json();
  expect(Object.keys(body).sort()).toEqual(['correlation_id', 'error_code', 'error_messages']);
});

test('the demo merchant has about 20 orders across every status', async () => {
  const api = await makeApi();
  const res = await api.admin('GET', `/__admin/kustom/orders?tenant=${DEMO}`);
  const orders = (await res.json()) as { status: string }[];
  expect(orders.length).toBe(20);
  expect(new Set(orders.map((o) => o.status))).toEqual(new Set(['AUTHORIZED', 'PART_CAPTURED', 'CAPTURED', 'CANCELLED', 'EXPIRED', 'CLOSED']));
  for (const o of orders.slice(0, 5)) expect((await api.call('GET', `${OM}/${(o as unknown as { order_id: string }).order_id}`)).status).toBe(200);
});

test('the demo orders are the same every start', async () => {
  const a = await makeApi();
  const b = await makeApi();
  const ids = async (api: typeof a) => ((await (await api.admin('GET', `/__admin/kustom/orders?tenant=${DEMO}`)).json()) as { order_id: string; order_lines: unknown }[]).map((o) => [o.order_id, o.order_lines]);
  expect(await ids(a)).toEqual(await ids(b));
});
