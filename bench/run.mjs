// Load benchmark on loopback, every figure printed beside its baseline with the ratio (issue 7 targets):
//   GET order              sandbox (memory)                vs a bare Hono server returning the same bytes  ≥ 0.8
//   Kustom capture         sandbox --data DIR              vs the same in memory                          ≥ 0.5
//   Khumbu create          sandbox --data DIR              vs the same in memory                          ≥ 0.5
//   OktoPOS create         sandbox --data DIR              vs the same in memory                          ≥ 0.5
//   OktoPOS create, 50k    --data DIR, one till with 50,000 orders already  vs the same in memory          ≥ 0.5
//   start-up to healthy    compiled sandbox, fixtures seeded  vs bare Hono (median of 5)                  ≤ 1.7×
//   RSS after the load     each disk sandbox (--evict-idle 3) at the end of its write run, after 3 s
//                          quiet, and 10 s after it (its tenant idle, its due work done, out of memory) ≤ 150 MB
//   RSS, 500 tenants       --data DIR after 100,000 OktoPOS creates over 500 tills, 3 s quiet          ≤ 200 MB,
//                          and every order read back through /__admin/oktopos/orders
//   in-process             1,000 sb.request() GET order                                                  ≪ 1 s
//   PostgreSQL             GET order and capture on --data postgres:// vs --data DIR (≥ 0.7, ≥ 0.3), and
//                          3 replicas vs 1 behind nginx (bench/postgres.mjs; --no-postgres skips it)
// Servers run in their own processes, and so does the load generator: wrk -t1 (bench/wrk.mjs), its
// requests built by a Lua script. Bounded: --duration S per run (default 5, max 60); the 500-tenant
// write stops at 100,000 orders or after --mass-seconds S (default 240, max 600).
// BENCH_STATE_FLAGS="--flag value …": extra CLI flags for the 500-tenant sandbox.
//   npm run bench [-- --duration 10 --connections 50] [-- --peers]  (--peers: json-server and Prism too)
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox } from '../dist/index.js';
import { bareHono, rssMb, sandbox, timeToHealthy } from './servers.mjs';
import { arg, DEMO, getOrderServers, loader } from './kit.mjs';
import { runPeers } from './peers.mjs';
import { runPostgres } from './postgres.mjs';
import { wrkVersion } from './wrk.mjs';

const wrkLine = wrkVersion();
if (!wrkLine) throw new Error('wrk is not installed (Debian: apt-get install -y wrk)');

const duration = Math.min(arg('duration', 5), 60);
const connections = arg('connections', 50);
const json = { 'content-type': 'application/json' };

const load = loader({ connections, duration });
const rows = [];
function row(what, a, b, target, labels = ['sandbox', 'baseline']) {
  const ra = typeof a === 'number' ? a : a.requests.average;
  const rb = typeof b === 'number' ? b : b.requests.average;
  const errors = typeof a === 'number' ? 0 : a.errors + a.non2xx + a.timeouts;
  rows.push({ what, [labels[0]]: Math.round(ra), [labels[1]]: Math.round(rb), ratio: Number((ra / rb).toFixed(2)), target, errors });
}
const tmp = () => mkdtemp(join(tmpdir(), 'sandbox-bench-'));

// --- GET order vs bare Hono (same bytes) ----------------------------------------------------------
const { mem, bare, orderPath, bytesFile } = await getOrderServers();
await load({ url: bare.url + orderPath, headers: DEMO, duration: 1 }); // warm both
await load({ url: mem.url + orderPath, headers: DEMO, duration: 1 });
// The machine is noisy (two cores shared with the load generator): alternate three runs of each and
// report the medians, so one unlucky run does not decide the ratio.
const gets = [];
for (let i = 0; i < 3; i++) gets.push([await load({ url: mem.url + orderPath, headers: DEMO }), await load({ url: bare.url + orderPath, headers: DEMO })]); // the same request to both
const mid = (xs) => [...xs].sort((a, b) => a - b)[1];
const sandboxGet = { requests: { average: mid(gets.map(([a]) => a.requests.average)) }, errors: gets.reduce((n, [a]) => n + a.errors + a.non2xx + a.timeouts, 0), non2xx: 0, timeouts: 0 };
row('GET order (req/s, median of 3 alternating runs), sandbox vs bare Hono', sandboxGet, mid(gets.map(([, b]) => b.requests.average)), '≥ 0.8');
const openapi = await (await fetch(`${mem.url}/openapi/kustom.json`)).json();
const getRss = rssMb(mem.pid);
const bareRss = rssMb(bare.pid);
await bare.stop();

