import { afterEach, expect, test } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/index.js';

/** Every network fault on a real socket on 127.0.0.1, as a partner's HTTP client meets it. */
const DEMO = { Authorization: 'Basic kco_test_api_demo' };
const open: { sb: Sandbox; close: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.close();
    await o.sb.close();
  }
});

async function start() {
  const sb = await createSandbox({ logLevel: 'silent' });
  const { url, close } = await sb.listen(0);
  open.push({ sb, close });
  const { order_id } = await sb.admin.kustom.createOrder('kco_test_api_demo', { order_amount: 10000 });
  const fault = (name: string, fault: string, operation = 'captureOrder') => sb.admin.scenarios.add({ name, rules: [{ match: { service: 'kustom', operation }, times: 1, fault }] });
  const capture = (init: RequestInit = {}) => fetch(`${url}/ordermanagement/v1/orders/${order_id}/captures`, { method: 'POST', ...init, headers: { ...DEMO, 'content-type': 'application/json', ...init.headers }, body: JSON.stringify({ captured_amount: 1000 }) });
  const captured = async () => ((await (await fetch(`${url}/ordermanagement/v1/orders/${order_id}`, { headers: DEMO })).json()) as { captured_amount: number }).captured_amount;
  return { sb, url, fault, capture, captured };
}

test('connection_reset: the client sees ECONNRESET; nothing was captured; the server stays healthy', async () => {
  const s = await start();
  await s.fault('reset', 'connection_reset');
  await expect(s.capture()).rejects.toMatchObject({ cause: { code: 'ECONNRESET' } });
  expect(await s.captured()).toBe(0);
  expect((await fetch(`${s.url}/__admin/health`)).status).toBe(200);
});

test('empty_response: the connection closes without a byte; nothing was captured', async () => {
  const s = await start();
  await s.fault('empty', 'empty_response');
  await expect(s.capture()).rejects.toMatchObject({ cause: { code: 'UND_ERR_SOCKET' } });
  expect(await s.captured()).toBe(0);
});

test('timeout: the connection stays open until the client gives up; nothing was captured; the server answers others meanwhile', async () => {
  const s = await start();
  await s.fault('hang', 'timeout');
  const hung = s.capture({ signal: AbortSignal.timeout(400) });
  expect((await fetch(`${s.url}/__admin/health`)).status).toBe(200);
  await expect(hung).rejects.toMatchObject({ name: 'TimeoutError' });
  expect(await s.captured()).toBe(0);
  await expect.poll(() => s.sb.admin.journal.list({ operation: 'captureOrder' })[0]?.fault).toBe('timeout');
});

test('malformed_json: 200 with a body that does not parse; nothing was captured', async () => {
  const s = await start();
  await s.fault('garbled', 'malformed_json');
  const res = await s.capture();
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  await expect(res.json()).rejects.toThrow(SyntaxError);
  expect(await s.captured()).toBe(0);
});

test('commit_then_drop: the capture is made and the answer lost; the retry with the same idempotency key replays the 201', async () => {
  const s = await start();
  await s.fault('lost', 'commit_then_drop');
  const key = { 'Klarna-Idempotency-Key': 'e2e-lost-answer' };
  await expect(s.capture({ headers: key })).rejects.toMatchObject({ cause: { code: 'UND_ERR_SOCKET' } });
  expect(await s.captured()).toBe(1000);
  const retry = await s.capture({ headers: key });
  expect(retry.status).toBe(201);
  expect(await s.captured()).toBe(1000);
  const again = await s.capture();
  expect(again.status).toBe(201);
  expect(await s.captured()).toBe(2000);
});

test('closing the sandbox releases a request held by a timeout fault', async () => {
  const sb = await createSandbox({ logLevel: 'silent' });
  const { url, close } = await sb.listen(0);
  await sb.admin.scenarios.add({ name: 'hang', rules: [{ match: { service: 'kustom', operation: 'getOrder' }, fault: 'timeout' }] });
  const hung = fetch(`${url}/ordermanagement/v1/orders/x`, { headers: DEMO }).catch((e: unknown) => e);
  await expect.poll(() => sb.admin.journal.list({ operation: 'getOrder' }).length).toBe(1); // held by the fault now
  await close(); // would wait for the held request forever if closing did not end it
  await sb.close();
  expect(await hung).toBeInstanceOf(TypeError);
});
