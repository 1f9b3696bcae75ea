import { expect, test } from 'vitest';
import { makeApi, newOrder, order, DEMO } from '../helpers/sandbox.js';

test('advancing past expires_at expires AUTHORIZED and PART_CAPTURED orders; captures then refused', async () => {
  const api = await makeApi();
  const a = await newOrder(api);
  const b = await newOrder(api);
  await api.call('POST', `/ordermanagement/v1/orders/${b.order_id}/captures`, { body: { captured_amount: 500 } });
  await api.admin('POST', '/__admin/clock/advance', { seconds: 27 * 86400 });
  expect((await order(api, a.order_id)).status).toBe('AUTHORIZED');
  await api.admin('POST', '/__admin/clock/advance', { seconds: 86400 + 1 });
  expect(await order(api, a.order_id)).toMatchObject({ status: 'EXPIRED', remaining_authorized_amount: 0 });
  expect((await order(api, b.order_id)).status).toBe('EXPIRED');
  const cap = await api.call('POST', `/ordermanagement/v1/orders/${a.order_id}/captures`, { body: { captured_amount: 1 } });
  expect(await cap.json()).toMatchObject({ error_code: 'CAPTURE_NOT_ALLOWED' });
  const refund = await api.call('POST', `/ordermanagement/v1/orders/${b.order_id}/refunds`, { body: { refunded_amount: 500 } });
  expect(refund.status).toBe(201);
});

test('advancing one tenant\'s clock expires only that tenant\'s orders', async () => {
  const api = await makeApi();
  const mine = await newOrder(api, 'merchant-a');
  const theirs = await newOrder(api, 'merchant-b');
  await api.admin('POST', '/__admin/clock/advance', { seconds: 29 * 86400, service: 'kustom', tenant: 'merchant-a' });
  expect((await order(api, mine.order_id, 'merchant-a')).status).toBe('EXPIRED');
  expect((await order(api, theirs.order_id, 'merchant-b')).status).toBe('AUTHORIZED');
});

test('the advance itself stores the expiry (visible in the admin listing with its timeline)', async () => {
  const api = await makeApi();
  const o = await newOrder(api);
  await api.admin('POST', '/__admin/clock/advance', { seconds: 29 * 86400 });
  const got = await (await api.admin('GET', `/__admin/kustom/orders/${o.order_id}?tenant=${DEMO}`)).json();
  expect(got.status).toBe('EXPIRED');
  expect(got.history.map((h: { event: string }) => h.event)).toEqual(['authorized', 'expired']);
});
