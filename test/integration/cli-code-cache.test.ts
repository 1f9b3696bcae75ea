import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';

/**
 * `npm run build` leaves the bin (dist/cli.js, src/cli.ts) the V8 code cache of its bundle, made by the
 * Node.js that built it (scripts/bundle-cli.mjs): V8 takes it, so a start compiles nothing it compiled
 * then. (Under another Node.js V8 rejects it and the bin compiles as usual: the end-to-end tests run the
 * bin under Node 22 and 24 with the cache Node 20 made.) Checked in a fresh process, as a start is: V8
 * also rejects a cache when its flags changed, and a test process changes them (--expose-gc).
 */
test('the build leaves the bin a code cache of its bundle that V8 takes', () => {
  const check = `
    const { readFileSync } = require('node:fs');
    const { Module } = require('node:module');
    const vm = require('node:vm');
    const file = ${JSON.stringify(resolve('dist/cli-bundle.cjs'))};
    const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData: readFileSync(${JSON.stringify(resolve('dist/cli-bundle.cache'))}) });
    process.stdout.write(script.cachedDataRejected ? 'rejected' : 'taken');`;
  const out = spawnSync(process.execPath, ['-e', check], { encoding: 'utf8' });
  expect(out.stderr).toBe('');
  expect(out.stdout).toBe('taken');
});
