import { PostgresStorage } from '../../src/core/postgres-storage.js';
import { Store } from '../../src/core/store.js';
import { stateAdapterContract } from '../contracts/state-adapter.js';
import { describeOnPostgres } from '../helpers/postgres.js';

/**
 * The state layer's shared contract (test/contracts/state-adapter.ts) on the PostgreSQL adapter: a
 * fresh database per test on a throwaway cluster, reconnected as after a restart.
 */
await describeOnPostgres('postgres', (pg) => {  stateAdapterContract('postgres', async () => {
    const url = await pg().database();
    return { open: async () => new Store(await PostgresStorage.connect(url, { max: 4 })) };
  });
});
