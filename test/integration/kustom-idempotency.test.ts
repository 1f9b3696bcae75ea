import { expect, test } from 'vitest';
import { makeApi, newOrder, order } from '../helpers/sandbox.js';

const OM = '/ordermanagement/v1/orders';

test('a retried capture with the same key replays status, headers and body, and captures once', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  const key = { 'Klarna-Idempotency-Key': 'cap-1' };
  const first = await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 3000 }, headers: key });
  const again = await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 9999 }, headers: key });
  expect(again.status).toBe(201);
  expect(again.headers.get('capture-id')).toBe(first.headers.get('capture-id'));
  expect(again.headers.get('location')).toBe(first.headers.get('location'));
  expect(again.headers.get('klarna-correlation-id')).toBe(first.headers.get('klarna-correlation-id'));
  expect(await order(api, order_id)).toMatchObject({ captured_amount: 3000 });
});

test('a refused request is replayed as refused, even when the retry would now succeed', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  const key = { 'Klarna-Idempotency-Key': 'refund-early' };
  const first = await api.call('POST', `${OM}/${order_id}/refunds`, { body: { refunded_amount: 10 }, headers: key });
  expect(first.status).toBe(403);
  await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 100 } });
  const again = await api.call('POST', `${OM}/${order_id}/refunds`, { body: { refunded_amount: 10 }, headers: key });
  expect(again.status).toBe(403);
  expect(await again.json()).toEqual(await first.json());
});

test('racing requests with one key apply once', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  const results = await Promise.all(Array.from({ length: 10 }, () => api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 1000 }, headers: { 'Klarna-Idempotency-Key': 'race' } })));
  expect(new Set(results.map((r) => r.headers.get('capture-id'))).size).toBe(1);
  expect(await order(api, order_id)).toMatchObject({ captured_amount: 1000 });
});

test('keys are per merchant and expire after 24 hours of sandbox time', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  const key = { 'Klarna-Idempotency-Key': 'k' };
  await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 1000 }, headers: key });
  const other = await newOrder(api, 'merchant-b');
  const b = await api.call('POST', `${OM}/${other.order_id}/captures`, { body: { captured_amount: 1000 }, headers: key, tenant: 'merchant-b' });
  expect(b.status).toBe(201);
  await api.admin('POST', '/__admin/clock/advance', { seconds: 24 * 3600 + 1 });
  await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 1000 }, headers: key });
  expect(await order(api, order_id)).toMatchObject({ captured_amount: 2000 });
});

test('without a key, parallel captures never over-capture', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  const results = await Promise.all(Array.from({ length: 15 }, () => api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 1000 } })));
  expect(results.filter((r) => r.status === 201)).toHaveLength(10);
  expect(results.filter((r) => r.status === 403)).toHaveLength(5);
  expect(await order(api, order_id)).toMatchObject({ captured_amount: 10000, status: 'CAPTURED' });
});

test('a 429 is not kept for the key: the retry after the rate limit runs', async () => {
  const { mkdtemp, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = await mkdtemp(join(tmpdir(), 'scn-'));
  await writeFile(join(dir, 'once.yaml'), 'name: once-429\narmed: false\nrules:\n  - match: { service: kustom, operation: captureOrder }\n    times: 1\n    respond: { status: 429, error: TOO_MANY_REQUESTS }\n');
  const api = await makeApi({ scenarios: [dir] });
  const o = await newOrder(api);
  const headers = { 'Klarna-Idempotency-Key': 'k-429', 'X-Sandbox-Scenario': 'once-429' };
  expect((await api.call('POST', `${OM}/${o.order_id}/captures`, { body: { captured_amount: 100 }, headers })).status).toBe(429);
  expect((await api.call('POST', `${OM}/${o.order_id}/captures`, { body: { captured_amount: 100 }, headers })).status).toBe(201);
  expect(await order(api, o.order_id)).toMatchObject({ captured_amount: 100 });
});

test('a replay is journaled as its operation, under the correlation id the client received, with the first answer\'s error code', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  const key = { 'Klarna-Idempotency-Key': 'journaled' };
  const first = await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 3000 }, headers: key });
  const again = await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 3000 }, headers: key });
  const id = again.headers.get('klarna-correlation-id');
  expect(id).toBe(first.headers.get('klarna-correlation-id'));
  const entries = api.sb.admin.journal.list({ service: 'kustom', limit: 2 });
  expect(entries.map((e) => [e.operation, e.status, e.correlationId])).toEqual([['captureOrder', 201, id], ['captureOrder', 201, id]]);

  const refused = { 'Klarna-Idempotency-Key': 'refused' };
  await api.call('POST', `${OM}/${order_id}/refunds`, { body: { refunded_amount: 99_999 }, headers: refused });
  const replay = await api.call('POST', `${OM}/${order_id}/refunds`, { body: { refunded_amount: 99_999 }, headers: refused });
  const [last] = api.sb.admin.journal.list({ service: 'kustom', limit: 1 });
  expect(last).toMatchObject({ operation: 'refundOrder', status: 403, errorCode: 'REFUND_NOT_ALLOWED', correlationId: replay.headers.get('klarna-correlation-id') });
});

