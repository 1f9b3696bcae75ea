import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { XMLValidator } from 'fast-xml-parser';
import { expect, test } from 'vitest';
import { startCli } from '../helpers/cli.js';

/** `order-sandbox report` as installed (dist/cli.js) against the compiled server: a CI step's gate. */
async function report(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['dist/cli.js', 'report', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += String(d)));
  child.stderr.on('data', (d) => (err += String(d)));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, out, err };
}

test('the compiled CLI reports a tenant as JUnit and fails the --require must gate on a must-have; it passes once the integration behaves', async () => {
  const { child, ready } = startCli(['--port', '0', '--data', ':memory:', '--admin-token', 'sesame']);
  try {
    const { url } = await ready;
    const poll = (till: string) => fetch(`${url}/v1/order/ready`, { headers: { 'X-API-KEY': till } });
    for (const till of ['till-loop', 'till-loop', 'till-calm']) expect((await poll(till)).status).toBe(200);
    const gate = ['--url', url, '--admin-token', 'sesame', '--format', 'junit', '--require', 'must'];
    const loop = await report([...gate, '--tenant', 'till-loop']);
    expect(loop.code).toBe(1);
    expect(XMLValidator.validate(loop.out)).toBe(true);
    expect(loop.out).toContain('<testsuite name="oktopos readiness (tenant till-loop)" tests="3" failures="1" errors="0" skipped="2"');
    expect(loop.err).toMatch(/oktopos: NOT ready .* the gate --require must failed/);
    const calm = await report([...gate, '--tenant', 'till-calm']);
    expect(calm).toMatchObject({ code: 0, err: '' });
    expect(calm.out).toContain('failures="0"');
    const help = await report(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: order-sandbox report --tenant T/);
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});
