import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startCli } from '../helpers/cli.js';

/**
 * Specification: what the sandbox holds besides orders survives kill -9 of the compiled CLI and a restart
 * on the same data directory — a due Kustom push, a due Khumbu POS answer, idempotency records, the clock
 * (frozen, offsets), registered receivers and a runtime scenario with its arming and `times` counter.
 * One server sets everything up, is killed with SIGKILL, and a second one on the same data proves each.
 * Run on a data directory (state-restart.test.ts) and on PostgreSQL (state-restart-postgres.test.ts).
 * Every concern has its own tenant, and every clock advance is scoped to its tenant, so one lost piece of
 * state does not make another concern fail.
 */
const PUSH = 'kco_restart_push'; // 1: a checkout whose push is retrying
const KH = 'khumbu_restart_client'; // 2: a Khumbu order whose POS answer is due
const IDEM = 'kco_restart_idem'; // 3: a capture under Klarna-Idempotency-Key K1
const CLOCK = 'kco_restart_clock'; // 4: a tenant 20 days ahead
const RECV = 'kco_restart_receiver'; // 5: a Kustom receiver (besides the Khumbu one of 2)
const SCN = 'kco_restart_scenario'; // 6: captures under a half-used scenario
const SCENARIO = 'restart-capture-outage';
const DAY = 86_400;
const MARKET = '/uat/v1/providers/standardprovider/partners/simphony/markets/plkpl';

interface Hit { method: string; url: string; headers: IncomingHttpHeaders; body: string }
interface Reply { status: number; headers: Headers; text: string; json: () => any } // eslint-disable-line @typescript-eslint/no-explicit-any

