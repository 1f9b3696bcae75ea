// What the bench scripts (run.mjs, cpu.mjs) share: their flags, autocannon as a promise, and the GET
// comparison's two servers — the sandbox in memory and a bare Hono server answering the same bytes.
import autocannon from 'autocannon';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bareHono, sandbox } from './servers.mjs';

/** A numeric `--name N` flag of the command line, or `def`. */
export const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};

/** autocannon with these defaults, resolving to its result. */
export const loader = (defaults) => (opts) => new Promise((resolve, reject) => autocannon({ ...defaults, ...opts }, (e, r) => (e ? reject(e) : resolve(r))));

export const DEMO = { authorization: 'Basic kco_test_api_demo' };

/** The sandbox (memory), the path of its first demo Kustom order, and a bare Hono server answering that order's bytes. */
export async function getOrderServers() {
  const mem = await sandbox(':memory:');
  const demo = await (await fetch(`${mem.url}/__admin/kustom/orders?tenant=kco_test_api_demo`)).json();
  const orderPath = `/ordermanagement/v1/orders/${demo[0].order_id}`;
  const bytesFile = join(await mkdtemp(join(tmpdir(), 'sandbox-bench-')), 'order.json');
  await writeFile(bytesFile, await (await fetch(mem.url + orderPath, { headers: DEMO })).text());
  const bare = await bareHono(bytesFile);
  return { mem, bare, orderPath, bytesFile };
}
