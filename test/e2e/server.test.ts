import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { expect, test } from 'vitest';
import { createSandbox } from '../../src/index.js';
import { startCli } from '../helpers/cli.js';

/** End to end: the compiled server started like a user would, and real webhooks on 127.0.0.1. */
test('the compiled CLI serves on a free port, prints each base URL, answers health, and stops on SIGTERM', async () => {
  const data = await mkdtemp(join(tmpdir(), 'sandbox-cli-'));
  const { child, ready } = startCli(['--port', '0', '--data', data]);
  const { url, out } = await ready;
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(out()).toContain(`Kustom   ${url}`);
  expect(out()).toContain(`${url}/docs`);
  expect(out()).toContain(`Dashboard ${url}/`);
  expect(await (await fetch(`${url}/__admin/health`)).json()).toEqual({ status: 'ok', store: 'directory' });
  const orders = await (await fetch(`${url}/__admin/kustom/orders?tenant=kco_test_api_demo`)).json();
  const res = await fetch(`${url}/ordermanagement/v1/orders/${orders[0].order_id}`, { headers: { Authorization: 'Basic kco_test_api_demo' } });
  expect(res.status).toBe(200);
  // The bundle carries zod's English messages only (scripts/bundle-cli.mjs): they are what the hint shows.
  const bad = await fetch(`${url}/ordermanagement/v1/orders/${orders[0].order_id}/captures`, {
    method: 'POST', headers: { Authorization: 'Basic kco_test_api_demo', 'Content-Type': 'application/json' }, body: '{"captured_amount":"x"}',
  });
  expect(bad.status).toBe(400);
  expect(bad.headers.get('x-sandbox-hint')).toBe('captured_amount: Invalid input: expected number, received string');
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  expect(code).toBe(0);
});

test('the CLI refuses a bad flag with exit code 2 and usage', async () => {
  const child = spawn(process.execPath, ['dist/cli.js', '--port', 'nope'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += String(d)));
  const [code] = await once(child, 'exit');
  expect(code).toBe(2);
  expect(err).toContain('Invalid port');
  expect(err).toContain('Usage: order-sandbox');
});

test('the CLI loads scenarios, arms one with --arm, and refuses an invalid one with exit code 1 naming the file', async () => {
  const ok = startCli(['--port', '0', '--data', ':memory:', '--scenario', 'scenarios/', '--arm', 'kustom-capture-outage']);
  const { out, url } = await ok.ready;
  expect(out()).toContain('kustom-capture-outage (armed)');
  expect(out()).toContain('kustom-slow-reads,');
  // armed by the flag: for everyone, without naming it
  const orders = await (await fetch(`${url}/__admin/kustom/orders?tenant=kco_test_api_demo`)).json();
  const authorized = orders.find((o: { status: string }) => o.status === 'AUTHORIZED');
  const capture = await fetch(`${url}/ordermanagement/v1/orders/${authorized.order_id}/captures`, {
    method: 'POST', headers: { Authorization: 'Basic kco_test_api_demo', 'Content-Type': 'application/json' }, body: '{"captured_amount":100}',
  });
  expect(capture.status).toBe(503);
  ok.child.kill('SIGTERM');
  await once(ok.child, 'exit');
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-cli-'));
  const { writeFile } = await import('node:fs/promises');
  await writeFile(join(dir, 'bad.yaml'), 'name: bad\nrules: []\n');
  const child = spawn(process.execPath, ['dist/cli.js', '--port', '0', '--scenario', join(dir, 'bad.yaml')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += String(d)));
  const [code] = await once(child, 'exit');
  expect(code).toBe(1);
  expect(err).toContain('bad.yaml: rules: a scenario needs at least one rule');
});

test('binding beyond loopback without an admin token prints a warning', async () => {
  const { child, ready } = startCli(['--port', '0', '--host', '0.0.0.0', '--data', ':memory:']);
  const { err } = await ready;
  await expect.poll(() => err()).toContain('WARNING');
  child.kill('SIGTERM');
  await once(child, 'exit');
});

