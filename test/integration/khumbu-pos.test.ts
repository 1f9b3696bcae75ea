import { expect, test } from 'vitest';
import { CLIENT, createOrder, hooks, kh } from '../helpers/khumbu.js';
import { makeApi, type Api } from '../helpers/sandbox.js';

/** The simulated POS: it answers on the sandbox clock, through Order Status webhooks (here: the inbox). */
const advance = (api: Api, seconds: number) => api.sb.admin.clock.advance({ seconds });
const statuses = (api: Api) => hooks(api, 'orderStatus').reverse().map((h) => h.body['orderStatus']);
const cancelBody = (o: { ksOrderId: string; providerOrderId: string }, extra: Record<string, unknown> = {}) => ({ ...o, storeInformation: { providerStoreId: '48002' }, cancellationNotes: 'Guest changed their mind', ...extra });

test('CREATE: RECEIVED, then after the POS delay SUCCESS with an Order Status webhook in the documented shape', async () => {
  const api = await makeApi();
  const o = await createOrder(api);
  await advance(api, 4);
  expect(hooks(api, 'orderStatus')).toEqual([]);
  await advance(api, 1);
  const [hook] = hooks(api, 'orderStatus');
  expect(hook?.body).toEqual({
    providerOrderId: o.providerOrderId, providerOrderNumber: expect.any(String), providerName: 'standardprovider', partnerName: 'simphony',
    marketName: 'plkpl', storeInformation: { providerStoreId: '48002', partnerStoreId: '48002' }, orderStatus: 'SUCCESS',
  });
  (await api.checker('khumbu')).checkWebhook('orderStatus', JSON.stringify(hook?.body));
  expect(await api.sb.admin.khumbu.getOrder(CLIENT, o.ksOrderId)).toMatchObject({ status: 'SUCCESS', pending: null });
});

test('the POS fails an order with an item not on the menu, or out of stock, naming it', async () => {
  const api = await makeApi();
  await createOrder(api, { orderItems: [{ id: '999999', name: 'Sushi', quantity: 1 }] });
  await api.sb.admin.khumbu.setItemStock(CLIENT, '48002', 'OptionId1', false);
  await createOrder(api);
  await advance(api, 5);
  const failed = hooks(api, 'orderStatus').reverse().map((h) => h.body);
  expect(failed.map((b) => b['orderStatus'])).toEqual(['FAILED', 'FAILED']);
  expect(failed[0]?.['error']).toEqual({ code: 'KS-2003', reason: 'Item 999999 (Sushi) is not on the menu of store 48002.' });
  expect(failed[1]?.['error']).toEqual({ code: 'KS-2003', reason: 'Option OptionId1 (Cheese) is out of stock at store 48002.' });
  for (const b of failed) (await api.checker('khumbu')).checkWebhook('orderStatus', JSON.stringify(b));
});

test('a store that closes before the POS answers fails the order with KS-0019', async () => {
  const api = await makeApi();
  await createOrder(api);
  await api.sb.admin.khumbu.setStoreStatus(CLIENT, '48002', 'INA');
  await advance(api, 5);
  expect(hooks(api, 'orderStatus')[0]?.body).toMatchObject({ orderStatus: 'FAILED', error: { code: 'KS-0019', reason: 'Store is inactive.' } });
});

test('HOLD waits (no webhook) until fire; fire → RECEIVED → SUCCESS; a second fire → 409 KS-0010', async () => {
  const api = await makeApi();
  const o = await createOrder(api, { orderNotificationType: 'HOLD' });
  await advance(api, 600);
  expect(hooks(api, 'orderStatus')).toEqual([]);
  expect(await api.sb.admin.khumbu.getOrder(CLIENT, o.ksOrderId)).toMatchObject({ status: 'HOLD' });
  const fire = await kh(api, 'order/fire', { body: { providerOrderId: o.providerOrderId, ksOrderId: o.ksOrderId, marketName: 'plkpl', storeInformation: { providerStoreId: '48002' } } });
  expect(fire.status).toBe(202);
  expect(await fire.json()).toEqual({ ksOrderId: o.ksOrderId, providerOrderId: o.providerOrderId, status: 'ACCEPTED', message: 'Fire request accepted.' });
  await advance(api, 5);
  expect(statuses(api)).toEqual(['SUCCESS']);
  const again = await kh(api, 'order/fire', { body: { providerOrderId: o.providerOrderId, storeInformation: { providerStoreId: '48002' } } });
  expect(again.status).toBe(409);
  expect(await again.json()).toEqual({ code: 'KS-0010', message: 'Invalid value provided for the field \'orderStatus\'' });
});

