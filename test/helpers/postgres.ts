import { createDatabase, postgresBinaries, startCluster as startLocalCluster, type Cluster } from '../../scripts/pg-cluster.mjs';

export type { Cluster };

/**
 * A throwaway PostgreSQL cluster for the tests (scripts/pg-cluster.mjs: initdb in a temp directory,
 * 127.0.0.1 only, fsync off), or the server `SANDBOX_TEST_POSTGRES` names when set.
 *
 * Where PostgreSQL is not installed, the tests that need it are skipped, except under CI (.ci/run
 * installs Debian's postgresql), where that is a failure.
 *
 * @example
 * const pg = await startCluster(); onTestFinished(pg.stop);
 * const url = await pg.database(); // a fresh, empty database
 */
export async function startCluster(): Promise<Cluster> {
  const given = process.env['SANDBOX_TEST_POSTGRES'];
  if (given) return { url: given, database: () => createDatabase(given), stop: async () => undefined };
  return startLocalCluster();
}

/** Whether the PostgreSQL tests can run here (a URL is given, or the server is installed). */
export async function postgresAvailable(): Promise<boolean> {
  if (process.env['SANDBOX_TEST_POSTGRES']) return true;
  const available = (await postgresBinaries()) !== null;
  if (!available && process.env['CI']) throw new Error('PostgreSQL is not installed: .ci/run installs Debian\'s postgresql before the tests');
  return available;
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
