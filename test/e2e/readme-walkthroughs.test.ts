import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/index.js';

/**
 * The README keeps its promises: each curl walk-through, as written (only the base URL changed to a free
 * port), runs against a real server and leaves the state its comments say. Needs bash and curl (CI has them).
 */
const run = promisify(execFile);
const README = readFileSync('README.md', 'utf8');
const runs = existsSync('/usr/bin/curl') || process.env['CI'] === 'true';
let sb: Sandbox;
let url = '';
let close: () => Promise<void>;

beforeAll(async () => {
  sb = await createSandbox({ logLevel: 'silent' });
  ({ url, close } = await sb.listen(0));
});
afterAll(async () => {
  await close();
  await sb.close();
});

/** The first sh block under a README heading, pointed at this test's server, run with bash; `tail` adds lines after it. */
async function walkThrough(heading: string, tail = ''): Promise<string> {
  const section = README.slice(README.indexOf(`## ${heading}`));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error(`no sh block under ${heading}`);
  const script = `set -euo pipefail\n${block.replaceAll('http://localhost:4010', url)}\n${tail}`;
  const { stdout } = await run('bash', ['-c', script], { timeout: 30_000 });
  return stdout;
}

test.runIf(runs)('Kustom: checkout, acknowledge, capture, refund; the uncaptured order expires after the clock moves 29 days', async () => {
  const out = await walkThrough('Kustom walk-through (curl)', 'echo "ids $ORDER_ID $OPEN_ID"');
  const [, captured, open] = /ids (\S+) (\S+)/.exec(out) ?? [];
  expect(out).toMatch(/HTTP\/1\.1 201 Created\r?\n(Location: \S+\r?\n)?Capture-Id: \S+/);
  expect(out).toMatch(/HTTP\/1\.1 201 Created\r?\n(Location: \S+\r?\n)?Refund-Id: \S+/);
  expect(await sb.admin.kustom.getOrder('kco_test_api_demo', captured!)).toMatchObject({ status: 'CAPTURED', captured_amount: 50000, refunded_amount: 10000 });
  expect(out).toContain(`"order_id":"${open}","status":"EXPIRED"`);
});

test.runIf(runs)('Khumbu: a cart check, an order, its POS answer, a cancel answered CANCELLED, a cancel at the till, a closed store', async () => {
  const out = await walkThrough('Khumbu walk-through (curl)');
  expect(out).toContain('"valid":false,');
  expect(out).toContain('"adjustments":[{"id":"123","type":"PRICE_CHANGE","requestedPrice":90,"actualPrice":100}]');
  const orders = await sb.admin.khumbu.listOrders('khumbu_demo_client');
  const byProvider = Object.fromEntries(orders.map((o) => [o.providerOrderId, o.status]));
  expect(byProvider['po-1']).toBe('CANCELLED');
  expect(byProvider['po-2']).toBe('CANCELLED');
  expect((await sb.admin.khumbu.listStores('khumbu_demo_client')).find((s) => s.providerStoreId === '48002')?.storeStatus).toBe('INA');
});

test.runIf(runs)('OktoPOS: articles, an order that the kitchen makes ready, payment and order status', async () => {
  const out = await walkThrough('OktoPOS walk-through (curl)');
  const created = /\{"internalId":(\d+)\}/.exec(out)?.[1];
  expect(created).toBe('1010');
  const order = await sb.admin.oktopos.getOrder('okto_demo_key', Number(created));
  expect(order).toMatchObject({ orderId: 'app-42', status: 'picked_up', payment: { status: 'paid' } });
});

test.runIf(runs)('Go-live readiness: after the Kustom walk-through, the README\'s report command finds the demo merchant ready; the table names every check', async () => {
  await walkThrough('Kustom walk-through (curl)');
  const section = README.slice(README.indexOf('## Go-live readiness'));
  const command = /```sh\n(npx order-sandbox report [^\n]*)\n/.exec(section)?.[1];
  if (!command) throw new Error('no report command in the README');
  const { stdout } = await run('bash', ['-c', command.replace('npx order-sandbox', `${JSON.stringify(process.execPath)} dist/cli.js`).replaceAll('http://localhost:4010', url)], { timeout: 30_000 });
  expect(stdout).toContain('**Ready for go-live:** no must-have check fails.');
  expect(stdout).toContain('| ✅ pass | must | Every order is acknowledged before its push retries run out (`kustom.acknowledge`) |');
  expect(stdout).toContain('| ✅ pass | must | Captures and refunds carry Klarna-Idempotency-Key (`kustom.idempotency-key`) |');
  expect(stdout).toContain('| ✅ pass | must | Nothing is captured after the authorization expired (`kustom.no-capture-after-expiry`) |');
  // Every check any report makes is in the README's table, with its level.
  for (const service of ['kustom', 'khumbu', 'oktopos']) {
    for (const c of (await sb.admin.report({ service, tenant: 'nobody' })).checks) expect(section).toContain(`| \`${c.id}\` | ${c.level} |`);
  }
});