// --- Writes: the same load against a data directory and in memory ----------------------------------

/** Kustom: capture 1 minor unit of a random one of 500 large orders. */
async function captures(s, tag, seconds = duration) {
  const ids = [];
  for (let i = 0; i < 500; i++) {
    const o = await (await fetch(`${s.url}/__admin/kustom/orders?tenant=bench-${tag}`, { method: 'POST', headers: json, body: JSON.stringify({ order_amount: 50_000_000 }) })).json();
    ids.push(o.order_id);
  }
  return load({
    url: s.url, method: 'POST', headers: { ...json, authorization: `Basic bench-${tag}` }, body: JSON.stringify({ captured_amount: 1 }), duration: seconds,
    path: '/ordermanagement/v1/orders/{{id}}/captures', vars: { id: 'pick(ids)' }, lists: { ids },
  });
}

/** Khumbu: a new order (unique providerOrderId) per request, with a token. */
async function khumbuCreates(s, tag, seconds = duration) {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: `bench-${tag}`, client_secret: 's' });
  const { access_token } = await (await fetch(`${s.url}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() })).json();
  const order = {
    marketName: 'plkpl', orderNotificationType: 'CREATE', storeInformation: { providerStoreId: '48002', partnerStoreId: '48002' },
    payments: { total: 105, paymentMethod: 'CARD', currencyCode: 'PLN' }, serviceMode: { fulfillmentMode: 'PICK_UP' },
    orderItems: [{ id: '123', type: 'ITEM', name: 'Pizza', price: 100, quantity: 1, options: [{ id: 'OptionId1', name: 'Cheese', price: 5, quantity: 1 }] }],
  };
  return load({
    url: `${s.url}/uat/v1/providers/standardprovider/partners/simphony/markets/plkpl/orders/notification`, method: 'POST',
    headers: { ...json, authorization: `Bearer ${access_token}`, 'x-api-key': 'bench-key' }, duration: seconds,
    body: JSON.stringify({ ...order, providerOrderId: `${tag}-{{uid}}` }), // {{uid}}: unique per request and per wrk run
  });
}

/** An OktoPOS order/create body whose sender orderId is `id` (a template: wrk fills in its {{…}}). */
const oktoBody = (id) => JSON.stringify({
  orderId: id, status: 'new', purchaseTime: { timestamp: new Date().toISOString(), timezone: 'Europe/Berlin' }, orderType: 'PICKUP',
  items: [{ basketItemId: 1, mainBasketItemId: 1, name: 'Flat White', quantity: 1, price: { value: '3.90', currency: 'EUR' } }],
  payment: { referenceId: `p-${id}`, paymentMethod: 'card', price: { value: '3.90', currency: 'EUR' }, status: 'paid' },
});

/**
 * OktoPOS: a new order (unique sender orderId) per request into one till. The ids carry the wrk run's
 * tag ({{uid}}): the 50k till's warm-up and its measured run share the till, and a sender id sent twice
 * is a 409. That was the "50 errors, one per connection" of runs 2–10: loading the till outlasted the
 * 1 s warm-up, its 50 requests were created after it, and the measured run sent the same 50 ids again.
 */
function oktoCreates(s, till, seconds = duration) {
  return load({ url: `${s.url}/v1/order/create`, method: 'POST', headers: { ...json, 'x-api-key': till }, duration: seconds, body: oktoBody(`${till}-{{uid}}`) });
}

/** A write load against a fresh in-memory sandbox and a fresh one with a data directory, each warmed first. */
async function compare(what, run) {
  const m = await sandbox(':memory:');
  const d = await sandbox(await tmp(), ['--evict-idle', String(EVICT_IDLE)]);
  await run(m, 'warm-m', 1);
  await run(d, 'warm-d', 1);
  const memory = await run(m, 'm');
  const durable = await run(d, 'd');
  row(`${what} (req/s), --data vs memory`, durable, memory, '≥ 0.5', ['disk', 'memory']);
  diskRss.push(rssMb(d.pid));
  await quiet();
  settledRss.push(rssMb(d.pid));
  await new Promise((r) => setTimeout(r, 7000)); // idle past --evict-idle, and past the work the load left due (Khumbu's POS answers 5 s later)
  evictedRss.push(rssMb(d.pid));
  await Promise.all([m.stop(), d.stop()]);
  return memory;
}
const diskRss = [];
/** The write runs' disk sandboxes let a tenant idle this many seconds leave memory (default 120), so the bench can see it. */
const EVICT_IDLE = 3;
/** RSS 10 s after the load: the written tenant has been idle past --evict-idle, its due work done, and left memory. */
const evictedRss = [];
/** RSS again once the server has been quiet for 3 s (the CLI gives memory back when idle: core/idle-memory.ts). */
const settledRss = [];
const quiet = () => new Promise((r) => setTimeout(r, 3000));
await compare('Kustom capture', (s, tag, seconds) => captures(s, tag, seconds));
await compare('Khumbu create', (s, tag, seconds) => khumbuCreates(s, tag, seconds));
const oktoMem = await compare('OktoPOS create', (s, tag, seconds) => oktoCreates(s, `till-${tag}`, seconds));

// --- The same at 50,000 orders in one till: write cost must not grow with the data ---------------
const BIG = 50_000;
const template = (await (await fetch(`${mem.url}/__admin/oktopos/orders?tenant=okto_demo_key`)).json()).find((o) => o.status === 'closed');
const bigDir = await tmp();
await mkdir(join(bigDir, 'oktopos'), { recursive: true });
const orders = {};
const bySender = {};
for (let i = 0; i < BIG; i++) {
  const internalId = 100_000 + i;
  orders[String(internalId)] = { ...template, internalId, orderId: `old-${i}` };
  bySender[`old-${i}`] = internalId;
}
await writeFile(join(bigDir, 'oktopos', 'till-big.json'), JSON.stringify({ orders, bySender, nextInternalId: 100_000 + BIG, preparationMinutes: 15 }));
const big = await sandbox(bigDir);
await oktoCreates(big, 'till-big', 1); // load the till and warm up
const bigRun = await oktoCreates(big, 'till-big');
row(`OktoPOS create (req/s), --data with ${BIG.toLocaleString('en')} orders vs memory`, bigRun, oktoMem, '≥ 0.5', ['disk', 'memory']);
const bigRss = rssMb(big.pid);
await quiet();
const bigSettled = rssMb(big.pid);
await big.stop();

// --- 100,000 orders over 500 tenants: memory must not grow with the number of tills or orders -------
// wrk picks the till round-robin (X-API-KEY till-mass-0 … till-mass-499) and a unique orderId per
// request, and stops once 100,000 creates have answered; then every till's orders are read back.
const TILLS = 500;
const PER_TILL = 200;
const massSeconds = Math.min(arg('mass-seconds', 240), 600);
const massDir = await tmp();
const mass = await sandbox(massDir, process.env.BENCH_STATE_FLAGS?.split(' ').filter(Boolean) ?? []);
const adminOrders = async (till) => {
  const r = await fetch(`${mass.url}/__admin/oktopos/orders?tenant=${encodeURIComponent(till)}`);
  if (!r.ok) throw new Error(`GET /__admin/oktopos/orders?tenant=${till}: ${r.status} ${await r.text()}`);
  return r.json();
};
const seeded = (await adminOrders('till-mass-0')).length; // the orders a till starts with (none, or its demo orders)
const massTag = `mass${Math.random().toString(36).slice(2, 7)}`;
const massRun = await load({
  url: mass.url, path: '/v1/order/create', method: 'POST', duration: massSeconds, tag: massTag,
  headers: { ...json, 'x-api-key': 'till-mass-{{till}}' }, vars: { till: `(n - 1) % ${TILLS}` }, body: oktoBody('{{uid}}'),
  limit: TILLS * PER_TILL, // exactly 100,000 requests (n = 2 … 100,001: each till gets 200)
});
const massRss = rssMb(mass.pid);
await quiet();
const massSettled = rssMb(mass.pid);
let readBack = 0;
let ours = 0;
let shortTills = 0;
for (let t = 0; t < TILLS; t++) {
  const list = await adminOrders(`till-mass-${t}`);
  readBack += list.length;
  const mine = list.filter((o) => String(o.orderId).startsWith(`${massTag}-`)).length;
  ours += mine;
  if (mine < PER_TILL || list.length < seeded + PER_TILL) shortTills++;
}
const massReadRss = rssMb(mass.pid);
await mass.stop();
await rm(massDir, { recursive: true, force: true });

// --- PostgreSQL, and replicas behind nginx (bench/postgres.mjs) ----------------------------------
if (!process.argv.includes('--no-postgres')) await runPostgres({ row, rows, load, captures, orderPath, tmp });

// --- Start-up ------------------------------------------------------------------------------------
await mem.stop();
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const startups = { sandbox: [], bare: [] };
for (let i = 0; i < 5; i++) {
  startups.bare.push(await timeToHealthy(() => bareHono()));
  startups.sandbox.push(await timeToHealthy(() => sandbox(':memory:')));
}
const sb = median(startups.sandbox);
const bh = median(startups.bare);
rows.push({ what: 'start-up to healthy (ms, median of 5), sandbox vs bare Hono', sandbox: Math.round(sb), baseline: Math.round(bh), ratio: Number((sb / bh).toFixed(2)), target: '≤ 1.7', errors: 0 });
rows.push({ what: 'RSS after the GET runs (MB): the memory sandbox | bare Hono', sandbox: getRss, baseline: bareRss, ratio: Number((getRss / bareRss).toFixed(2)), target: '< 150', errors: 0 });
rows.push({ what: 'RSS at the end of each write run (MB): disk sandboxes (capture, Khumbu, OktoPOS) | the 50k till', sandbox: diskRss.join(' / '), baseline: bigRss, ratio: null, target: '—', errors: 0 });
rows.push({ what: 'RSS after a sustained write load, 3 s quiet (MB): same servers | the 50k till', sandbox: settledRss.join(' / '), baseline: bigSettled, ratio: null, target: '—', errors: 0 });
rows.push({ what: `RSS after a sustained write load, 10 s quiet, its tenant evicted (--evict-idle ${EVICT_IDLE}) (MB), however many orders: same servers`, sandbox: evictedRss.join(' / '), baseline: null, ratio: null, target: '≤ 150', errors: 0 });
const massErrors = massRun.errors + massRun.non2xx + massRun.timeouts;
rows.push({
  what: `RSS after writing ${(TILLS * PER_TILL).toLocaleString('en')} orders over ${TILLS} tenants (MB), 3 s quiet | at the end of the load / after reading every till back`,
  sandbox: massSettled, baseline: `${massRss} / ${massReadRss}`, ratio: null, target: '≤ 200', errors: massErrors,
});
rows.push({
  what: `… every order still readable: this run's orders read back | answered < 400 (${Math.round(massRun.requests.average)} req/s over ${massRun.seconds.toFixed(1)} s; ${readBack} orders in all, ${seeded} seeded per till; ${shortTills} tills short)`,
  sandbox: ours, baseline: massRun.ok ?? 0, ratio: Number((ours / (TILLS * PER_TILL)).toFixed(4)), target: `= ${(TILLS * PER_TILL).toLocaleString('en')} (ratio 1)`, errors: shortTills,
});

// --- In-process ----------------------------------------------------------------------------------
const inproc = await createSandbox({ logLevel: 'silent' });
const o = (await inproc.admin.kustom.listOrders('kco_test_api_demo'))[0];
for (let i = 0; i < 200; i++) await inproc.request(`/ordermanagement/v1/orders/${o.order_id}`, { headers: DEMO });
const t0 = performance.now();
for (let i = 0; i < 1000; i++) await (await inproc.request(`/ordermanagement/v1/orders/${o.order_id}`, { headers: DEMO })).text();
const inMs = performance.now() - t0;
rows.push({ what: '1,000 in-process sb.request() GET order (ms) vs 1 s', sandbox: Math.round(inMs), baseline: 1000, ratio: Number((inMs / 1000).toFixed(3)), target: '≪ 1', errors: 0 });
await inproc.close();

if (process.argv.includes('--peers')) rows.push(...(await runPeers({ orderPath, bytesFile, load, sandboxGet: sandboxGet.requests.average, openapi })));

await rm(bigDir, { recursive: true, force: true });
console.log(`Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${connections} connections, ${duration} s per run, loopback, servers in their own processes; load: ${wrkLine.replace(/\s*Copyright.*$/, '')} -t1`);
console.table(rows);
