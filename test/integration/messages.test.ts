import { createServer } from 'node:net';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { expect, test } from 'vitest';
import { createSandbox } from '../../src/index.js';
import { makeApi, newOrder } from '../helpers/sandbox.js';

/** Messages a user can act on: what was wrong and what to send instead. */
const OM = '/ordermanagement/v1/orders';

test('Kustom 401 says in X-Sandbox-Hint what credential to send (the envelope stays Klarna\'s)', async () => {
  const api = await makeApi({ strict: true });
  const none = await api.call('GET', `${OM}/0b1d8e3c-3f27-4f7e-9d5e-6b4a1f0c2a11`, { tenant: null });
  expect(none.status).toBe(401);
  expect(await none.json()).toMatchObject({ error_code: 'UNAUTHORIZED', error_messages: ['Authentication failed'] });
  expect(none.headers.get('x-sandbox-hint')).toBe('no Authorization header: send Authorization: Basic <API key> (the raw key, e.g. kco_test_api_...), or Basic base64(username:password)');
  const bearer = await api.call('GET', `${OM}/0b1d8e3c-3f27-4f7e-9d5e-6b4a1f0c2a11`, { tenant: null, headers: { Authorization: 'Bearer abc' } });
  expect(bearer.headers.get('x-sandbox-hint')).toBe('the Authorization header is not Basic <API key> or Basic base64(username:password)');
  const stranger = await api.call('GET', `${OM}/0b1d8e3c-3f27-4f7e-9d5e-6b4a1f0c2a11`, { tenant: 'kco_test_api_stranger' });
  expect(stranger.headers.get('x-sandbox-hint')).toBe('--strict: "kco_test_api_stranger" with this secret is not a merchant of fixtures/kustom.json');
});

test('a 415 explains itself in the body too', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  const res = await api.call('POST', `${OM}/${order_id}/captures`, { raw: '{"captured_amount":100}', headers: { 'content-type': 'text/plain' } });
  expect(res.status).toBe(415);
  expect((await res.json()).error_messages).toEqual(['Bad value: Content-Type', 'The request body must be JSON, sent with Content-Type: application/json.']);
});

test('a failed webhook delivery is logged with the receiver, the error and the next attempt', async () => {
  const lines: string[] = [];
  const port = await new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p)); // nothing listens there now: connection refused
    });
  });
  const sb = await createSandbox({ logLevel: 'warn', logWrite: (l) => lines.push(l) });
  try {
    await sb.admin.webhooks.setReceiver({ service: 'khumbu', tenant: 'khumbu_demo_client', url: `http://127.0.0.1:${port}/hooks` });
    const { createOrder, sampleOrder } = await import('../helpers/khumbu.js');
    const api = { sb, send: async (_d: string, method: string, path: string, init: RequestInit = {}) => sb.request(path, { method, ...init }) } as never;
    await createOrder(api, sampleOrder());
    await sb.admin.clock.advance({ seconds: 60 });
    const failed = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => String(l['msg']).startsWith('webhook orderStatus'));
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]).toMatchObject({ level: 'warn', service: 'khumbu', tenant: 'khumbu_demo_client', kind: 'orderStatus', url: `http://127.0.0.1:${port}/hooks` });
    expect(String(failed[0]!['msg'])).toMatch(new RegExp(`^webhook orderStatus to http://127\\.0\\.0\\.1:${port}/hooks failed: .*ECONNREFUSED.*; next attempt at `));
  } finally {
    await sb.close();
  }
});

test('an occupied port stops the CLI with a --port suggestion', async () => {
  const busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  const port = (busy.address() as { port: number }).port;
  try {
    const child = spawn(process.execPath, ['dist/cli.js', '--port', String(port), '--data', ':memory:'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(err).toContain(`order-sandbox: could not start: 127.0.0.1:${port} is already in use. Stop what uses it, or choose another port: --port N (--port 0 takes any free port).`);
  } finally {
    busy.close();
  }
});

test('a refusal at the edge (401, 413) is journaled as the operation it was meant for, not "unknown"', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  expect((await api.call('GET', `${OM}/${order_id}`, { tenant: null })).status).toBe(401);
  expect((await api.call('POST', `${OM}/${order_id}/captures`, { raw: `{"captured_amount":1${' '.repeat(1024 * 1024)}}`, headers: { 'content-type': 'application/json' } })).status).toBe(413);
  const { kh } = await import('../helpers/khumbu.js');
  expect((await kh(api, 'orders/notification', { token: null, body: {} })).status).toBe(401);
  expect(api.sb.admin.journal.list({ limit: 3 }).map((e) => [e.service, e.operation, e.status])).toEqual([
    ['khumbu', 'createOrder', 401], ['kustom', 'captureOrder', 413], ['kustom', 'getOrder', 401],
  ]);
});
