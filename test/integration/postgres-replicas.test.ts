import { once } from 'node:events';
import { createServer } from 'node:http';
import { expect, onTestFinished, test } from 'vitest';
import { createSandbox } from '../../src/index.js';
import { describeOnPostgres } from '../helpers/postgres.js';
import { checkoutBody } from '../helpers/sandbox.js';

/**
 * Three sandboxes on one PostgreSQL database, each on its own port, as replicas behind a balancer:
 * the money rules, idempotency keys and what a client reads hold across them.
 */
const OM = '/ordermanagement/v1/orders';
const TENANT = 'kco_test_api_demo';

async function replicas(url: string, n = 3, opts: { scenarios?: string[]; arm?: string[] } = {}) {
  const out: { url: string; close: () => Promise<void> }[] = [];
  for (let i = 0; i < n; i++) {
    const sb = await createSandbox({ data: url, logLevel: 'silent', ...opts });
    const { url: base } = await sb.listen(0, '127.0.0.1');
    out.push({ url: base, close: () => sb.close() });
    onTestFinished(() => sb.close());
  }
  return out;
}

const call = (base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method, headers: { authorization: `Basic ${TENANT}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

async function newOrder(base: string, amount = 10000): Promise<string> {
  const res = await fetch(`${base}/__admin/kustom/orders?tenant=${TENANT}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ order_amount: amount }) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { order_id: string }).order_id;
}