const hits: Hit[] = [];
let receiverStatus = 500; // refuses before the kill, accepts after the restart
let hooksUrl = '';
let base = '';
const cleanup: (() => Promise<unknown>)[] = [];
/** What the first server showed just before it was killed. */
const before: Record<string, any> = {}; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(method: string, path: string, opts: { body?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...opts.headers };
  let body: string | undefined;
  if (opts.form) [headers['content-type'], body] = ['application/x-www-form-urlencoded', new URLSearchParams(opts.form).toString()];
  else if (opts.body !== undefined) [headers['content-type'], body] = ['application/json', JSON.stringify(opts.body)];
  const res = await fetch(`${base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}
const admin = (method: string, path: string, body?: unknown) => call(method, `/__admin${path}`, { body });
const kustom = (tenant: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  call(method, path, { body, headers: { Authorization: `Basic ${tenant}`, ...headers } });
const capture = (tenant: string, orderId: string, amount: number, headers: Record<string, string> = {}) =>
  kustom(tenant, 'POST', `/ordermanagement/v1/orders/${orderId}/captures`, { captured_amount: amount }, headers);
const advance = (seconds: number, service: string, tenant: string) => admin('POST', '/clock/advance', { seconds, service, tenant });

async function ok(reply: Promise<Reply>, status: number, what: string): Promise<Reply> {
  const r = await reply;
  if (r.status !== status) throw new Error(`${what}: expected ${status}, got ${r.status} ${r.text}`);
  return r;
}

async function waitFor(what: () => boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!what() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return what();
}

const pushHits = (orderId: string) => hits.filter((h) => h.url === `/push?id=${orderId}`);
const khumbuHits = () => hits.filter((h) => h.url === '/khumbu');
const byKey = <T extends { service: string; tenant: string }>(list: T[]): T[] => [...list].sort((a, b) => `${a.service}/${a.tenant}`.localeCompare(`${b.service}/${b.tenant}`));

async function startServer(data: string) {
  const { child, ready } = startCli(['--port', '0', '--data', data, '--log-level', 'error']);
  cleanup.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });
  base = (await ready).url;
  return child;
}

async function newKustomOrder(tenant: string, amount = 10_000): Promise<string> {
  return (await ok(admin('POST', `/kustom/orders?tenant=${tenant}`, { order_amount: amount }), 201, `create an order for ${tenant}`)).json().order_id;
}

async function setUp(): Promise<void> {
  // 4. Frozen clock first: every attempt below is due only when a test advances its tenant's clock.
  await ok(admin('PUT', '/clock', { frozen: true }), 200, 'freeze the clock');
  before.orders = { [CLOCK]: await newKustomOrder(CLOCK), [IDEM]: await newKustomOrder(IDEM), [SCN]: await newKustomOrder(SCN) };
  await ok(advance(20 * DAY, 'kustom', CLOCK), 200, 'advance the clock tenant 20 days');

  // 1. A checkout, completed by the emulated shopper; its first push (2 min) is refused with 500.
  const line = { type: 'physical', reference: 'SKU-1', name: 'Tomatoes', quantity: 1, unit_price: 10_000, tax_rate: 2500, total_amount: 10_000, total_tax_amount: 2000 };
  const checkout = (await ok(kustom(PUSH, 'POST', '/checkout/v3/orders', {
    purchase_country: 'SE', purchase_currency: 'SEK', locale: 'sv-SE', order_amount: 10_000, order_tax_amount: 2000, order_lines: [line],
    merchant_urls: { terms: 'https://shop.example/terms', checkout: 'https://shop.example/checkout', confirmation: 'https://shop.example/thanks', push: `${hooksUrl}/push?id={checkout.order.id}` },
  }), 201, 'create a checkout')).json();
  before.checkoutId = checkout.order_id;
  await ok(admin('POST', `/kustom/checkout/${checkout.order_id}/complete`, {}), 200, 'complete the checkout');
  await ok(advance(120, 'kustom', PUSH), 200, 'advance the push tenant 2 minutes');
  if (!(await waitFor(() => pushHits(checkout.order_id).length === 1))) throw new Error('setup: the first push never reached the receiver');
  before.push = (await admin('GET', `/webhooks?service=kustom&tenant=${PUSH}`)).json().find((d: { key: string }) => d.key === `push:${checkout.order_id}`);

  // 2 + 5. Receivers; a Khumbu order whose POS answers after 600 s of sandbox time.
  await ok(admin('PUT', '/webhooks/receivers', { service: 'khumbu', tenant: KH, url: `${hooksUrl}/khumbu` }), 200, 'register the Khumbu receiver');
  await ok(admin('PUT', '/webhooks/receivers', { service: 'kustom', tenant: RECV, url: `${hooksUrl}/kustom/{checkout.order.id}` }), 200, 'register the Kustom receiver');
  await ok(admin('POST', `/khumbu/stores/48002/pos?tenant=${KH}`, { delaySeconds: 600 }), 200, 'set the POS delay');
  const token = (await ok(call('POST', '/oauth2/token', { form: { grant_type: 'client_credentials', client_id: KH, client_secret: 'secret', scope: 'access/all' } }), 200, 'Khumbu token')).json().access_token;
  before.providerOrderId = `restart-${Date.now()}`;
  before.ksOrderId = (await ok(call('POST', `${MARKET}/orders/notification`, {
    headers: { authorization: `Bearer ${token}`, 'x-api-key': 'khumbu_demo_api_key' },
    body: {
      providerOrderId: before.providerOrderId, marketName: 'plkpl', orderNotificationType: 'CREATE',
      storeInformation: { providerStoreId: '48002', partnerStoreId: '48002' }, payments: { total: 100, paymentMethod: 'CARD', currencyCode: 'PLN' },
      serviceMode: { fulfillmentMode: 'PICK_UP' }, orderItems: [{ id: '123', type: 'ITEM', name: 'Pizza', price: 100, quantity: 1 }],
    },
  }), 202, 'create a Khumbu order')).json().ksOrderId;

  // 3. A capture under an idempotency key.
  const first = await ok(capture(IDEM, before.orders[IDEM], 3000, { 'Klarna-Idempotency-Key': 'K1' }), 201, 'idempotent capture');
  before.captureId = first.headers.get('capture-id');
  before.location = first.headers.get('location');

  // 6. A runtime scenario, loaded disarmed and then armed; one of its two 503s used.
  const rule = { match: { service: 'kustom', operation: 'captureOrder' }, times: 2, respond: { status: 503, error: 'TEMPORARILY_UNAVAILABLE' } };
  await ok(admin('POST', '/scenarios', { name: SCENARIO, tenant: SCN, armed: false, rules: [rule] }), 201, 'load the scenario');
  await ok(admin('POST', `/scenarios/${SCENARIO}/arm`), 200, 'arm the scenario');
  await ok(capture(SCN, before.orders[SCN], 1000), 503, 'first capture under the scenario');

  before.receivers = (await admin('GET', '/webhooks/receivers')).json();
  before.clock = (await admin('GET', '/clock')).json();
  before.khumbuHitsAtKill = khumbuHits().length;
}

/** Runs the specification on the data location `dataLocation` makes (a directory, a database URL). */
export function stateRestartSuite(dataLocation: () => Promise<string>): void {
  beforeAll(async () => {
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        res.statusCode = receiverStatus;
        res.end();
      });
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    cleanup.push(() => new Promise((r) => receiver.close(r)));
    hooksUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;

    const data = await dataLocation();
    const first = await startServer(data);
    await setUp();
    first.kill('SIGKILL');
    await once(first, 'exit');
    receiverStatus = 200;
    await startServer(data);
    before.clockAfterRestart = (await admin('GET', '/clock')).json(); // read before any test moves a tenant's clock
  }, 60_000);

  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  test('before the kill: the push was refused once and is due again, and no Khumbu webhook went yet', () => {
    expect(before.push, 'the push delivery of the completed checkout').toMatchObject({ state: 'pending', url: `${hooksUrl}/push?id=${before.checkoutId}` });
    expect(before.push.attempts.map((a: { status: number }) => a.status)).toEqual([500]);
    expect(before.push.nextAttemptAt).toBe(new Date(Date.parse(before.push.createdAt) + 300_000).toISOString());
    expect(before.khumbuHitsAtKill, 'the POS answer (600 s) must not be due before the kill').toBe(0);
  });

  test('4. the clock: the same frozen now and the same offsets after the restart', () => {
    expect(before.clock.offsets, 'the clock tenant was 20 days ahead before the kill').toContainEqual({ scope: `kustom/${CLOCK}`, seconds: 20 * DAY });
    expect(before.clockAfterRestart.frozen, 'clock lost: the clock is no longer frozen after the restart').toBe(true);
    expect(before.clockAfterRestart.now, 'clock lost: the frozen sandbox time is not the one before the kill').toBe(before.clock.now);
    const byScope = (o: { scope: string }[]) => [...o].sort((x, y) => x.scope.localeCompare(y.scope));
    expect(byScope(before.clockAfterRestart.offsets), 'clock lost: per-service/tenant offsets (e.g. the clock tenant\'s 20 days) are gone').toEqual(byScope(before.clock.offsets));
  });

  test('4. the clock: the tenant 20 days ahead still sees its own time (an order made now is stamped 20 days ahead)', async () => {
    const id = await newKustomOrder(CLOCK);
    const order = (await kustom(CLOCK, 'GET', `/ordermanagement/v1/orders/${id}`)).json();
    expect(order.created_at, `clock lost: ${CLOCK}'s new order is not stamped at the frozen now + 20 days`).toBe(new Date(Date.parse(before.clock.now) + 20 * DAY * 1000).toISOString());
  });

  test('1. the due Kustom push: the next attempt reaches the receiver; the delivery keeps its earlier attempt', async () => {
    await ok(advance(300, 'kustom', PUSH), 200, 'advance the push tenant 5 minutes');
    const delivered = await waitFor(() => pushHits(before.checkoutId).length === 2);
    expect(delivered, `push lost: after the restart and +5 min the receiver got ${pushHits(before.checkoutId).length} push(es) in all, expected the refused one and a retry`).toBe(true);
    const list = (await admin('GET', `/webhooks?service=kustom&tenant=${PUSH}`)).json();
    const push = list.find((d: { id: string }) => d.id === before.push.id);
    expect(push, `push lost: delivery ${before.push.id} is not in /__admin/webhooks after the restart (${JSON.stringify(list.map((d: { id: string; key: string }) => [d.id, d.key]))})`).toBeDefined();
    expect(push.key).toBe(`push:${before.checkoutId}`);
    expect(push.attempts.length, 'push history lost: the delivery should show the refused attempt and the retry').toBe(2);
    expect(push.attempts[0], 'push history lost: the attempt refused before the kill').toEqual(before.push.attempts[0]);
    expect(push.attempts[1]).toMatchObject({ status: 200, at: before.push.nextAttemptAt, url: before.push.url });
  });

  test('2. the due Khumbu POS answer: advancing the client\'s clock sends Order Status to its receiver', async () => {
    // Deliberately nothing reads the client's orders first: a due answer must fire after a restart by itself.
    await ok(advance(601, 'khumbu', KH), 200, 'advance the Khumbu client 601 s');
    const arrived = await waitFor(() => khumbuHits().length > 0);
    const deliveries = (await admin('GET', `/webhooks?service=khumbu&tenant=${KH}`)).json().map((d: { kind: string; state: string; url: string | null }) => [d.kind, d.state, d.url]);
    expect(arrived, `Khumbu POS answer or receiver lost: no Order Status reached the receiver after the restart and +601 s; deliveries now: ${JSON.stringify(deliveries)} (none: the due answer never fired; "inbox": the receiver was forgotten)`).toBe(true);
    const [hit] = khumbuHits();
    expect(hit?.headers['x-sandbox-webhook']).toBe('orderStatus');
    expect(JSON.parse(hit?.body ?? '{}')).toMatchObject({ providerOrderId: before.providerOrderId, orderStatus: 'SUCCESS' });
  });

  test('3. the idempotency record: the same capture with the same key replays 201 and the same Capture-Id; one capture', async () => {
    const again = await capture(IDEM, before.orders[IDEM], 3000, { 'Klarna-Idempotency-Key': 'K1' });
    expect(again.status).toBe(201);
    expect(again.headers.get('capture-id'), 'idempotency record lost: the retry made a new capture instead of replaying the first').toBe(before.captureId);
    expect(again.headers.get('location')).toBe(before.location);
    const order = (await kustom(IDEM, 'GET', `/ordermanagement/v1/orders/${before.orders[IDEM]}`)).json();
    expect(order.captures.length, 'idempotency record lost: the order was captured twice').toBe(1);
    expect(order.captured_amount).toBe(3000);
  });

  test('5. the receivers registered before the kill are still registered', async () => {
    expect(byKey(before.receivers)).toEqual(byKey([
      { service: 'khumbu', tenant: KH, url: `${hooksUrl}/khumbu` },
      { service: 'kustom', tenant: RECV, url: `${hooksUrl}/kustom/{checkout.order.id}` },
    ]));
    expect(byKey((await admin('GET', '/webhooks/receivers')).json()), 'receivers lost').toEqual(byKey(before.receivers));
  });

  test('6. the runtime scenario: still loaded and armed; its second 503 comes, then the capture goes through', async () => {
    const loaded = (await admin('GET', '/scenarios')).json().find((s: { name: string }) => s.name === SCENARIO);
    expect(loaded, `scenario lost: ${SCENARIO} is no longer loaded`).toMatchObject({ name: SCENARIO, source: 'admin', tenant: SCN });
    expect(loaded.armed, 'scenario arming lost: it was armed before the kill').toBe(true);
    const second = await capture(SCN, before.orders[SCN], 1000);
    expect(second.status, 'scenario state lost: the second of its two 503s did not come').toBe(503);
    expect(second.json()).toMatchObject({ error_code: 'TEMPORARILY_UNAVAILABLE' });
    const third = await capture(SCN, before.orders[SCN], 1000);
    expect(third.status, 'scenario counter lost: `times: 2` was used up, the third capture must go through').toBe(201);
    expect((await kustom(SCN, 'GET', `/ordermanagement/v1/orders/${before.orders[SCN]}`)).json().captured_amount).toBe(1000);
  });

  test('7. the orders and the checkout made before the kill are all there', async () => {
    const made: [string, string][] = [...Object.entries(before.orders as Record<string, string>), [PUSH, before.checkoutId as string]];
    for (const [tenant, id] of made) {
      expect((await kustom(tenant, 'GET', `/ordermanagement/v1/orders/${id}`)).status, `Kustom order ${id} of ${tenant} lost`).toBe(200);
    }
    expect((await kustom(PUSH, 'GET', `/checkout/v3/orders/${before.checkoutId}`)).json().status).toBe('checkout_complete');
    const kh = await admin('GET', `/khumbu/orders/${before.ksOrderId}?tenant=${KH}`);
    expect(kh.status, `Khumbu order ${before.ksOrderId} lost`).toBe(200);
    expect(kh.json().providerOrderId).toBe(before.providerOrderId);
  });
}
