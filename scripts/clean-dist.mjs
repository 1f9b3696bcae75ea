// Part of `npm run build`, first: empties dist/, so that files of modules that no longer exist (tsc
// never deletes what it wrote before) are not packed, shipped or imported alongside the new build.
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
