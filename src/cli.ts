#!/usr/bin/env node
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { openCodeCache, sealCodeCache } from './core/code-cache.js';

/**
 * The package's bin (`order-sandbox`, `npm start`, the image's CMD): runs the CLI (main.ts) bundled into
 * one CommonJS script, `cli-bundle.cjs`, with the V8 code cache `npm run build` made for it
 * (scripts/bundle-cli.mjs), so that a start compiles nothing it compiled at build time: about 60 ms of a
 * 360 ms start on a 2-core machine (bench/RESULTS.md). The cache is used only when it is sealed to this
 * very script and whole (core/code-cache.ts); V8 also rejects one made by another Node.js or with other
 * V8 flags. Without a cache it takes, the script is compiled as usual, and nothing else changes.
 * With ORDER_SANDBOX_WRITE_CODE_CACHE=1 (the build's) the cache is made instead, when the process exits.
 *
 * A vm.Script has no `import()` (Node's import callback is not given to it), so the bundle has none: it
 * requires the packages it loads late (the PostgreSQL client, the YAML parser) when the code imports them.
 */
const file = fileURLToPath(new URL('./cli-bundle.cjs', import.meta.url));
const cacheFile = fileURLToPath(new URL('./cli-bundle.cache', import.meta.url));
const writing = process.env['ORDER_SANDBOX_WRITE_CODE_CACHE'] === '1';
const source = readFileSync(file, 'utf8');

let cachedData: Buffer | undefined;
if (!writing) {
  try {
    cachedData = openCodeCache(source, readFileSync(cacheFile));
  } catch {
    // no cache: compiled as usual
  }
}
const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
if (writing) {
  process.once('exit', () => {
    try {
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, sealCodeCache(source, script.createCachedData()));
      renameSync(tmp, cacheFile);
    } catch (e) {
      process.stderr.write(`order-sandbox: no code cache written (${e instanceof Error ? e.message : String(e)})\n`);
    }
  });
}
const cjs = { exports: {} };
(script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void)(
  cjs.exports, createRequire(file), cjs, file, dirname(file),
);