test('every Kustom write sent with a key commits its change and the key\'s answer in one write', async () => {
  // With a key, a write's unit joins the request's scope (vars(c).scope): a route that forgot to pass it
  // would commit its change alone, and a crash before the key's record would let the retry write twice.
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { vi } = await import('vitest');
  const { Doc } = await import('../../src/core/tenant-doc.js');
  const { checkoutBody } = await import('../helpers/sandbox.js');
  const api = await makeApi({ data: await mkdtemp(join(tmpdir(), 'idem-one-write-')) });
  const { order_id } = await newOrder(api, undefined, { initial_payment_method: { type: 'INVOICE' } });
  const co = await (await api.call('POST', '/checkout/v3/orders', { body: checkoutBody() })).json() as { order_id: string };
  const O = `${OM}/${order_id}`;
  let captureId = '';
  const writes: [string, string, unknown, number][] = [
    ['POST', '/checkout/v3/orders', checkoutBody(), 201],
    ['POST', `/checkout/v3/orders/${co.order_id}`, { merchant_reference2: 'two' }, 200],
    ['POST', `/checkout/v3/orders/${co.order_id}/abort`, undefined, 200],
    ['PATCH', `${O}/authorization`, { order_amount: 9000 }, 204],
    ['PATCH', `${O}/merchant-references`, { merchant_reference1: 'r1' }, 204],
    ['PATCH', `${O}/customer-details`, { shipping_address: { given_name: 'Anna' } }, 204],
    ['POST', `${O}/shipping-info`, { shipping_info: [{ shipping_company: 'PostNord', tracking_number: 'PN1' }] }, 204],
    ['POST', `${O}/extend-authorization-time`, undefined, 204],
    ['POST', `${O}/acknowledge`, undefined, 204],
    ['POST', `${O}/captures`, { captured_amount: 5000 }, 201],
    ['POST', `${O}/captures/{capture}/shipping-info`, { shipping_info: [{ shipping_company: 'PostNord', tracking_number: 'PN2' }] }, 204],
    ['PATCH', `${O}/captures/{capture}/extend-due-date`, { number_of_days: 7 }, 204],
    ['POST', `${O}/refunds`, { refunded_amount: 1000 }, 201],
    ['POST', `${O}/release-remaining-authorization`, undefined, 204],
  ];
  const commits = vi.spyOn(Doc.prototype, 'commit');
  try {
    for (const [i, [method, template, body, status]] of writes.entries()) {
      commits.mockClear();
      const path = template.replace('{capture}', captureId);
      const res = await api.call(method, path, { body, headers: { 'Klarna-Idempotency-Key': `one-write-${i}` } });
      expect(res.status, `${method} ${path}`).toBe(status);
      if (path.endsWith('/captures')) captureId = res.headers.get('capture-id')!;
      const kustomCommits = commits.mock.contexts.filter((d) => (d as InstanceType<typeof Doc>).service === 'kustom');
      expect(kustomCommits.length, `${method} ${path}: one write for the change and its key's answer`).toBe(1);
    }
  } finally {
    commits.mockRestore();
  }
});
