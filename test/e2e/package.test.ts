import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

/**
 * The published package shape: `npm pack` (of the build `npm test` just made), installed into an empty
 * folder from the tarball, then `npx order-sandbox` and the `order-sandbox/testing` import, as a user
 * would. The install reaches only the npm registry (and npm's cache).
 */
const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

test('npm pack → install the tarball into an empty folder (--engine-strict: every runtime dependency holds the declared engines) → npx order-sandbox serves a healthy sandbox with its docs and dashboard files; order-sandbox/testing imports', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'order-sandbox-pack-'));
  try {
    await run(npm, ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: resolve('.') });
    const tarball = (await readdir(dir)).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack made no tarball');
    const app = join(dir, 'app');
    await run('mkdir', ['-p', app]);
    await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await run(npm, ['install', join(dir, tarball), '--engine-strict', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: app, timeout: 240_000 });

    // Its own process group: npm exec starts the bin as a child, and stopping must stop both.
    const child = spawn(npm, ['exec', '--no', '--', 'order-sandbox', '--port', '0', '--data', ':memory:'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    const url = await new Promise<string>((ok, fail) => {
      child.stdout.on('data', () => {
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m?.[1] && out.includes('Docs')) ok(m[1]);
      });
      child.once('exit', (code) => fail(new Error(`order-sandbox exited ${code}: ${out}`)));
    });
    try {
      expect(await (await fetch(`${url}/__admin/health`)).json()).toEqual({ status: 'ok', store: 'memory' });
      expect((await fetch(`${url}/docs`)).status).toBe(200);
      for (const f of ['scalar.js', 'dashboard.js', 'dashboard.css']) expect((await fetch(`${url}/ui/${f}`)).status, f).toBe(200);
      expect((await fetch(`${url}/v1/order/ready`, { headers: { 'X-API-KEY': 'okto_demo_key' } })).status).toBe(200);
    } finally {
      const exited = once(child, 'exit');
      process.kill(-(child.pid as number), 'SIGTERM');
      await exited;
    }

    await writeFile(join(app, 'check.mjs'), [
      "import { startSandbox } from 'order-sandbox/testing';",
      "import { createSandbox } from 'order-sandbox';",
      'const sb = await startSandbox();',
      "const t = sb.tenant();",
      "const res = await sb.fetch('/v1/order/ready', { headers: t.oktopos.headers });",
      "await sb.advance('1h');",
      "console.log(JSON.stringify({ status: res.status, createSandbox: typeof createSandbox }));",
      'await sb.close();',
    ].join('\n'));
    const { stdout } = await run(process.execPath, ['check.mjs'], { cwd: app });
    expect(JSON.parse(stdout)).toEqual({ status: 200, createSandbox: 'function' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 300_000);
