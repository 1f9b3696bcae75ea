import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createSandbox } from '../../src/index.js';

const auth = { Authorization: 'Basic merchant-p' };

test('orders, captures and refunds survive a restart with a data directory', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-data-'));
  const a = await createSandbox({ data: dir, logLevel: 'silent' });
  const o = await a.admin.kustom.createOrder('merchant-p', { order_amount: 8000 });
  const cap = await a.request(`/ordermanagement/v1/orders/${o.order_id}/captures`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ captured_amount: 8000 }) });
  expect(cap.status).toBe(201);
  const ref = await a.request(`/ordermanagement/v1/orders/${o.order_id}/refunds`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ refunded_amount: 1000 }) });
  await a.close();

  const b = await createSandbox({ data: dir, logLevel: 'silent' });
  const got = await (await b.request(`/ordermanagement/v1/orders/${o.order_id}`, { headers: auth })).json();
  expect(got).toMatchObject({ status: 'CAPTURED', captured_amount: 8000, refunded_amount: 1000 });
  expect((await b.request(`/ordermanagement/v1/orders/${o.order_id}/refunds/${ref.headers.get('refund-id')}`, { headers: auth })).status).toBe(200);
  expect(await readdir(join(dir, 'kustom'))).toContain('merchant-p.json');
  await b.close();
});

test('an acknowledged write is on disk before the response (no close needed)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-data-'));
  const a = await createSandbox({ data: dir, logLevel: 'silent' });
  const o = await a.admin.kustom.createOrder('merchant-p', { order_amount: 100 });
  await a.request(`/ordermanagement/v1/orders/${o.order_id}/cancel`, { method: 'POST', headers: auth });
  const b = await createSandbox({ data: dir, logLevel: 'silent' }); // a second process would read the same file
  expect((await (await b.request(`/ordermanagement/v1/orders/${o.order_id}`, { headers: auth })).json()).status).toBe('CANCELLED');
  await Promise.all([a.close(), b.close()]);
});

test('when the write cannot be made durable: 500 INTERNAL_SERVER_ERROR in the envelope, and the change is taken back', async () => {
  const { rm } = await import('node:fs/promises');
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-data-'));
  const errors: string[] = [];
  const sb = await createSandbox({ data: dir, logLevel: 'error', logWrite: (line) => errors.push(line) });
  const o = await sb.admin.kustom.createOrder('merchant-p', { order_amount: 5000 });
  await rm(join(dir, 'kustom'), { recursive: true, force: true }); // the disk goes away under the sandbox
  const res = await sb.request(`/ordermanagement/v1/orders/${o.order_id}/captures`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ captured_amount: 5000 }) });
  expect(res.status).toBe(500);
  const body = await res.json();
  expect(body).toEqual({ error_code: 'INTERNAL_SERVER_ERROR', error_messages: ['Unexpected server error'], correlation_id: res.headers.get('klarna-correlation-id') });
  expect(JSON.stringify(body)).not.toMatch(/ENOENT|at .*\.js/);
  expect(errors).toHaveLength(1); // logged for the operator, not sent to the client
  expect(JSON.parse(errors[0] as string)).toMatchObject({ level: 'error', msg: 'unexpected error', source: 'kustom', error: expect.stringContaining('ENOENT') });
  expect((await (await sb.request(`/ordermanagement/v1/orders/${o.order_id}`, { headers: auth })).json()).status).toBe('AUTHORIZED');
  await sb.close().catch(() => undefined);
});
