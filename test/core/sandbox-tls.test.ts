import { X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { SandboxTls } from '../../src/core/sandbox-tls.js';
import { createCa, issueServerCertificate } from '../../src/core/x509.js';

test('with a data directory the CA is made once, kept (its key for its owner only) and used again by the next start', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tls-'));
  const first = new SandboxTls(dir);
  const ca = await first.ca();
  expect(ca?.file).toBe(join(dir, 'tls', 'ca.pem'));
  expect((await readdir(join(dir, 'tls'))).sort()).toEqual(['ca-key.pem', 'ca.pem']);
  expect((await stat(join(dir, 'tls', 'ca-key.pem'))).mode & 0o777).toBe(0o600);
  const again = await new SandboxTls(dir).ca();
  expect(again?.cert).toBe(ca?.cert);
  // The server certificate of either start is issued by that CA, and the chain served ends with it.
  const served = await new SandboxTls(dir).server('127.0.0.1');
  const [leaf] = served.cert.split(/(?<=-----END CERTIFICATE-----\n)/);
  expect(new X509Certificate(leaf!).checkIssued(new X509Certificate(ca!.cert))).toBe(true);
  expect(served.cert.endsWith(ca!.cert)).toBe(true);
});

test(':memory: keeps the CA in memory only: one per sandbox', async () => {
  const tls = new SandboxTls(':memory:');
  const ca = await tls.ca();
  expect(ca?.file).toBeNull();
  expect((await tls.ca())?.cert).toBe(ca?.cert);
  expect((await new SandboxTls(':memory:').ca())?.cert).not.toBe(ca?.cert);
});

test('the server certificate names the bound host too when it is its own name or address', async () => {
  const tls = new SandboxTls(':memory:');
  const names = async (host: string) => new X509Certificate((await tls.server(host)).cert).subjectAltName;
  expect(await names('0.0.0.0')).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
  expect(await names('127.0.0.1')).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
  expect(await names('sandbox.test')).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:sandbox.test');
});

test('a given certificate is served as it is, with no sandbox CA; one whose key is not its own is refused', async () => {
  const own = createCa('Company CA');
  const given = issueServerCertificate(own, ['sandbox.company.test']);
  const tls = new SandboxTls(':memory:', given);
  expect(await tls.server('127.0.0.1')).toEqual(given);
  expect(await tls.ca()).toBeNull();
  const other = issueServerCertificate(own, ['x.test']);
  expect(() => new SandboxTls(':memory:', { cert: given.cert, key: other.key })).toThrow('the TLS key does not belong to the TLS certificate');
  expect(() => new SandboxTls(':memory:', { cert: 'nope', key: other.key })).toThrow('the TLS certificate is not a PEM certificate');
  expect(() => new SandboxTls(':memory:', { cert: given.cert, key: 'nope' })).toThrow('the TLS key is not a PEM private key');
});

test('a kept file that is not a CA is refused with what to do', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tls-'));
  await new SandboxTls(dir).ca();
  const leaf = issueServerCertificate(createCa('x'), ['localhost']);
  await writeFile(join(dir, 'tls', 'ca.pem'), leaf.cert);
  await expect(new SandboxTls(dir).ca()).rejects.toThrow(`is not a CA certificate: delete ${join(dir, 'tls')} to have a new sandbox CA made`);
});
