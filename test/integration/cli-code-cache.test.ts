import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';

/**
 * `npm run build` leaves the bin (dist/cli.js, src/cli.ts) the V8 code cache of its bundle, sealed to it
 * (core/code-cache.ts) and made by the Node.js that built it (scripts/bundle-cli.mjs): V8 takes it, so
 * a start compiles nothing it compiled then. (Under another Node.js V8 rejects it and the bin compiles as
 * usual: the end-to-end tests run the bin under Node 22 and 24 with the cache Node 20 made.) Checked in a
 * fresh process, as a start is: V8 also rejects a cache when its flags changed, and a test process
 * changes them (--expose-gc).
 */
test('the build leaves the bin a code cache sealed to its bundle, which V8 takes', () => {
  const check = `
    const { readFileSync } = require('node:fs');
    const { Module } = require('node:module');
    const vm = require('node:vm');
    import(${JSON.stringify(resolve('dist/core/code-cache.js'))}).then(({ openCodeCache }) => {
      const file = ${JSON.stringify(resolve('dist/cli-bundle.cjs'))};
      const source = readFileSync(file, 'utf8');
      const cachedData = openCodeCache(source, readFileSync(${JSON.stringify(resolve('dist/cli-bundle.cache'))}));
      if (!cachedData) return process.stdout.write('not sealed to this bundle');
      const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
      process.stdout.write(script.cachedDataRejected ? 'rejected' : 'taken');
    });`;
  const out = spawnSync(process.execPath, ['-e', check], { encoding: 'utf8' });
  expect(out.stderr).toBe('');
  expect(out.stdout).toBe('taken');
});
