import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { startCli } from '../helpers/cli.js';

/**
 * The compiled CLI keeps the PostgreSQL client and the YAML parser packages of their own
 * (scripts/bundle-cli.mjs), loaded only when a start needs them: a sandbox on a data directory or in
 * memory never loads PostgreSQL code, and one without scenario files never parses YAML. Each start
 * here runs with a preloaded script that refuses to resolve those two packages (the bundle requires
 * them when the code imports them).
 */
async function refusingHook(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-hook-'));
  const hook = join(dir, 'refuse.cjs');
  await writeFile(hook, `const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'postgres' || request === 'yaml') throw new Error('refused to load ' + request);
  return resolve.call(this, request, ...rest);
};
`);
  return `--require=${hook}`;
}

test('a start on a data directory or in memory loads neither the PostgreSQL client nor the YAML parser', async () => {
  const NODE_OPTIONS = await refusingHook();
  const data = await mkdtemp(join(tmpdir(), 'sandbox-lazy-'));
  for (const where of [data, ':memory:']) {
    const { child, ready } = startCli(['--port', '0', '--data', where], { NODE_OPTIONS });
    const { url } = await ready;
    expect((await fetch(`${url}/__admin/health`)).status).toBe(200);
    const orders = await (await fetch(`${url}/__admin/kustom/orders?tenant=kco_test_api_demo`)).json();
    const res = await fetch(`${url}/ordermanagement/v1/orders/${orders[0].order_id}`, { headers: { Authorization: 'Basic kco_test_api_demo' } });
    expect(res.status).toBe(200);
    child.kill('SIGTERM');
    expect((await once(child, 'exit'))[0]).toBe(0);
  }
});

test('the hook refuses what a start does need: scenario files load the YAML parser, a postgres:// URL the client', async () => {
  const NODE_OPTIONS = await refusingHook();
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-lazy-'));
  await writeFile(join(dir, 'a.json'), JSON.stringify({ name: 'a', rules: [{ match: { service: 'kustom', operation: 'getOrder' }, respond: { status: 503 } }] }));
  const yaml = startCli(['--port', '0', '--data', ':memory:', '--scenario', dir], { NODE_OPTIONS });
  await expect(yaml.ready).rejects.toThrow(/refused to load yaml/);
  const pg = startCli(['--port', '0', '--data', 'postgres://sandbox@127.0.0.1:1/sandbox'], { NODE_OPTIONS });
  await expect(pg.ready).rejects.toThrow(/refused to load postgres/);
});