test('checkout → complete → push arrives at a real receiver → acknowledge → capture → refund, over a real port', async () => {
  const pushes: string[] = [];
  const receiver = createServer((req, res) => {
    pushes.push(req.url ?? '');
    res.writeHead(200).end();
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  const port = (receiver.address() as { port: number }).port;

  const sb = await createSandbox({ logLevel: 'silent' });
  const { url, close } = await sb.listen(0);
  const auth = { Authorization: 'Basic merchant-e2e', 'content-type': 'application/json' };
  const body = {
    purchase_country: 'DE', purchase_currency: 'EUR', locale: 'de-DE', order_amount: 11900, order_tax_amount: 1900,
    order_lines: [{ type: 'physical', name: 'Kaffeemühle', quantity: 1, unit_price: 11900, tax_rate: 1900, total_amount: 11900, total_tax_amount: 1900 }],
    merchant_urls: { terms: 'https://shop.example/agb', checkout: 'https://shop.example/kasse', confirmation: 'https://shop.example/danke', push: `http://127.0.0.1:${port}/push?id={checkout.order.id}` },
  };
  const created = await fetch(`${url}/checkout/v3/orders`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
  expect(created.status).toBe(201);
  const { order_id } = await created.json();
  expect((await fetch(`${url}/__admin/kustom/checkout/${order_id}/complete`, { method: 'POST' })).status).toBe(200);
  await fetch(`${url}/__admin/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds: 120 }) });
  expect(pushes).toEqual([`/push?id=${order_id}`]);
  expect((await fetch(`${url}/ordermanagement/v1/orders/${order_id}/acknowledge`, { method: 'POST', headers: auth })).status).toBe(204);
  const cap = await fetch(`${url}/ordermanagement/v1/orders/${order_id}/captures`, { method: 'POST', headers: auth, body: JSON.stringify({ captured_amount: 11900 }) });
  expect(cap.status).toBe(201);
  expect(cap.headers.get('location')).toBe(`${url}/ordermanagement/v1/orders/${order_id}/captures/${cap.headers.get('capture-id')}`);
  const ref = await fetch(`${url}/ordermanagement/v1/orders/${order_id}/refunds`, { method: 'POST', headers: auth, body: JSON.stringify({ refunded_amount: 11900 }) });
  expect(ref.status).toBe(201);
  expect((await (await fetch(`${url}/ordermanagement/v1/orders/${order_id}`, { headers: auth })).json()).status).toBe('CLOSED');
  const hooks = await (await fetch(`${url}/__admin/webhooks?service=kustom&tenant=merchant-e2e`)).json();
  expect(hooks[0]).toMatchObject({ state: 'delivered', attempts: [{ status: 200 }] });
  await close();
  await sb.close();
  receiver.close();
});

test('Khumbu from token to webhook over a real port: create → SUCCESS at the receiver → cancel → CANCELLED', async () => {
  const got: Record<string, unknown>[] = [];
  const receiver = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString('utf8')));
    req.on('end', () => {
      got.push(JSON.parse(data) as Record<string, unknown>);
      res.writeHead(200).end();
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  const hooksUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks`;

  const sb = await createSandbox({ logLevel: 'silent' });
  const { url, close } = await sb.listen(0);
  const tokenRes = await fetch(`${url}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials&client_id=e2e-client&client_secret=e2e-secret&scope=access%2Fall' });
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  await fetch(`${url}/__admin/webhooks/receivers`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ service: 'khumbu', tenant: 'e2e-client', url: hooksUrl }) });
  const headers = { authorization: `Bearer ${access_token}`, 'x-api-key': 'e2e-key', 'content-type': 'application/json' };
  const market = `${url}/uat/v1/providers/standardprovider/partners/simphony/markets/plkpl`;
  const created = await fetch(`${market}/orders/notification`, {
    method: 'POST', headers, body: JSON.stringify({
      providerOrderId: 'e2e-1', marketName: 'plkpl', storeInformation: { providerStoreId: '48002', partnerStoreId: '48002' }, orderNotificationType: 'CREATE',
      payments: { total: 100, paymentMethod: 'CARD', currencyCode: 'PLN' }, serviceMode: { fulfillmentMode: 'PICK_UP' }, orderItems: [{ id: '123', type: 'ITEM', name: 'Pizza', price: 100, quantity: 1 }],
    }),
  });
  expect(created.status).toBe(202);
  const { ksOrderId } = (await created.json()) as { ksOrderId: string };
  await fetch(`${url}/__admin/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds: 5 }) });
  expect(got).toEqual([expect.objectContaining({ providerOrderId: 'e2e-1', orderStatus: 'SUCCESS' })]);
  const cancel = await fetch(`${market}/orders/cancel`, { method: 'POST', headers, body: JSON.stringify({ ksOrderId, providerOrderId: 'e2e-1', storeInformation: { providerStoreId: '48002' }, cancellationNotes: 'e2e' }) });
  expect(cancel.status).toBe(202);
  await fetch(`${url}/__admin/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds: 5 }) });
  expect(got.map((g) => g['orderStatus'])).toEqual(['SUCCESS', 'CANCELLED']);
  await close();
  await sb.close();
  receiver.close();
});

test('the CLI refuses a data directory it cannot write: exit code 1 naming the path, never "listening"', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-cli-'));
  const { writeFile } = await import('node:fs/promises');
  const file = join(dir, 'data-file');
  await writeFile(file, 'x');
  const child = spawn(process.execPath, ['dist/cli.js', '--port', '0', '--data', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += String(d)));
  child.stderr.on('data', (d) => (err += String(d)));
  const [code] = await once(child, 'exit');
  expect(code).toBe(1);
  expect(err).toContain(`order-sandbox: could not start: data directory ${file} cannot be written`);
  expect(out).not.toContain('listening');
});