test('fire errors: unknown order → 404 KS-0020, CREATE order → 409 KS-0010, wrong ksOrderId or store → KS-0010, inactive store → KS-0019', async () => {
  const api = await makeApi();
  const unknown = await kh(api, 'order/fire', { body: { providerOrderId: 'nope', storeInformation: { providerStoreId: '48002' } } });
  expect(unknown.status).toBe(404);
  expect(await unknown.json()).toEqual({ code: 'KS-0020', message: 'Provider order id nope not found for provider fire order.' });
  const created = await createOrder(api);
  const notHeld = await kh(api, 'order/fire', { body: { providerOrderId: created.providerOrderId, storeInformation: { providerStoreId: '48002' } } });
  expect(notHeld.status).toBe(409);
  const held = await createOrder(api, { orderNotificationType: 'HOLD' });
  const wrongId = await kh(api, 'order/fire', { body: { providerOrderId: held.providerOrderId, ksOrderId: '12345678901234567', storeInformation: { providerStoreId: '48002' } } });
  expect(await wrongId.json()).toMatchObject({ code: 'KS-0010', message: 'Invalid value provided for the field \'ksOrderId\'' });
  const wrongStore = await kh(api, 'order/fire', { body: { providerOrderId: held.providerOrderId, storeInformation: { providerStoreId: '99999' } } });
  expect(await wrongStore.json()).toMatchObject({ code: 'KS-0010' });
  await api.sb.admin.khumbu.setStoreStatus(CLIENT, '48002', 'INA');
  const closed = await kh(api, 'order/fire', { body: { providerOrderId: held.providerOrderId, storeInformation: { providerStoreId: '48002' } } });
  expect(closed.status).toBe(409);
  expect(await closed.json()).toMatchObject({ code: 'KS-0019' });
  expect(await api.sb.admin.khumbu.getOrder(CLIENT, held.ksOrderId)).toMatchObject({ status: 'HOLD' });
});

test('cancel → 202, then the POS answers CANCELLED; cancel again → 409 KS-1005 (also while pending)', async () => {
  const api = await makeApi();
  const o = await createOrder(api);
  const res = await kh(api, 'orders/cancel', { body: cancelBody(o) });
  expect(res.status).toBe(202);
  expect(await res.json()).toEqual({ ...o, status: 'ACCEPTED', message: 'Cancel request accepted.' });
  const pending = await kh(api, 'orders/cancel', { body: cancelBody(o) });
  expect(pending.status).toBe(409);
  expect(await pending.json()).toEqual({ code: 'KS-1005', message: 'Order is already canceled.' });
  await advance(api, 5);
  expect(statuses(api)).toEqual(['CANCELLED']); // the cancel overtook the POS's decision: no SUCCESS
  expect((await kh(api, 'orders/cancel', { body: cancelBody(o) })).status).toBe(409);
  expect(await api.sb.admin.khumbu.getOrder(CLIENT, o.ksOrderId)).toMatchObject({ status: 'CANCELLED' });
});

test('cancel of an accepted or held order works; of a failed one the POS answers CANCEL_FAILED', async () => {
  const api = await makeApi();
  const ok = await createOrder(api);
  const held = await createOrder(api, { orderNotificationType: 'HOLD' });
  const bad = await createOrder(api, { orderItems: [{ id: 'nope', quantity: 1 }] });
  await advance(api, 5);
  for (const o of [ok, held, bad]) expect((await kh(api, 'orders/cancel', { body: cancelBody(o) })).status).toBe(202);
  await advance(api, 5);
  const byOrder = Object.fromEntries(hooks(api, 'orderStatus').map((h) => [`${String(h.body['providerOrderId'])}:${String(h.body['orderStatus'])}`, h.body]));
  expect(byOrder[`${ok.providerOrderId}:CANCELLED`]).toBeDefined();
  expect(byOrder[`${held.providerOrderId}:CANCELLED`]).toBeDefined();
  expect(byOrder[`${bad.providerOrderId}:CANCEL_FAILED`]).toMatchObject({ error: { code: 'KS-2003' } });
  expect(await api.sb.admin.khumbu.getOrder(CLIENT, bad.ksOrderId)).toMatchObject({ status: 'FAILED' });
});

