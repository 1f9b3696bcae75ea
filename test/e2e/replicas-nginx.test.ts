import { execFile, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { nginxConf } from '../../scripts/nginx-conf.mjs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startCli } from '../helpers/cli.js';
import { describeOnPostgres, type Cluster } from '../helpers/postgres.js';
import { checkoutBody } from '../helpers/sandbox.js';

/**
 * The deployment of deploy/compose.yaml on this machine: three compiled sandboxes on one PostgreSQL
 * database behind nginx with deploy/nginx.conf (round robin), every request through nginx. The rules of
 * the APIs hold across the replicas, and kill -9 of one in the middle of a capture storm loses no
 * acknowledged capture, while the others keep serving and take over its webhook attempts.
 */
const OM = '/ordermanagement/v1/orders';
const TENANT = 'kco_test_api_demo';

/** nginx's binary, or null (then, outside CI, the test is skipped: .ci/run installs Debian's nginx). */
async function nginxBinary(): Promise<string | null> {
  for (const p of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (await readFile(p).then(() => true, () => false)) return p;
  if (process.env['CI']) throw new Error('nginx is not installed: .ci/run installs Debian\'s nginx before the tests');
  return null;
}
const nginx = await nginxBinary();

await describeOnPostgres('three replicas behind nginx', (pg: () => Cluster) => {
  if (!nginx) return test.skip('nginx is not installed');
  let front = '';
  const replicas: { url: string; child: ChildProcess }[] = [];
  const hits: string[] = [];
  let pushUrl = '';
  let dir = '';
  const cleanup: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    const receiver = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.statusCode = 500; // the push keeps being retried
      res.end();
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    cleanup.push(() => new Promise((r) => receiver.close(r)));
    pushUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/push?id={checkout.order.id}`;

    const url = await pg().database();
    for (let i = 0; i < 3; i++) {
      const { child, ready } = startCli(['--port', '0', '--data', url, '--log-level', 'error']);
      cleanup.push(async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          await once(child, 'exit');
        }
      });
      replicas.push({ url: (await ready).url, child });
    }

    // deploy/nginx.conf as shipped, pointed at these replicas and a free port.
    dir = await mkdtemp(join(tmpdir(), 'sandbox-nginx-'));
    const port = await freePort();
    const conf = await nginxConf(replicas.map((r) => new URL(r.url).host), port, dir);
    await writeFile(join(dir, 'nginx.conf'), conf);
    const proc = execFile(nginx!, ['-p', dir, '-c', join(dir, 'nginx.conf')]);
    cleanup.push(async () => {
      proc.kill('SIGQUIT');
      await once(proc, 'exit').catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    });
    front = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100 && !(await fetch(`${front}/__admin/health`).then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 50));
  }, 60_000);

  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${front}${path}`, { method, headers: { authorization: `Basic ${TENANT}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${front}/__admin${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  async function newOrder(amount = 10000): Promise<string> {
    const res = await admin('POST', `/kustom/orders?tenant=${TENANT}`, { order_amount: amount });
    expect(res.status).toBe(201);
    return ((await res.json()) as { order_id: string }).order_id;
  }

  test('health through the balancer names the database', async () => {
    expect(await (await admin('GET', '/health')).json()).toEqual({ status: 'ok', store: 'postgres' });
  });

  test('50 racing captures of 30 %: exactly 3 succeed, and every read says 9000', async () => {
    const id = await newOrder();
    const statuses = (await Promise.all(Array.from({ length: 50 }, () => call('POST', `${OM}/${id}/captures`, { captured_amount: 3000 })))).map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 403)).toHaveLength(47);
    for (let i = 0; i < 3; i++) expect(await (await call('GET', `${OM}/${id}`)).json()).toMatchObject({ captured_amount: 9000 });
  });

  test('racing retries of one idempotency key: one capture, one answer', async () => {
    const id = await newOrder();
    const res = await Promise.all(Array.from({ length: 9 }, () => call('POST', `${OM}/${id}/captures`, { captured_amount: 1000 }, { 'Klarna-Idempotency-Key': 'nginx-race' })));
    expect(new Set(res.map((r) => `${r.status} ${r.headers.get('capture-id')}`)).size).toBe(1);
    expect((await (await call('GET', `${OM}/${id}`)).json()).captures).toHaveLength(1);
  });

  test('read your writes, request after request, whichever replica answers', async () => {
    const id = await newOrder();
    for (let i = 1; i <= 9; i++) {
      expect((await call('POST', `${OM}/${id}/captures`, { captured_amount: 100 })).status).toBe(201);
      expect(await (await call('GET', `${OM}/${id}`)).json()).toMatchObject({ captured_amount: 100 * i });
    }
  });

  test('the journal lists every request, whichever replica answered it', async () => {
    await admin('DELETE', '/journal');
    const ids: string[] = [];
    const id = await newOrder();
    for (let i = 0; i < 6; i++) ids.push((await call('GET', `${OM}/${id}`)).headers.get('klarna-correlation-id')!);
    const listed = (await (await admin('GET', '/journal?operation=getOrder')).json()) as { correlationId: string }[];
    expect(listed.map((e) => e.correlationId)).toEqual(ids.reverse());
  });

  test('kill -9 of a replica in a capture storm: every acknowledged capture is there, the others keep serving, and its webhook attempts are made by another', async () => {
    // A push that the killed replica made and that is still being retried.
    const victim = replicas[2]!;
    const co = (await (await fetch(`${victim.url}/checkout/v3/orders`, { method: 'POST', headers: { authorization: `Basic ${TENANT}`, 'content-type': 'application/json' }, body: JSON.stringify(checkoutBody(10000, pushUrl)) })).json()) as { order_id: string };
    expect((await fetch(`${victim.url}/__admin/kustom/checkout/${co.order_id}/complete?tenant=${TENANT}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);

    const orders = await Promise.all(Array.from({ length: 10 }, () => newOrder(10000)));
    const storm = Array.from({ length: 60 }, (_, i) => call('POST', `${OM}/${orders[i % 10]}/captures`, { captured_amount: 1000 }).then(async (r) => ({ order: orders[i % 10]!, status: r.status, capture: r.headers.get('capture-id') }), () => ({ order: orders[i % 10]!, status: 0, capture: null })));
    await new Promise((r) => setTimeout(r, 30));
    victim.child.kill('SIGKILL');
    const results = await Promise.all(storm);
    const acknowledged = results.filter((r) => r.status === 201);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const order of orders) {
      const stored = (await (await call('GET', `${OM}/${order}`)).json()) as { captures: { capture_id: string }[]; captured_amount: number };
      const ids = new Set(stored.captures.map((c) => c.capture_id));
      for (const a of acknowledged.filter((x) => x.order === order)) expect(ids.has(a.capture!), `acknowledged capture ${a.capture} of ${order}`).toBe(true);
      expect(stored.captured_amount).toBe(stored.captures.length * 1000);
    }
    // The survivors keep serving everything.
    const after = await Promise.all(Array.from({ length: 12 }, () => call('GET', `${OM}/${orders[0]}`)));
    expect(after.map((r) => r.status)).toEqual(Array(12).fill(200));

    // The killed replica's push is retried by a survivor once its time comes.
    const before = hits.length;
    expect((await admin('POST', '/clock/advance', { seconds: 6 * 60, service: 'kustom', tenant: TENANT })).status).toBe(200);
    for (let i = 0; i < 100 && hits.length === before; i++) await new Promise((r) => setTimeout(r, 100));
    expect(hits.length).toBeGreaterThan(before);
    expect(hits.at(-1)).toBe(`/push?id=${co.order_id}`);
  }, 30_000);
});

async function freePort(): Promise<number> {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

