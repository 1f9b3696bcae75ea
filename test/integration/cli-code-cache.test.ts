import { readFileSync } from 'node:fs';
import { Module } from 'node:module';
import { resolve } from 'node:path';
import vm from 'node:vm';
import { expect, test } from 'vitest';

/**
 * `npm run build` leaves the bin (dist/cli.js, src/cli.ts) the V8 code cache of its bundle, made by the
 * Node.js that built it (scripts/bundle-cli.mjs): V8 takes it, so a start compiles nothing it compiled
 * then. (Under another Node.js V8 rejects it and the bin compiles as usual: the end-to-end tests run the
 * bin under Node 22 and 24 with the cache Node 20 made.)
 */
test('the build leaves the bin a code cache of its bundle that V8 takes', () => {
  const file = resolve('dist/cli-bundle.cjs');
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData: readFileSync('dist/cli-bundle.cache') });
  expect(script.cachedDataRejected).toBe(false);
});
