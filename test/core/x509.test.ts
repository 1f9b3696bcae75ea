import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { expect, test } from 'vitest';
import { createCa, issueServerCertificate } from '../../src/core/x509.js';

const ca = createCa('Test CA');
const server = issueServerCertificate(ca, ['localhost', '127.0.0.1', '::1']);

test('the CA is a CA, self-signed; the server certificate is not, is issued and signed by it, and names localhost and the loopback addresses', () => {
  const c = new X509Certificate(ca.cert);
  const s = new X509Certificate(server.cert);
  expect(c.ca).toBe(true);
  expect(c.checkIssued(c)).toBe(true);
  expect(c.verify(c.publicKey)).toBe(true);
  expect(c.subject).toBe('O=Order Sandbox\nCN=Test CA');
  expect(s.ca).toBe(false);
  expect(s.checkIssued(c)).toBe(true);
  expect(s.verify(c.publicKey)).toBe(true);
  expect(s.verify(s.publicKey)).toBe(false);
  expect(s.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
  expect([s.checkHost('localhost'), s.checkIP('127.0.0.1'), s.checkIP('::1')]).toEqual(['localhost', '127.0.0.1', '::1']);
  expect(s.checkHost('example.com')).toBeUndefined();
  expect(s.checkPrivateKey(createPrivateKey(server.key))).toBe(true);
  const days = (Date.parse(s.validTo) - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(396);
  expect(days).toBeLessThanOrEqual(397);
});

test('OpenSSL verifies the chain for TLS servers (where openssl is installed)', () => {
  if (!existsSync('/usr/bin/openssl')) return;
  const dir = mkdtempSync(join(tmpdir(), 'x509-'));
  writeFileSync(join(dir, 'ca.pem'), ca.cert);
  writeFileSync(join(dir, 'server.pem'), server.cert);
  const out = execFileSync('/usr/bin/openssl', ['verify', '-purpose', 'sslserver', '-CAfile', join(dir, 'ca.pem'), join(dir, 'server.pem')], { encoding: 'utf8' });
  expect(out.trim()).toBe(`${join(dir, 'server.pem')}: OK`);
  const other = createCa('Another CA');
  writeFileSync(join(dir, 'other.pem'), other.cert);
  expect(() => execFileSync('/usr/bin/openssl', ['verify', '-CAfile', join(dir, 'other.pem'), join(dir, 'server.pem')], { stdio: 'pipe' })).toThrow();
});

test('a TLS client that trusts the CA connects to a server with the certificate, by name and by address; one that does not is refused', async () => {
  const https = createServer({ cert: server.cert + ca.cert, key: server.key }, (_req, res) => res.end('ok'));
  await new Promise<void>((r) => https.listen(0, '127.0.0.1', r));
  const port = (https.address() as { port: number }).port;
  const handshake = (opts: { ca?: string; servername?: string }) => new Promise<string>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, ...opts }, () => {
      resolve(socket.authorized ? 'authorized' : String(socket.authorizationError));
      socket.destroy();
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
  try {
    expect(await handshake({ ca: ca.cert, servername: 'localhost' })).toBe('authorized');
    expect(await handshake({ ca: ca.cert })).toBe('authorized'); // by IP address: no SNI, the SAN's 127.0.0.1
    // The server sends its chain (certificate, then the CA): untrusted, it ends in a self-signed CA.
    expect(await handshake({ ca: createCa('Another CA').cert, servername: 'localhost' })).toBe('SELF_SIGNED_CERT_IN_CHAIN');
    expect(await handshake({ servername: 'localhost' })).toBe('SELF_SIGNED_CERT_IN_CHAIN');
  } finally {
    await new Promise((r) => https.close(r));
  }
});

test('a name or address of its own is added to the names', () => {
  const s = new X509Certificate(issueServerCertificate(ca, ['localhost', '127.0.0.1', '::1', 'sandbox.internal', '10.1.2.3', 'fe80::1']).cert);
  expect(s.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:sandbox.internal, IP Address:10.1.2.3, IP Address:FE80:0:0:0:0:0:0:1');
});
