// The PostgreSQL mode beside the embedded one (issue "Replicas on PostgreSQL"), in the same run as the
// rest of the bench:
//   GET order        --data postgres://… vs --data DIR                                        ≥ 0.7
//   Kustom capture   --data postgres://… vs --data DIR                                        ≥ 0.3
//   3 replicas vs 1  behind nginx (deploy/nginx.conf), GET order and capture                  reported
// PostgreSQL is a throwaway cluster with its defaults (fsync on: scripts/pg-cluster.mjs); nginx is
// Debian's. Without either, the section says so and is skipped.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nginxConf } from '../scripts/nginx-conf.mjs';
import { postgresBinaries, startCluster } from '../scripts/pg-cluster.mjs';
import { DEMO } from './kit.mjs';
import { sandbox } from './servers.mjs';

const freePort = () => new Promise((resolve) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});

/** nginx (deploy/nginx.conf) in front of `urls`; its URL and a stop(). */
async function balancer(urls) {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-bench-nginx-'));
  const port = await freePort();
  await writeFile(join(dir, 'nginx.conf'), await nginxConf(urls.map((u) => new URL(u).host), port, dir));
  const child = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100 && !(await fetch(`${url}/__admin/health`).then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 50));
  return { url, stop: async () => { child.kill('SIGQUIT'); await new Promise((r) => child.once('exit', r)); await rm(dir, { recursive: true, force: true }); } };
}

/** Runs the section; `row`, `load` and `captures` are run.mjs's. */
export async function runPostgres({ row, rows, load, captures, orderPath, tmp }) {
  if (!(await postgresBinaries())) {
    rows.push({ what: 'PostgreSQL mode: skipped (Debian\'s postgresql is not installed)', sandbox: null, baseline: null, ratio: null, target: '—', errors: 0 });
    return;
  }
  const pg = await startCluster({ durable: true });
  try {
    const url = await pg.database();
    const embedded = await sandbox(await tmp());
    const onPg = await sandbox(url);
    const mid = (xs) => [...xs].sort((a, b) => a - b)[1];
    await load({ url: embedded.url + orderPath, headers: DEMO, duration: 1 });
    await load({ url: onPg.url + orderPath, headers: DEMO, duration: 1 });
    const gets = [];
    for (let i = 0; i < 3; i++) gets.push([await load({ url: onPg.url + orderPath, headers: DEMO }), await load({ url: embedded.url + orderPath, headers: DEMO })]);
    const pgGet = { requests: { average: mid(gets.map(([a]) => a.requests.average)) }, errors: gets.reduce((n, [a]) => n + a.errors + a.non2xx + a.timeouts, 0), non2xx: 0, timeouts: 0 };
    row('GET order (req/s, median of 3), --data postgres:// vs --data DIR', pgGet, mid(gets.map(([, b]) => b.requests.average)), '≥ 0.7', ['postgres', 'embedded']);
    await captures(embedded, 'pg-warm-e', 1);
    await captures(onPg, 'pg-warm-p', 1);
    const embCap = await captures(embedded, 'pg-e');
    const pgCap = await captures(onPg, 'pg-p');
    row('Kustom capture (req/s), --data postgres:// vs --data DIR', pgCap, embCap, '≥ 0.3', ['postgres', 'embedded']);
    await embedded.stop();

    const nginxThere = ['/usr/sbin/nginx', '/usr/bin/nginx'].some((p) => existsSync(p));
    if (!nginxThere) {
      rows.push({ what: '3 replicas vs 1: skipped (Debian\'s nginx is not installed)', sandbox: null, baseline: null, ratio: null, target: '—', errors: 0 });
      await onPg.stop();
      return;
    }
    const more = [await sandbox(url), await sandbox(url)];
    const one = await balancer([onPg.url]);
    const three = await balancer([onPg.url, ...more.map((s) => s.url)]);
    const byFront = {};
    for (const [name, front] of [['one', one], ['three', three]]) {
      await load({ url: front.url + orderPath, headers: DEMO, duration: 1 });
      byFront[name] = { get: await load({ url: front.url + orderPath, headers: DEMO }), capture: await captures(front, `pg-${name}`) };
    }
    row('GET order (req/s) through nginx on PostgreSQL: 3 replicas vs 1', byFront.three.get, byFront.one.get, 'reported', ['3 replicas', '1 replica']);
    row('Kustom capture (req/s) through nginx on PostgreSQL: 3 replicas vs 1', byFront.three.capture, byFront.one.capture, 'reported', ['3 replicas', '1 replica']);
    await one.stop();
    await three.stop();
    await Promise.all([onPg.stop(), ...more.map((s) => s.stop())]);
  } finally {
    await pg.stop();
  }
}
