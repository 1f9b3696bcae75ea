import { afterAll, describe } from 'vitest';
import { postgresAvailable, startCluster, type Cluster } from '../helpers/postgres.js';
import { stateRestartSuite } from './state-restart-suite.js';

/** kill -9 and a restart on PostgreSQL (`--data postgres://…`): everything a client relies on is still there (state-restart-suite.ts). */
describe.skipIf(!(await postgresAvailable()))('on PostgreSQL', () => {
  let pg: Cluster | undefined;
  afterAll(() => pg?.stop());
  stateRestartSuite(async () => {
    pg = await startCluster();
    return pg.database();
  });
});
