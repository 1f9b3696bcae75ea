import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../src/core/store.js';
import { stateAdapterContract } from '../contracts/state-adapter.js';

/** The state layer's shared contract (test/contracts/state-adapter.ts) on the embedded store: a directory, reopened as after a restart. */
stateAdapterContract('embedded', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'state-contract-'));
  return { open: () => new Store(dir) };
});
