import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/index.js';
import { parseReportArgs, runReport } from '../../src/report-cli.js';

/**
 * `order-sandbox report` against a sandbox on 127.0.0.1: the three formats (JUnit parsed by a real XML
 * parser), the --require gate, the services a tenant used, and its errors. One till polls politely,
 * another in a loop (it fails oktopos.poll-interval); a Kustom merchant only reads.
 */
let sb: Sandbox;
let url: string;
let close: () => Promise<void>;

beforeAll(async () => {
  sb = await createSandbox({ logLevel: 'silent', adminToken: 'sesame' });
  const listening = await sb.listen(0, '127.0.0.1');
  url = listening.url;
  close = async () => {
    await listening.close();
    await sb.close();
  };
  const poll = (till: string) => fetch(`${url}/v1/order/ready`, { headers: { 'X-API-KEY': till } });
  for (let i = 0; i < 3; i++) expect((await poll('till-loop')).status).toBe(200);
  expect((await poll('till-calm')).status).toBe(200);
  expect((await fetch(`${url}/ordermanagement/v1/orders/00000000-0000-4000-8000-000000000000`, { headers: { Authorization: 'Basic till-loop' } })).status).toBe(404);
});
afterAll(() => close());

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await runReport(argv, {}, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

const base = () => ['--url', url, '--admin-token', 'sesame'];

test('JUnit: one suite per service the tenant used, one case per check; a failed must-have is a failure with its evidence; it parses', async () => {
  const r = await run([...base(), '--tenant', 'till-loop', '--format', 'junit']);
  expect(r.code).toBe(0); // no --require: a report, not a gate
  expect(XMLValidator.validate(r.out)).toBe(true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(r.out) as {
    testsuites: { tests: string; failures: string; testsuite: { name: string; testcase: { name: string; classname: string; failure?: { message: string; '#text': string }; skipped?: unknown }[] }[] };
  };
  // The till used OktoPOS, and its key is also a (Kustom) merchant that made one request.
  expect(doc.testsuites.testsuite.map((s) => s.name)).toEqual(['kustom readiness (tenant till-loop)', 'oktopos readiness (tenant till-loop)']);
  const okto = doc.testsuites.testsuite[1]!;
  const poll = okto.testcase.find((c) => c.name.startsWith('oktopos.poll-interval'))!;
  expect(poll.classname).toBe('oktopos.must');
  expect(poll.failure?.message).toMatch(/^2 times: polled \d+ ms after #\d+/);
  const journal = sb.admin.journal.list({ service: 'oktopos', tenant: 'till-loop' });
  expect(poll.failure?.['#text']).toContain(`request #${journal[0]!.id}`);
  expect(poll.failure?.['#text']).toContain('What to do: Poll GET /v1/order/ready');
  expect(okto.testcase.filter((c) => c.skipped !== undefined).map((c) => c.name.split(':')[0])).toEqual(['oktopos.ready-finalised', 'oktopos.payment-status']);
  expect(doc.testsuites.failures).toBe('1');
});

test('--require must exits 1 when a must-have fails, 0 when none does; --require exercised also wants every must-have exercised', async () => {
  expect((await run([...base(), '--tenant', 'till-loop', '--service', 'oktopos', '--require', 'must'])).code).toBe(1);
  const calm = await run([...base(), '--tenant', 'till-calm', '--service', 'oktopos', '--require', 'must']);
  expect(calm.code).toBe(0);
  expect(JSON.parse(calm.out)).toMatchObject({ service: 'oktopos', tenant: 'till-calm', ready: true, summary: { must: { pass: 1, fail: 0, notExercised: 2 } } });
  const strict = await run([...base(), '--tenant', 'till-calm', '--service', 'oktopos', '--require', 'exercised']);
  expect(strict.code).toBe(1);
  expect(strict.err).toMatch(/the gate --require exercised failed/);
});

test('Markdown: the verdicts, the failures with evidence and advice, and coverage with what was never exercised first', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'report-'));
  try {
    const file = join(dir, 'readiness.md');
    const r = await run([...base(), '--tenant', 'till-loop', '--service', 'oktopos', '--format', 'markdown', '--output', file]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^oktopos: NOT ready \(must-haves 0 pass, 1 fail, 2 not exercised\)/);
    const md = await readFile(file, 'utf8');
    expect(md).toMatch(/^# Go-live readiness: oktopos, tenant `till-loop`\n\n\*\*Not ready:\*\* 1 must-have check fails\./);
    expect(md).toContain('| ❌ fail | must | The ready list is polled at most once every 5 s per till (`oktopos.poll-interval`) |');
    expect(md).toContain('### ❌ The ready list is polled at most once every 5 s per till');
    expect(md).not.toContain('### Webhooks'); // OktoPOS sends none
    expect(md).toMatch(/### Operations called: 1 of 7\n\nNever exercised: `createOrder`, [^\n]*\n\nSeen: `getReadyOrders` ×3\n/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('errors: usage (exit 2 with the usage text), the admin token, an unreachable sandbox', async () => {
  expect(parseReportArgs(['--tenant'], {})).toEqual({ ok: false, error: '--tenant needs a value' });
  expect(parseReportArgs(['--tenant', 't', '--format', 'xml'], {})).toEqual({ ok: false, error: 'unknown format "xml": use json, junit, markdown' });
  expect(parseReportArgs(['--tenant=t', '--url=ftp://x'], {})).toEqual({ ok: false, error: '--url must be an http(s) URL, not "ftp://x"' });
  expect(parseReportArgs(['--tenant', 't'], { SANDBOX_URL: 'http://127.0.0.1:5000/' })).toMatchObject({ ok: true, args: { url: 'http://127.0.0.1:5000', format: 'json', services: [] } });
  const usage = await run(['--url', url]);
  expect(usage.code).toBe(2);
  expect(usage.err).toMatch(/--tenant is required[\s\S]*Usage: order-sandbox report/);
  // A tenant the sandbox never heard of (a typo) fails outright rather than passing every gate.
  const typo = await run([...base(), '--tenant', 'till-lop', '--require', 'must']);
  expect(typo).toMatchObject({ code: 2, out: '' });
  expect(typo.err).toMatch(/has no request from tenant "till-lop" .* is the tenant spelled as the integration sends it/);
  const noToken = await run(['--url', url, '--tenant', 't']);
  expect(noToken).toMatchObject({ code: 2, out: '' });
  expect(noToken.err).toMatch(/asks for its admin token: pass --admin-token/);
  const closed = createServer().listen(0, '127.0.0.1');
  await once(closed, 'listening');
  const port = (closed.address() as { port: number }).port;
  await new Promise((done) => closed.close(done));
  const down = await run(['--url', `http://127.0.0.1:${port}`, '--tenant', 't']);
  expect(down.code).toBe(2);
  expect(down.err).toContain(`cannot reach the sandbox at http://127.0.0.1:${port} (ECONNREFUSED)`);
});

test('GET /__admin/report never creates the tenant it is asked about, and refuses an absurd one in the admin envelope', async () => {
  const auth = { authorization: 'Bearer sesame' };
  const tenants = async () => (await (await fetch(`${url}/__admin/tenants`, { headers: auth })).json()) as Record<string, string[]>;
  const before = await tenants();
  const res = await fetch(`${url}/__admin/report?service=khumbu&tenant=never-seen`, { headers: auth });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { basis: { requests: number } }).basis.requests).toBe(0);
  expect(await tenants()).toEqual(before);
  const huge = await fetch(`${url}/__admin/report?service=kustom&tenant=${'x'.repeat(1001)}`, { headers: auth });
  expect(huge.status).toBe(400);
  expect(await huge.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
});
