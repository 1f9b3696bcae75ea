import { expect, test } from 'vitest';
import { createOrder as khumbuCreate, kh, token } from '../helpers/khumbu.js';
import { createOrder as oktoCreate, okto } from '../helpers/oktopos.js';
import { makeApi, newOrder } from '../helpers/sandbox.js';

/** No route of any service, admin included, returns or changes another tenant's data unless the admin call names that tenant. */
test('tenant B sees and changes nothing of tenant A, in any service or admin view', async () => {
  const api = await makeApi();
  // Tenant A: an order in each service, and a journal and webhooks to go with them.
  const kustomA = await newOrder(api, 'kco_tenant_a');
  await api.call('POST', `/ordermanagement/v1/orders/${kustomA.order_id}/captures`, { tenant: 'kco_tenant_a', body: { captured_amount: 100 } });
  const khumbuA = await khumbuCreate(api);
  const oktoA = await oktoCreate(api, {}, 'till-a');
  await api.sb.admin.clock.advance({ seconds: 10 });

  // Kustom: B gets 404 for A's order on read and write.
  expect((await api.call('GET', `/ordermanagement/v1/orders/${kustomA.order_id}`, { tenant: 'kco_tenant_b' })).status).toBe(404);
  expect((await api.call('POST', `/ordermanagement/v1/orders/${kustomA.order_id}/cancel`, { tenant: 'kco_tenant_b' })).status).toBe(404);
  // Khumbu: another client cannot cancel or fire A's order (KS-0020), and lists none.
  const other = await token(api, 'khumbu_other_client', 'khumbu_other_secret');
  const cancel = await kh(api, 'orders/cancel', { token: other, body: { ...khumbuA, storeInformation: { providerStoreId: '48002' } } });
  expect([cancel.status, ((await cancel.json()) as { code: string }).code]).toEqual([404, 'KS-0020']);
  // OktoPOS: another till cannot see or set A's order.
  expect(await (await okto(api, 'GET', '/v1/order/ready', { key: 'till-b' })).json()).toEqual([]);
  expect((await okto(api, 'POST', '/v1/order/status', { key: 'till-b', body: { orderId: oktoA, status: 'picked_up' } })).status).toBe(404);

  // Admin views scoped to B show nothing of A.
  const adminJson = async (path: string) => (await api.admin('GET', path)).json();
  expect(await adminJson('/__admin/kustom/orders?tenant=kco_tenant_b')).toEqual([]);
  expect(await adminJson('/__admin/khumbu/orders?tenant=khumbu_other_client')).toEqual([]);
  expect(await adminJson('/__admin/oktopos/orders?tenant=till-b')).toEqual([]);
  for (const [service, tenant] of [['kustom', 'kco_tenant_b'], ['khumbu', 'khumbu_other_client'], ['oktopos', 'till-b']]) {
    const journal = (await adminJson(`/__admin/journal?service=${service}&tenant=${tenant}`)) as { tenant: string }[];
    expect(journal.every((e) => e.tenant === tenant)).toBe(true);
    expect(await adminJson(`/__admin/webhooks?service=${service}&tenant=${tenant}`)).toEqual([]);
  }

  // A's data is untouched by B's attempts.
  expect(await api.sb.admin.oktopos.getOrder('till-a', oktoA)).toMatchObject({ status: 'new' });
  expect((await api.sb.admin.khumbu.listOrders('khumbu_demo_client'))[0]).toMatchObject({ ksOrderId: khumbuA.ksOrderId, status: 'SUCCESS' });
  expect(await (await api.call('GET', `/ordermanagement/v1/orders/${kustomA.order_id}`, { tenant: 'kco_tenant_a' })).json()).toMatchObject({ status: 'PART_CAPTURED', captured_amount: 100 });
});
