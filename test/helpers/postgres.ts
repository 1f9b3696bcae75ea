import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';

const run = promisify(execFile);

/**
 * A throwaway PostgreSQL cluster for the tests: `initdb` in a temp directory, listening on 127.0.0.1
 * only (a free port) and a socket in that directory, started as the postgres user when the tests run
 * as root (PostgreSQL refuses root). `SANDBOX_TEST_POSTGRES` (a server URL) is used instead when set.
 *
 * Where PostgreSQL is not installed, {@link postgresBinaries} is null: the tests that need it are
 * skipped, except under CI (.ci/run installs Debian's postgresql), where that is a failure.
 *
 * @example
 * const pg = await startCluster(); onTestFinished(pg.stop);
 * const url = await pg.database(); // a fresh, empty database
 */
export interface Cluster {
  /** The server, as a URL to its `postgres` database. */
  url: string;
  /** Creates a fresh database and gives its URL. */
  database(): Promise<string>;
  /** Stops the server (immediately) and removes its directory. */
  stop(): Promise<void>;
}

/** The directory of PostgreSQL's server binaries (the newest installed), or null. */
export async function postgresBinaries(): Promise<string | null> {
  const root = '/usr/lib/postgresql';
  const versions = await readdir(root).catch(() => [] as string[]);
  const newest = versions.filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))[0];
  return newest ? join(root, newest, 'bin') : null;
}

/** Whether the PostgreSQL tests can run here (a URL is given, or the server is installed). */
export async function postgresAvailable(): Promise<boolean> {
  if (process.env['SANDBOX_TEST_POSTGRES']) return true;
  const available = (await postgresBinaries()) !== null;
  if (!available && process.env['CI']) throw new Error('PostgreSQL is not installed: .ci/run installs Debian\'s postgresql before the tests');
  return available;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

let databases = 0;

export async function startCluster(): Promise<Cluster> {
  const given = process.env['SANDBOX_TEST_POSTGRES'];
  if (given) return { url: given, database: () => createDatabase(given), stop: async () => undefined };
  const bin = await postgresBinaries();
  if (!bin) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin)');
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-pg-'));
  const asRoot = userInfo().uid === 0;
  const as = async (cmd: string, args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]) : run(join(bin, cmd), args));
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  await as('initdb', ['-D', data, '--auth=trust', '--username=postgres', '--no-sync', '--encoding=UTF8', '--locale=C']);
  // fsync off: a test's crashes are process crashes (kill -9), which lose nothing the kernel holds.
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
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

async function createDatabase(serverUrl: string): Promise<string> {
  const name = `sandbox_test_${process.pid}_${++databases}_${Date.now().toString(36)}`;
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

/**
 * A `describe` block with a throwaway cluster of its own (started before its tests, stopped after),
 * skipped where PostgreSQL is not installed (never under CI: see {@link postgresAvailable}).
 *
 * @example
 * await describeOnPostgres('on PostgreSQL', (pg) => { test('…', async () => { const url = await pg().database(); … }); });
 */
export async function describeOnPostgres(name: string, body: (pg: () => Cluster) => void): Promise<void> {
  const { afterAll, beforeAll, describe } = await import('vitest');
  const available = await postgresAvailable();
  describe.skipIf(!available)(name, () => {
    let cluster: Cluster | undefined;
    beforeAll(async () => {
      cluster = await startCluster();
    }, 60_000);
    afterAll(() => cluster?.stop());
    body(() => {
      if (!cluster) throw new Error('the cluster has not started');
      return cluster;
    });
  });
}
