import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stateRestartSuite } from './state-restart-suite.js';

/** kill -9 and a restart on a data directory: everything a client relies on is still there (state-restart-suite.ts). */
stateRestartSuite(() => mkdtemp(join(tmpdir(), 'state-restart-')));
