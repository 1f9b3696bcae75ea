#!/usr/bin/env node
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

/**
 * The package's bin (`order-sandbox`, `npm start`, the image's CMD): runs the CLI (main.ts) bundled into
 * one CommonJS script, `cli-bundle.cjs`, with the V8 code cache `npm run build` made for it
 * (scripts/bundle-cli.mjs), so that a start compiles nothing it compiled at build time: about 60 ms of a
 * 360 ms start on a 2-core machine (bench/RESULTS.md). V8 checks the cache against its version and flags
 * and rejects one made by another Node.js (or missing): the script is then compiled as usual, nothing
 * else changes. With ORDER_SANDBOX_WRITE_CODE_CACHE=1 the cache is made instead, when the process exits.
 *
 * A script started from a code cache cannot `import()` (V8 drops the host options Node's import callback
 * needs), so the bundle has none: it requires the packages it loads late (the PostgreSQL client, the
 * YAML parser) when the code imports them.
 */
const file = fileURLToPath(new URL('./cli-bundle.cjs', import.meta.url));
const cacheFile = fileURLToPath(new URL('./cli-bundle.cache', import.meta.url));
const writing = process.env['ORDER_SANDBOX_WRITE_CODE_CACHE'] === '1';

let cachedData: Buffer | undefined;
if (!writing) {
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // no cache: compiled as usual
  }
}
const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
if (writing) process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
const cjs = { exports: {} };
(script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void)(
  cjs.exports, createRequire(file), cjs, file, dirname(file),
);
