// Starting the servers a benchmark compares, each in its own process (the load generator, wrk, runs in
// another, so it never competes with a server on the same event loop).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Spawns `node args…`, resolves once it prints "listening on URL", with its pid, URL and a stop(). */
export function startServer(args, { env = {} } = {}) {
  const started = performance.now();
  // BENCH_SERVER_CPU=1: run the server on that core only (taskset), away from the load generator.
  const pin = process.env.BENCH_SERVER_CPU;
  const [cmd, argv] = pin ? ['taskset', ['-c', pin, process.execPath, ...args]] : [process.execPath, args];
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += String(d)));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += String(d);
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], pid: child.pid, started, child, stop: () => stop(child) });
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${err}`)));
  });
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** The sandbox's CLI as installed (dist/cli.js, the bundled bin; SANDBOX_BIN=dist/main.js for the unbundled one, e.g. to profile). */
export const sandbox = (data, extra = []) => startServer([...(process.env.SANDBOX_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), process.env.SANDBOX_BIN ?? 'dist/cli.js', '--port', '0', '--data', data, '--log-level', 'warn', ...extra]);

/** The bare Hono baseline answering `file`'s bytes. */
export const bareHono = (file) => startServer(['bench/bare-hono.mjs', file ?? '']);

/** Resident memory of a process in MB (Linux). */
export function rssMb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** Milliseconds from spawn until `path` answers 200, for a server started by `start`. */
export async function timeToHealthy(start, path = '/__admin/health') {
  const t0 = performance.now();
  const s = await start();
  for (;;) {
    const ok = await fetch(s.url + path).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 2));
  }
  const ms = performance.now() - t0;
  await s.stop();
  return ms;
}
