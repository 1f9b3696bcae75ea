import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { checkoutBody, makeApi } from '../helpers/sandbox.js';
import { createOrder, okto } from '../helpers/oktopos.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
/** The longest credential any API takes (200 characters), each one a character the file name escapes. */
const LONGEST = '.'.repeat(199) + '!';

test('with a data directory, the longest credentials are tenants like any other: written, listed and read back after a restart', async () => {
  const data = await mkdtemp(join(tmpdir(), 'sandbox-long-'));
  const basic = { Authorization: `Basic ${b64(`${LONGEST}:secret`)}` };
  const api = await makeApi({ data });
  const made = await api.call('POST', '/checkout/v3/orders', { body: checkoutBody(), tenant: null, headers: basic });
  expect(made.status).toBe(201);
  const { order_id } = (await made.json()) as { order_id: string };
  const till = await createOrder(api, {}, LONGEST);
  expect((await api.admin('POST', '/__admin/reset', { service: 'khumbu', tenant: LONGEST })).status).toBe(200);
  await api.sb.close();

  const again = await makeApi({ data });
  expect((await again.call('GET', `/checkout/v3/orders/${order_id}`, { tenant: null, headers: basic })).status).toBe(200);
  const tenants = (await (await again.admin('GET', '/__admin/tenants')).json()) as Record<string, string[]>;
  expect(tenants['kustom']).toContain(LONGEST);
  expect(tenants['oktopos']).toContain(LONGEST);
  const orders = (await (await again.admin('GET', `/__admin/oktopos/orders?tenant=${encodeURIComponent(LONGEST)}`)).json()) as { internalId: number }[];
  expect(orders.map((o) => o.internalId)).toContain(till);
});

test('a credential longer than 200 characters is refused in the API\'s own envelope, and an admin request naming such a tenant is a 400; nothing is made', async () => {
  const api = await makeApi({ data: await mkdtemp(join(tmpdir(), 'sandbox-long-')) });
  const tooLong = 'k'.repeat(201);
  const kustom = await api.call('POST', '/checkout/v3/orders', { body: checkoutBody(), tenant: null, headers: { Authorization: `Basic ${b64(`${tooLong}:secret`)}` } });
  expect(kustom.status).toBe(401);
  expect(kustom.headers.get('x-sandbox-hint')).toBe('the API key or username is longer than 200 characters');
  expect((await api.call('GET', '/checkout/v3/orders/6f4a8e3c-1111-4222-8333-944455556666', { tenant: tooLong })).status).toBe(401);
  expect((await okto(api, 'GET', '/v1/order/ready', { key: tooLong })).status).toBe(403);
  for (const [method, path, body] of [
    ['POST', '/__admin/reset', { service: 'kustom', tenant: tooLong }],
    ['POST', '/__admin/clock/advance', { service: 'kustom', tenant: tooLong, seconds: 5 }],
    ['PUT', '/__admin/webhooks/receivers', { service: 'kustom', tenant: tooLong, url: 'http://127.0.0.1:9/hook' }],
    ['GET', `/__admin/webhooks?service=kustom&tenant=${tooLong}`],
    ['GET', `/__admin/journal?tenant=${tooLong}`],
    ['GET', `/__admin/kustom/orders?tenant=${tooLong}`],
    ['POST', `/__admin/kustom/orders?tenant=${tooLong}`, { order_amount: 100 }],
    ['GET', `/__admin/khumbu/orders?tenant=${tooLong}`],
    ['GET', `/__admin/oktopos/orders?tenant=${tooLong}`],
  ] as [string, string, unknown?][]) {
    const res = await api.admin(method, path, body);
    expect(res.status, `${method} ${path.slice(0, 40)}`).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
  }
  const tenants = (await (await api.admin('GET', '/__admin/tenants')).json()) as Record<string, string[]>;
  expect(Object.values(tenants).flat()).not.toContain(tooLong);
});
