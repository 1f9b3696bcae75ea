// Load benchmark on loopback: the sandbox's GET order (authenticated, journaled, validated) beside a
// bare Hono server returning the same bytes, and a durable capture-less write (admin create) beside
// its in-memory twin. Figures are printed side by side with their ratio. Bounded: --duration S (default 5).
//   npm run bench [-- --duration 10 --connections 50]
import autocannon from 'autocannon';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { createSandbox } from '../dist/index.js';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const duration = Math.min(arg('duration', 5), 60);
const connections = arg('connections', 50);
const TENANT = 'bench-merchant';
const auth = { authorization: `Basic ${TENANT}` };

function run(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ connections, duration, ...opts }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

async function bareHono(bytes) {
  const app = new Hono();
  app.get('/ordermanagement/v1/orders/:id', (c) => c.body(bytes, 200, { 'content-type': 'application/json' }));
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve({ url: `http://127.0.0.1:${info.port}`, close: () => server.close() }));
  });
}

const rows = [];
const row = (what, a, b, labelA, labelB) => rows.push({ what, [labelA]: Math.round(a.requests.average), [labelB]: Math.round(b.requests.average), ratio: (a.requests.average / b.requests.average).toFixed(2), errors: a.errors + a.non2xx });

// 1. GET order: sandbox vs bare Hono, same bytes.
const mem = await createSandbox({ logLevel: 'silent' });
const order = await mem.admin.kustom.createOrder(TENANT, { order_amount: 25000, purchase_country: 'SE' });
const memSrv = await mem.listen(0);
const path = `/ordermanagement/v1/orders/${order.order_id}`;
const bytes = await (await fetch(memSrv.url + path, { headers: auth })).text();
const bare = await bareHono(bytes);
const sandboxGet = await run({ url: memSrv.url + path, headers: auth });
const bareGet = await run({ url: bare.url + path });
row('GET order (req/s)', sandboxGet, bareGet, 'sandbox', 'baseline');
bare.close();

// 2. Writes: the admin create-order shortcut, in memory vs a data directory (answered after the write is durable).
const createReq = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ order_amount: 1000 }) };
const memCreate = await run({ url: `${memSrv.url}/__admin/kustom/orders?tenant=w-mem`, ...createReq });
await memSrv.close();
await mem.close();
const dir = await mkdtemp(join(tmpdir(), 'sandbox-bench-'));
const disk = await createSandbox({ logLevel: 'silent', data: dir });
const diskSrv = await disk.listen(0);
const diskCreate = await run({ url: `${diskSrv.url}/__admin/kustom/orders?tenant=w-disk`, ...createReq });
row('create order, disk vs memory (req/s)', diskCreate, memCreate, 'sandbox', 'baseline');
await diskSrv.close();
await disk.close();
await rm(dir, { recursive: true, force: true });

console.log(`Node ${process.version}, ${connections} connections, ${duration}s each, loopback`);
console.table(rows);
