import { expect, test } from 'vitest';
import { makeApi, newOrder } from '../helpers/sandbox.js';

/** Order Management's extend-due-date and its options, through HTTP (rules: src/services/kustom/due-date.ts). */
const OM = '/ordermanagement/v1/orders';

async function capturedOrder(api: Awaited<ReturnType<typeof makeApi>>, paymentType = 'INVOICE') {
  const { order_id } = await newOrder(api, undefined, { initial_payment_method: { type: paymentType } });
  const res = await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 10000 } });
  return { order_id, capture_id: res.headers.get('capture-id')! };
}

test('options → 200 in the order\'s currency; extend → 204; then no options, and a second extension is 403 NOT_ALLOWED', async () => {
  const api = await makeApi();
  const { order_id, capture_id } = await capturedOrder(api);
  const base = `${OM}/${order_id}/captures/${capture_id}`;
  const opts = await api.call('GET', `${base}/extend-due-date-options`);
  expect(opts.status).toBe(200);
  const body = await opts.json();
  expect(body.options.map((o: { number_of_days: number }) => o.number_of_days)).toEqual([7, 14, 30]);
  expect(body.currency).toMatch(/^[A-Z]{3}$/);
  expect((await api.call('PATCH', `${base}/extend-due-date`, { body: { number_of_days: 30 } })).status).toBe(204);
  expect((await (await api.call('GET', `${base}/extend-due-date-options`)).json()).options).toEqual([]);
  const again = await api.call('PATCH', `${base}/extend-due-date`, { body: { number_of_days: 7 } });
  expect(again.status).toBe(403);
  expect(await again.json()).toMatchObject({ error_code: 'NOT_ALLOWED' });
  const timeline = (await (await api.admin('GET', `/__admin/kustom/orders/${order_id}?tenant=kco_test_api_demo`)).json()).history;
  expect(timeline.filter((h: { event: string }) => h.event === 'due_date_extended')).toHaveLength(1);
});

test('unknown capture → 404 NO_SUCH_CAPTURE; bad body → 400 BAD_VALUE; a card order has no options and cannot be extended', async () => {
  const api = await makeApi();
  const { order_id, capture_id } = await capturedOrder(api, 'CARD');
  const base = `${OM}/${order_id}/captures/${capture_id}`;
  expect((await (await api.call('GET', `${base}/extend-due-date-options`)).json()).options).toEqual([]);
  expect((await api.call('PATCH', `${base}/extend-due-date`, { body: { number_of_days: 7 } })).status).toBe(403);
  const missing = await api.call('GET', `${OM}/${order_id}/captures/nope/extend-due-date-options`);
  expect(missing.status).toBe(404);
  expect(await missing.json()).toMatchObject({ error_code: 'NO_SUCH_CAPTURE' });
  const bad = await api.call('PATCH', `${base}/extend-due-date`, { body: { number_of_days: 'soon' } });
  expect(bad.status).toBe(400);
  expect(await bad.json()).toMatchObject({ error_code: 'BAD_VALUE', error_messages: ['Bad value: number_of_days'] });
});
