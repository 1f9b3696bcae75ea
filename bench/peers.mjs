// `npm run bench -- --peers`: the mock servers a team might pick instead, installed into a temporary
// folder (npm registry only) and given the same GET order: json-server (1.0 beta) serving the order from
// a db.json, and Prism mocking Kustom's OpenAPI document. Each figure is shown beside the sandbox's.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Waits until the server answers at all (a mock may answer an error status; the row counts non-2xx). */
async function waitFor(url, headers = {}, child) {
  for (let i = 0; i < 3000; i++) {
    if (child && child.exitCode !== null) throw new Error(`exited ${child.exitCode}`);
    if (await fetch(url, { headers }).then(() => true, () => false)) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${url} never answered`);
}

export async function runPeers({ orderPath, bytesFile, load, sandboxGet, openapi }) {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-peers-'));
  const rows = [];
  try {
    await run('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error', 'json-server@1.0.0-beta.3', '@stoplight/prism-cli@5'], { timeout: 300_000 });
    const order = JSON.parse(await readFile(bytesFile, 'utf8'));
    await writeFile(join(dir, 'db.json'), JSON.stringify({ orders: [{ id: order.order_id, ...order }] }));
    await writeFile(join(dir, 'kustom.json'), JSON.stringify(openapi));
    const peers = [
      ['json-server 1.0 beta', [join(dir, 'node_modules/json-server/lib/bin.js'), join(dir, 'db.json'), '--port', '4711'], 'http://127.0.0.1:4711', `/orders/${order.order_id}`],
      ['Prism 5 (mock of the Kustom document)', [join(dir, 'node_modules/@stoplight/prism-cli/dist/index.js'), 'mock', join(dir, 'kustom.json'), '-p', '4712', '-h', '127.0.0.1'], 'http://127.0.0.1:4712', orderPath],
    ];
    const headers = { authorization: `Basic ${Buffer.from('kco_test_api_demo:kco_test_secret_demo').toString('base64')}` };
    for (const [name, args, base, path] of peers) {
      const t0 = performance.now();
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d) => (err = (err + String(d)).slice(-500)));
      try {
        await waitFor(base + path, headers, child);
        const startup = performance.now() - t0;
        const r = await load({ url: base + path, headers });
        rows.push({ what: `GET order (req/s): sandbox vs ${name}`, sandbox: Math.round(sandboxGet), baseline: Math.round(r.requests.average), ratio: Number((sandboxGet / r.requests.average).toFixed(2)), target: `${name} start-up ${Math.round(startup)} ms`, errors: r.errors + r.non2xx });
      } catch (e) {
        rows.push({ what: `GET order: ${name}`, sandbox: Math.round(sandboxGet), baseline: null, ratio: null, target: `failed: ${e.message} ${err.trim()}`, errors: null });
      } finally {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = once(child, 'exit');
          child.kill('SIGTERM');
          await exited;
        }
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}
