import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { expect, test } from 'vitest';
import { startCli } from '../helpers/cli.js';
import { KlarnaContract } from '../helpers/klarna-contract.js';

/**
 * An unchanged third-party Kustom client from npm, `@crystallize/node-klarna`, over HTTPS: it takes a
 * host name and always calls https://<host>/… on port 443, trusts what Node trusts, and sends `{}`
 * after every GET. The compiled CLI serves HTTPS on 443 (the test runs as root in CI) with its sandbox
 * CA, which the client's process trusts through NODE_EXTRA_CA_CERTS, as a merchant would set it up.
 */
const canBind443 = (): Promise<boolean> => new Promise((resolve) => {
  const s = createServer();
  s.once('error', () => resolve(false));
  s.listen(443, '127.0.0.1', () => s.close(() => resolve(true)));
});

interface Step { step: string; statusCode: number; response: unknown; error: string | null }

test('@crystallize/node-klarna, unchanged, goes through checkout → acknowledge → capture → refund against the sandbox over HTTPS', async () => {
  const data = await mkdtemp(join(tmpdir(), 'sandbox-https-'));
  // Port 443 as the client insists; where it cannot be had (not root, or taken), any port, which the client's process makes Node's default.
  const on443 = await canBind443();
  const { child, ready } = startCli(['--port', '0', '--https-port', on443 ? '443' : '0', '--data', data, '--log-level', 'warn']);
  try {
    const { url, out } = await ready;
    const httpsUrl = /HTTPS on (https:\/\/\S+)/.exec(out())?.[1];
    expect(httpsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const caFile = join(data, 'tls', 'ca.pem');
    expect(out()).toContain(`sandbox CA ${caFile}`);
    const ca = await readFile(caFile, 'utf8');
    expect(await (await fetch(`${url}/__admin/tls/ca.pem`)).text()).toBe(ca);
    expect(new X509Certificate(ca).ca).toBe(true);

    const port = new URL(httpsUrl!).port || '443';
    const args = ['test/e2e/clients/crystallize-klarna.mjs', '127.0.0.1', `${url}/__admin`, ...(port === '443' ? [] : [port])];
    const driver = execFile(process.execPath, args, { env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile }, timeout: 15_000 });
    let stdout = '';
    let stderr = '';
    driver.stdout!.on('data', (d) => (stdout += String(d)));
    driver.stderr!.on('data', (d) => (stderr += String(d)));
    await once(driver, 'exit');
    const steps = Object.fromEntries(stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Step).map((s) => [s.step, s]));

    expect(steps['createOrder'], stderr).toMatchObject({ statusCode: 201, error: null, response: { status: 'checkout_incomplete' } });
    expect(steps['complete']?.statusCode).toBe(200);
    expect(steps['retrieveOrder']).toMatchObject({ statusCode: 200, response: { status: 'checkout_complete' } });
    expect(steps['acknowledge']).toEqual({ step: 'acknowledge', statusCode: 204, response: '', error: null });
    expect(steps['capture']).toEqual({ step: 'capture', statusCode: 201, response: '', error: null });
    expect(steps['refund']).toEqual({ step: 'refund', statusCode: 201, response: '', error: null });
    expect(steps['getOrder']).toMatchObject({ statusCode: 200, response: { status: 'CAPTURED', captured_amount: 50000, refunded_amount: 20000 } });
    // What the client parsed matches Klarna's own schemas.
    const klarna = KlarnaContract.load();
    const id = (steps['createOrder']!.response as { order_id: string }).order_id;
    await klarna.check('POST', '/checkout/v3/orders', new Response(JSON.stringify(steps['createOrder']!.response), { status: 201 }));
    await klarna.check('GET', `/checkout/v3/orders/${id}`, new Response(JSON.stringify(steps['retrieveOrder']!.response), { status: 200 }));
    await klarna.check('GET', `/ordermanagement/v1/orders/${id}`, new Response(JSON.stringify(steps['getOrder']!.response), { status: 200 }));
    // Every answer carried Klarna-Correlation-Id (the client warns on stderr when one does not).
    expect(stderr).not.toContain('correlation id');
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});
