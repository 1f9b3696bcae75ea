import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { kh, madeOrders, sampleOrder, token, API_KEY } from '../helpers/khumbu.js';
import { okto, orderBody } from '../helpers/oktopos.js';
import { makeApi, newOrder, order, type Api } from '../helpers/sandbox.js';

/** Races: many parallel writes on one order or one id, with an in-memory and with a disk store. */
const stores = [['memory', async () => makeApi()], ['disk', async () => makeApi({ data: await mkdtemp(join(tmpdir(), 'race-')) })]] as const;
const N = 25;

for (const [kind, make] of stores) {
  test(`${kind}: ${N} parallel captures of 1,000 on a 10,000 order: exactly 10 succeed, never over-captured`, async () => {
    const api: Api = await make();
    const { order_id } = await newOrder(api);
    const answers = await Promise.all(Array.from({ length: N }, () => api.call('POST', `/ordermanagement/v1/orders/${order_id}/captures`, { body: { captured_amount: 1000 } })));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(10);
    expect(answers.filter((r) => r.status === 403)).toHaveLength(N - 10);
    expect(await order(api, order_id)).toMatchObject({ captured_amount: 10_000, status: 'CAPTURED', remaining_authorized_amount: 0 });
    const refunds = await Promise.all(Array.from({ length: N }, () => api.call('POST', `/ordermanagement/v1/orders/${order_id}/refunds`, { body: { refunded_amount: 700 } })));
    expect(refunds.filter((r) => r.status === 201)).toHaveLength(14);
    expect(await order(api, order_id)).toMatchObject({ refunded_amount: 9800 });
  });

  test(`${kind}: idempotent retries racing each other apply once and all get the same answer`, async () => {
    const api: Api = await make();
    const { order_id } = await newOrder(api);
    const headers = { 'Klarna-Idempotency-Key': `race-${kind}` };
    const answers = await Promise.all(Array.from({ length: N }, () => api.call('POST', `/ordermanagement/v1/orders/${order_id}/captures`, { body: { captured_amount: 2500 }, headers })));
    expect(answers.map((r) => r.status)).toEqual(Array(N).fill(201));
    expect(new Set(answers.map((r) => r.headers.get('capture-id'))).size).toBe(1);
    expect(await order(api, order_id)).toMatchObject({ captured_amount: 2500, status: 'PART_CAPTURED' });
  });

  test(`${kind}: parallel creates with one sender id make exactly one order (OktoPOS and Khumbu)`, async () => {
    const api: Api = await make();
    const body = orderBody({ orderId: `same-${kind}` });
    const okt = await Promise.all(Array.from({ length: N }, () => okto(api, 'POST', '/v1/order/create', { key: 'till-race', body })));
    expect(okt.filter((r) => r.status === 200)).toHaveLength(1);
    expect(okt.filter((r) => r.status === 409)).toHaveLength(N - 1);
    expect(await api.sb.admin.oktopos.listOrders('till-race')).toHaveLength(1);
    const bearer = await token(api);
    const khBody = sampleOrder({ providerOrderId: `same-${kind}` });
    const khu = await Promise.all(Array.from({ length: N }, () => kh(api, 'orders/notification', { body: khBody, token: bearer, apiKey: API_KEY })));
    expect(khu.filter((r) => r.status === 202)).toHaveLength(1);
    expect(khu.filter((r) => r.status === 409)).toHaveLength(N - 1);
    expect(await madeOrders(api, 'khumbu_demo_client')).toHaveLength(1);
  });
}
