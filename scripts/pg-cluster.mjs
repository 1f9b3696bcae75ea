// A throwaway PostgreSQL cluster of Debian's postgresql, for the tests (test/helpers/postgres.ts) and
// the bench (bench/run.mjs): initdb in a temp directory, 127.0.0.1 only on a free port, its socket in
// that directory, run as the postgres user when started as root (PostgreSQL refuses root).
import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';

const run = promisify(execFile);

/** The directory of PostgreSQL's server binaries (the newest installed), or null. */
export async function postgresBinaries() {
  const root = '/usr/lib/postgresql';
  const versions = await readdir(root).catch(() => []);
  const newest = versions.filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))[0];
  return newest ? join(root, newest, 'bin') : null;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

let databases = 0;

/**
 * Starts a cluster; `durable: false` (tests) turns fsync off, which loses nothing a process crash
 * (kill -9) could lose; the bench keeps PostgreSQL's defaults.
 * @param {{ durable?: boolean }} [opts]
 * @returns {Promise<{ url: string, database: () => Promise<string>, stop: () => Promise<void> }>}
 */
export async function startCluster(opts = {}) {
  const bin = await postgresBinaries();
  if (!bin) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin)');
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-pg-'));
  const asRoot = userInfo().uid === 0;
  const as = (cmd, args) => (asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]) : run(join(bin, cmd), args));
  if (asRoot) {
    const { stdout: uid } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(uid.trim()), Number(gid.trim()));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  await as('initdb', ['-D', data, '--auth=trust', '--username=postgres', '--no-sync', '--encoding=UTF8', '--locale=C']);
  const fast = opts.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c max_connections=200${fast}`;
  await as('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '30', 'start']);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    database: () => createDatabase(url),
    stop: async () => {
      await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh, empty database on the server at `serverUrl`; its URL. */
export async function createDatabase(serverUrl) {
  const name = `sandbox_${process.pid}_${++databases}_${Date.now().toString(36)}`;
  const sql = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  try {
    await sql.unsafe(`create database ${name} strategy file_copy`);
  } finally {
    await sql.end({ timeout: 1 });
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
