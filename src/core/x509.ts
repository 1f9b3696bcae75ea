import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * Just enough X.509 to run HTTPS on a developer's machine without a tool or a library: a CA that signs a
 * server certificate for `localhost` and the loopback addresses. Keys are ECDSA P-256 made by Node's
 * crypto; certificates are DER written here (RFC 5280: version 3, ecdsa-with-SHA256, the extensions a TLS
 * client checks — basic constraints, key usage, extended key usage, subject alternative names, key
 * identifiers) and signed by Node's crypto.
 *
 * @example
 * const ca = createCa('Order Sandbox CA');
 * const server = issueServerCertificate(ca, ['localhost', '127.0.0.1', '::1']);
 * https.createServer({ cert: server.cert + ca.cert, key: server.key }, handler);
 * new X509Certificate(server.cert).checkIssued(new X509Certificate(ca.cert)); // true
 */
export interface KeyAndCertificate {
  /** PEM. */
  cert: string;
  /** PEM (PKCS#8). */
  key: string;
}

const DAY = 86_400_000;

// ── DER ────────────────────────────────────────────────────────────────────────────────────────────
function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, value: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), length(value.length), value]);
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, inner: Buffer) => tlv(0xa0 | n, inner);
const octets = (b: Buffer) => tlv(0x04, b);
const bits = (b: Buffer, unused = 0) => tlv(0x03, Buffer.concat([Buffer.from([unused]), b]));
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));

/** A non-negative INTEGER from big-endian bytes. */
function integer(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0 && (b[i + 1]! & 0x80) === 0) i++;
  const v = b.subarray(i);
  return tlv(0x02, (v[0]! & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), v]) : v);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]];
  const out = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime before 2050, GeneralizedTime from then on (RFC 5280 4.1.2.5). */
function time(ms: number): Buffer {
  const iso = new Date(Math.floor(ms / 1000) * 1000).toISOString(); // 2026-12-01T01:20:24.000Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  const year = Number(iso.slice(0, 4));
  return year < 2050 ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${digits}Z`));
}

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));
const name = (commonName: string) => seq(set(seq(oid('2.5.4.10'), utf8('Order Sandbox'))), set(seq(oid('2.5.4.3'), utf8(commonName))));
const extension = (id: string, critical: boolean, value: Buffer) => seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));

/** The SHA-1 of the public key's bits (RFC 5280 4.2.1.2, method 1). */
function keyId(publicKey: KeyObject): Buffer {
  // SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const inner = contents(spki, 0);
  const algorithm = contents(spki, inner.start);
  const key = contents(spki, algorithm.end);
  return createHash('sha1').update(spki.subarray(key.start + 1, key.end)).digest(); // after the unused-bits byte
}

/** Where the contents of the TLV at `at` start and end. */
function contents(der: Buffer, at: number): { start: number; end: number } {
  const first = der[at + 1]!;
  if (first < 0x80) return { start: at + 2, end: at + 2 + first };
  const n = first & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + der[at + 2 + i]!;
  return { start: at + 2 + n, end: at + 2 + n + len };
}

function subjectAltNames(hosts: readonly string[]): Buffer {
  return seq(...hosts.map((h) => {
    if (isIPv4(h)) return tlv(0x87, Buffer.from(h.split('.').map(Number)));
    if (isIPv6(h)) return tlv(0x87, ipv6Bytes(h));
    return tlv(0x82, Buffer.from(h, 'ascii'));
  }));
}

function ipv6Bytes(address: string): Buffer {
  const [head, tail = ''] = address.split('::') as [string, string?];
  const h = head ? head.split(':') : [];
  const t = address.includes('::') && tail ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return Buffer.from(groups.flatMap((g) => {
    const v = parseInt(g, 16);
    return [v >> 8, v & 0xff];
  }));
}

interface Issue {
  subject: string;
  publicKey: KeyObject;
  issuer: { name: string; key: KeyObject; keyId: Buffer };
  days: number;
  extensions: Buffer[];
}

function certificate({ subject, publicKey, issuer, days, extensions }: Issue): string {
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  const now = Date.now();
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(serial),
    ECDSA_SHA256,
    name(issuer.name),
    seq(time(now - DAY), time(now + days * DAY)),
    name(subject),
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, seq(...extensions)),
  );
  const signature = sign('sha256', tbs, issuer.key); // DER-encoded ECDSA signature
  const der = seq(tbs, ECDSA_SHA256, bits(signature));
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;
}

const ecKeys = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pkcs8 = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }) as string;

/** A self-signed CA (10 years), allowed to sign certificates and nothing else. */
export function createCa(commonName: string): KeyAndCertificate {
  const { publicKey, privateKey } = ecKeys();
  const id = keyId(publicKey);
  const cert = certificate({
    subject: commonName,
    publicKey,
    issuer: { name: commonName, key: privateKey, keyId: id },
    days: 3650,
    extensions: [
      extension('2.5.29.19', true, seq(bool(true), integer(Buffer.from([0])))), // CA, no intermediates below it
      extension('2.5.29.15', true, bits(Buffer.from([0x06]), 1)), // keyCertSign, cRLSign
      extension('2.5.29.14', false, octets(id)),
    ],
  });
  return { cert, key: pkcs8(privateKey) };
}

/**
 * A TLS server certificate for `hosts` (names and IP addresses), signed by `ca`, valid 397 days (the
 * longest that browsers accept for a server certificate).
 */
export function issueServerCertificate(ca: KeyAndCertificate, hosts: readonly string[]): KeyAndCertificate {
  const caKey = createPrivateKey(ca.key);
  const caName = commonNameOf(ca.cert);
  const { publicKey, privateKey } = ecKeys();
  const cert = certificate({
    subject: hosts[0] ?? 'localhost',
    publicKey,
    issuer: { name: caName, key: caKey, keyId: keyId(createPublicKey(caKey)) },
    days: 397,
    extensions: [
      extension('2.5.29.19', true, seq()), // not a CA
      extension('2.5.29.15', true, bits(Buffer.from([0x80]), 7)), // digitalSignature
      extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))), // serverAuth
      extension('2.5.29.17', false, subjectAltNames(hosts)),
      extension('2.5.29.14', false, octets(keyId(publicKey))),
      extension('2.5.29.35', false, seq(tlv(0x80, keyId(createPublicKey(caKey))))),
    ],
  });
  return { cert, key: pkcs8(privateKey) };
}

/** The CN of a certificate's subject. */
function commonNameOf(pem: string): string {
  const subject = new X509Certificate(pem).subject; // "O=Order Sandbox\nCN=Order Sandbox CA"
  return /(?:^|\n)CN=([^\n]*)/.exec(subject)?.[1] ?? 'Order Sandbox CA';
}
