// What the bench scripts (run.mjs, cpu.mjs) share: their flags, the load generator (wrk, in its own
// process: bench/wrk.mjs) with their defaults, and the GET comparison's two servers — the sandbox in
// memory and a bare Hono server answering the same bytes.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bareHono, sandbox } from './servers.mjs';
import { wrk } from './wrk.mjs';

/** A numeric `--name N` flag of the command line, or `def`. */
export const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};

/** A wrk run with these defaults ({ connections, duration }), resolving to its parsed summary (bench/wrk.mjs). */
export const loader = (defaults) => (opts) => wrk({ ...defaults, ...opts });

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
