import { afterAll, beforeAll, describe } from 'vitest';
import { PostgresStorage } from '../../src/core/postgres-storage.js';
import { Store } from '../../src/core/store.js';
import { stateAdapterContract } from '../contracts/state-adapter.js';
import { postgresAvailable, startCluster, type Cluster } from '../helpers/postgres.js';

/**
 * The state layer's shared contract (test/contracts/state-adapter.ts) on the PostgreSQL adapter: a
 * fresh database per test on a throwaway cluster, reconnected as after a restart.
 */
describe.skipIf(!(await postgresAvailable()))('postgres', () => {
  let pg: Cluster;
  beforeAll(async () => {
    pg = await startCluster();
  }, 60_000);
  afterAll(() => pg?.stop());
  stateAdapterContract('postgres', async () => {
    const url = await pg.database();
    return { open: async () => new Store(await PostgresStorage.connect(url, { max: 4 })) };
  });
});