test('cancel when the store is inactive → CANCEL_FAILED, and the order carries on as before', async () => {
  const api = await makeApi();
  const o = await createOrder(api);
  await advance(api, 5);
  await api.sb.admin.khumbu.setStoreStatus(CLIENT, '48002', 'INA');
  expect((await kh(api, 'orders/cancel', { body: cancelBody(o) })).status).toBe(202);
  await advance(api, 5);
  expect(hooks(api, 'orderStatus')[0]?.body).toMatchObject({ orderStatus: 'CANCEL_FAILED', error: { code: 'KS-0019', reason: 'Store is inactive.' } });
  expect(await api.sb.admin.khumbu.getOrder(CLIENT, o.ksOrderId)).toMatchObject({ status: 'SUCCESS', pending: null });
  await api.sb.admin.khumbu.setStoreStatus(CLIENT, '48002', 'ACT');
  expect((await kh(api, 'orders/cancel', { body: cancelBody(o) })).status).toBe(202); // may be tried again
});

test('cancel errors: unknown → 404 KS-0020, wrong ksOrderId → KS-0010, unknown store → KS-1001', async () => {
  const api = await makeApi();
  const unknown = await kh(api, 'orders/cancel', { body: { providerOrderId: 'ghost', storeInformation: { providerStoreId: '48002' } } });
  expect(unknown.status).toBe(404);
  expect(await unknown.json()).toEqual({ code: 'KS-0020', message: 'Provider order id ghost not found for provider cancel order.' });
  const o = await createOrder(api);
  const wrong = await kh(api, 'orders/cancel', { body: cancelBody(o, { ksOrderId: '17301056466671495' }) });
  expect(wrong.status).toBe(400);
  expect(await wrong.json()).toMatchObject({ code: 'KS-0010' });
  const store = await kh(api, 'orders/cancel', { body: cancelBody(o, { storeInformation: { providerStoreId: '00000' } }) });
  expect(store.status).toBe(404);
  expect(await store.json()).toMatchObject({ code: 'KS-1001' });
});

test('POS-initiated cancel (admin) → CANCELLED at once with a webhook; again → 409; the provider\'s cancel then → KS-1005', async () => {
  const api = await makeApi();
  const o = await createOrder(api);
  await advance(api, 5);
  const res = await api.admin('POST', `/__admin/khumbu/orders/${o.ksOrderId}/cancel?tenant=${CLIENT}`, { reason: 'Out of dough' });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ status: 'CANCELLED' });
  expect(statuses(api)).toEqual(['SUCCESS', 'CANCELLED']);
  expect((await api.admin('POST', `/__admin/khumbu/orders/${o.ksOrderId}/cancel?tenant=${CLIENT}`)).status).toBe(409);
  expect((await api.admin('POST', `/__admin/khumbu/orders/000/cancel?tenant=${CLIENT}`)).status).toBe(404);
  expect(await (await kh(api, 'orders/cancel', { body: cancelBody(o) })).json()).toMatchObject({ code: 'KS-1005' });
});

test('the POS delay is per store and per client, in sandbox seconds', async () => {
  const api = await makeApi();
  const res = await api.admin('POST', `/__admin/khumbu/stores/48002/pos?tenant=${CLIENT}`, { delaySeconds: 60 });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ posDelaySeconds: 60 });
  await createOrder(api);
  await createOrder(api, { storeInformation: { providerStoreId: '99999' } });
  await advance(api, 5);
  expect(hooks(api, 'orderStatus')).toHaveLength(1); // 99999 answered
  await advance(api, 55);
  expect(hooks(api, 'orderStatus')).toHaveLength(2);
});

test('the timeline stamps each POS answer at the sandbox time it fell due', async () => {
  const api = await makeApi({ clock: { now: '2026-05-01T10:00:00.000Z', frozen: true } });
  const o = await createOrder(api);
  await api.sb.admin.clock.set({ now: '2026-05-01T10:00:10.000Z', frozen: true });
  expect(await api.sb.admin.khumbu.getOrder(CLIENT, o.ksOrderId)).toMatchObject({ status: 'SUCCESS' });
  const history = (await api.sb.admin.khumbu.getOrder(CLIENT, o.ksOrderId)).history;
  expect(history.map((h) => [h.status, h.at])).toEqual([['RECEIVED', '2026-05-01T10:00:00.000Z'], ['SUCCESS', '2026-05-01T10:00:05.000Z']]);
});
