import { once } from 'node:events';
import { mkdtemp, readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { startCli } from '../helpers/cli.js';

/** Crash durability of the compiled server: kill -9 under load, then restart on the same data. */
const KEY = 'till-crash';

async function allJsonParses(dir: string): Promise<number> {
  let n = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    JSON.parse(await readFile(join(entry.parentPath, entry.name), 'utf8'));
    n++;
  }
  return n;
}

const body = (orderId: string) => JSON.stringify({
  orderId, status: 'new',
  payment: { referenceId: 'P', paymentMethod: 'card', price: { value: '7.80', currency: 'EUR' }, status: 'appointed', paymentReceived: false },
  items: [{ basketItemId: 1, mainBasketItemId: 1, externalId: '1001', name: 'Main', quantity: 1, price: { value: '7.80', currency: 'EUR' }, distributionChannel: { id: 1, token: 'INHOUSE' }, tax: { taxRateId: 1, taxRate: '7.00' } }],
  purchaseTime: { timestamp: '2026-05-01T12:00:00+02:00', timezone: 'Europe/Berlin' }, orderType: 'LOCAL',
});

test('every acknowledged write survives kill -9 in the middle of a write storm; every document still parses', async () => {
  const data = await mkdtemp(join(tmpdir(), 'crash-'));
  const first = startCli(['--port', '0', '--data', data]);
  const { url } = await first.ready;
  const acked: number[] = [];
  let stop = false;
  let seq = 0;
  const worker = async () => {
    while (!stop) {
      const orderId = `crash-${++seq}`;
      try {
        const res = await fetch(`${url}/v1/order/create`, { method: 'POST', headers: { 'X-API-KEY': KEY, 'content-type': 'application/json' }, body: body(orderId) });
        if (res.status === 200) acked.push(((await res.json()) as { internalId: number }).internalId);
      } catch {
        return; // the server is gone
      }
    }
  };
  const workers = Array.from({ length: 8 }, worker);
  while (acked.length < 150) await new Promise((r) => setTimeout(r, 10));
  first.child.kill('SIGKILL');
  await once(first.child, 'exit');
  stop = true;
  await Promise.all(workers);
  expect(await allJsonParses(data)).toBeGreaterThan(0);

  const second = startCli(['--port', '0', '--data', data]);
  const again = await second.ready;
  try {
    const stored = (await (await fetch(`${again.url}/__admin/oktopos/orders?tenant=${KEY}`)).json()) as { internalId: number }[];
    const ids = new Set(stored.map((o) => o.internalId));
    const lost = acked.filter((id) => !ids.has(id));
    expect(lost, `acknowledged but lost after kill -9: ${lost.join(', ')}`).toEqual([]);
    expect(again.err()).not.toMatch(/could not be read/);
  } finally {
    second.child.kill('SIGTERM');
    await once(second.child, 'exit');
  }
});

test('a truncated data document at start is reported and kept aside, never silently emptied', async () => {
  const data = await mkdtemp(join(tmpdir(), 'corrupt-'));
  await mkdir(join(data, 'oktopos'), { recursive: true });
  const torn = '{"orders":{"1001":{"internalId":1001,"orderId":"x"';
  await writeFile(join(data, 'oktopos', `${KEY}.json`), torn);
  const { child, ready } = startCli(['--port', '0', '--data', data]);
  const { url, err } = await ready;
  try {
    const res = await fetch(`${url}/v1/order/ready`, { headers: { 'X-API-KEY': KEY } });
    expect(res.status).toBe(200);
    await expect.poll(() => err()).toMatch(new RegExp(`${KEY}\\.json could not be read .*kept aside as .*`));
    const aside = (await readdir(join(data, 'oktopos'))).filter((f) => f.includes('.corrupt-'));
    expect(aside.length).toBe(1);
    expect(await readFile(join(data, 'oktopos', aside[0] as string), 'utf8')).toBe(torn);
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});