await describeOnPostgres('replicas on PostgreSQL', (pg) => {
  test('50 racing captures of 30 % spread over 3 replicas: exactly 3 succeed, and every replica reads 9000 captured', async () => {
    const rs = await replicas(await pg().database());
    const id = await newOrder(rs[0]!.url);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => call(rs[i % 3]!.url, 'POST', `${OM}/${id}/captures`, { captured_amount: 3000 })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 403)).toHaveLength(47);
    for (const r of rs) expect(await (await call(r.url, 'GET', `${OM}/${id}`)).json()).toMatchObject({ captured_amount: 9000, remaining_authorized_amount: 1000 });
  });

  test('racing retries of one idempotency key on different replicas: one capture, and every retry gets the first answer', async () => {
    const rs = await replicas(await pg().database());
    const id = await newOrder(rs[0]!.url);
    const key = { 'Klarna-Idempotency-Key': 'race-across' };
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => call(rs[i % 3]!.url, 'POST', `${OM}/${id}/captures`, { captured_amount: 1000 }, key)));
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    expect(new Set(results.map((r) => r.headers.get('capture-id'))).size).toBe(1);
    expect(new Set(results.map((r) => r.headers.get('klarna-correlation-id'))).size).toBe(1);
    const order = await (await call(rs[2]!.url, 'GET', `${OM}/${id}`)).json();
    expect(order).toMatchObject({ captured_amount: 1000 });
    expect(order.captures).toHaveLength(1);
  });

  test('read your writes: what one replica acknowledged, the next request to another reads', async () => {
    const rs = await replicas(await pg().database());
    const id = await newOrder(rs[0]!.url);
    for (const [i, r] of rs.entries()) expect((await call(r.url, 'GET', `${OM}/${id}`)).status, `replica ${i} has the order cached`).toBe(200);
    for (let i = 1; i <= 6; i++) {
      const writer = rs[i % 3]!;
      const reader = rs[(i + 1) % 3]!;
      expect((await call(writer.url, 'POST', `${OM}/${id}/captures`, { captured_amount: 100 })).status).toBe(201);
      expect(await (await call(reader.url, 'GET', `${OM}/${id}`)).json()).toMatchObject({ captured_amount: 100 * i });
    }
  });

  test('one clock and one set of receivers: a change made through any replica is what every other one answers with next', async () => {
    const rs = await replicas(await pg().database());
    const admin = (base: string, method: string, path: string, body?: unknown) =>
      fetch(`${base}/__admin${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }).then(async (r) => ({ status: r.status, json: await r.json() }));
    for (const [i, r] of rs.entries()) {
      expect((await admin(r.url, 'POST', '/clock/advance', { seconds: 3600, service: 'kustom', tenant: `kco_clock_${i}` })).status).toBe(200);
      expect((await admin(rs[(i + 1) % 3]!.url, 'GET', '/clock')).json.offsets).toContainEqual({ scope: `kustom/kco_clock_${i}`, seconds: 3600 });
      const url = `http://127.0.0.1:9/hooks/${i}`;
      expect((await admin(r.url, 'PUT', '/webhooks/receivers', { service: 'khumbu', tenant: `client_${i}`, url })).status).toBe(200);
      expect((await admin(rs[(i + 2) % 3]!.url, 'GET', `/webhooks/receivers?service=khumbu&tenant=client_${i}`)).json).toEqual([{ service: 'khumbu', tenant: `client_${i}`, url }]);
    }
    const clocks = await Promise.all(rs.map(async (r) => (await admin(r.url, 'GET', '/clock')).json.offsets));
    for (const c of clocks) expect(c).toHaveLength(3);
  });

  test('each webhook attempt is made by exactly one replica, whichever moved the clock', async () => {
    const hits: string[] = [];
    const receiver = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.statusCode = 500; // refused: the push is retried on its schedule (2, 5, 15, 30, 60 min, …)
      res.end();
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    onTestFinished(() => new Promise<void>((r) => receiver.close(() => r())));
    const push = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/push?id={checkout.order.id}`;
    const rs = await replicas(await pg().database());
    const co = await (await call(rs[0]!.url, 'POST', '/checkout/v3/orders', checkoutBody(10000, push))).json() as { order_id: string };
    expect((await fetch(`${rs[0]!.url}/__admin/kustom/checkout/${co.order_id}/complete?tenant=${TENANT}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);
    const advance = (base: string, seconds: number) => fetch(`${base}/__admin/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds, service: 'kustom', tenant: TENANT }) });
    const attempts = async (base: string) => ((await (await fetch(`${base}/__admin/webhooks?service=kustom&tenant=${TENANT}`)).json()) as { attempts: unknown[] }[])[0]?.attempts.length;
    // The attempts at 2, 5, 15 and 30 minutes fall due, and every replica runs what is due at once (an advance ticks the replica it went through).
    expect((await Promise.all(rs.map((r, i) => advance(r.url, i === 1 ? 31 * 60 : 1)))).map((r) => r.status)).toEqual([200, 200, 200]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(hits).toHaveLength(4);
    expect(await attempts(rs[2]!.url)).toBe(4);
    expect((await Promise.all(rs.map((r, i) => advance(r.url, i === 2 ? 30 * 60 : 1)))).map((r) => r.status)).toEqual([200, 200, 200]); // and the one at 60
    await new Promise((r) => setTimeout(r, 1500));
    expect(hits).toHaveLength(5);
    expect(await attempts(rs[0]!.url)).toBe(5);
  }, 30_000);

  test('scenario counters are shared: times: 2 fails two captures in all, over racing requests to 3 replicas', async () => {
    const rs = await replicas(await pg().database(), 3, { scenarios: ['scenarios/kustom-capture-outage.yaml'], arm: ['kustom-capture-outage'] });
    const id = await newOrder(rs[0]!.url, 100_000);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => call(rs[i % 3]!.url, 'POST', `${OM}/${id}/captures`, { captured_amount: 1000 })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 503)).toHaveLength(2);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(await (await call(rs[1]!.url, 'GET', `${OM}/${id}`)).json()).toMatchObject({ captured_amount: 10_000 });
  });

  test('the journal is shared: any replica lists every request, whichever replica answered it, newest first; clearing clears it everywhere', async () => {
    const rs = await replicas(await pg().database());
    const id = await newOrder(rs[0]!.url);
    const answered: string[] = [];
    for (let i = 0; i < 6; i++) answered.push((await call(rs[i % 3]!.url, 'GET', `${OM}/${id}`)).headers.get('klarna-correlation-id')!);
    for (const r of rs) {
      const listed = (await (await fetch(`${r.url}/__admin/journal?service=kustom&operation=getOrder`)).json()) as { correlationId: string; status: number }[];
      expect(listed.map((e) => e.correlationId)).toEqual([...answered].reverse());
    }
    expect(await (await fetch(`${rs[1]!.url}/__admin/journal?service=kustom`, { method: 'DELETE' })).json()).toEqual({ deleted: 6 });
    expect(await (await fetch(`${rs[2]!.url}/__admin/journal?service=kustom`)).json()).toEqual([]);
  });
  test('the readiness report is the same from every replica: requests answered by any of them, the push one of them delivered', async () => {
    const rs = await replicas(await pg().database());
    const hooks = createServer((_req, res) => res.end());
    hooks.listen(0, '127.0.0.1');
    await once(hooks, 'listening');
    onTestFinished(() => void hooks.close());
    const push = `http://127.0.0.1:${(hooks.address() as { port: number }).port}/push?id={checkout.order.id}`;
    const created = await call(rs[0]!.url, 'POST', '/checkout/v3/orders', checkoutBody(10000, push));
    const id = ((await created.json()) as { order_id: string }).order_id;
    expect((await fetch(`${rs[1]!.url}/__admin/kustom/checkout/${id}/complete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);
    expect((await fetch(`${rs[2]!.url}/__admin/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds: 180 }) })).status).toBe(200);
    expect((await call(rs[0]!.url, 'POST', `${OM}/${id}/acknowledge`)).status).toBe(204);
    expect((await call(rs[1]!.url, 'POST', `${OM}/${id}/captures`, { captured_amount: 4000 }, { 'Klarna-Idempotency-Key': `c-${id}` })).status).toBe(201);
    const keyless = await call(rs[2]!.url, 'POST', `${OM}/${id}/refunds`, { refunded_amount: 1000 });
    expect(keyless.status).toBe(201);
    const reports = await Promise.all(rs.map(async (r) => (await (await fetch(`${r.url}/__admin/report?service=kustom&tenant=${TENANT}`)).json()) as {
      checks: { id: string; verdict: string; evidence: { correlationId?: string; webhookId?: string }[] }[]; coverage: { area: string; seen: { item: string }[] }[];
    }));
    for (const r of reports) {
      const verdicts = Object.fromEntries(r.checks.map((c) => [c.id, c.verdict]));
      expect(verdicts).toMatchObject({ 'kustom.acknowledge': 'pass', 'kustom.idempotency-key': 'fail', 'kustom.push-2xx': 'pass' });
      expect(r.checks.find((c) => c.id === 'kustom.idempotency-key')!.evidence.map((e) => e.correlationId)).toEqual([keyless.headers.get('klarna-correlation-id')]);
      expect(r.coverage.find((a) => a.area === 'status-matrix')!.seen.map((x) => x.item)).toEqual(['acknowledgeOrder on AUTHORIZED', 'captureOrder on AUTHORIZED', 'refundOrder on PART_CAPTURED']);
    }
    const same = (r: object) => ({ ...r, generatedAt: 'now' }); // each read at its own moment of sandbox time
    expect(same(reports[1]!)).toEqual(same(reports[0]!));
    expect(same(reports[2]!)).toEqual(same(reports[0]!));
  });
});
