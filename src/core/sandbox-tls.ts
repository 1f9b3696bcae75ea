import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { writeFileDurably } from './durable-file.js';
import { createCa, issueServerCertificate, type KeyAndCertificate } from './x509.js';

/**
 * The certificate a sandbox serves HTTPS with.
 *
 * - Given (`--tls-cert` / `--tls-key`): served as it is; there is no sandbox CA.
 * - Otherwise a sandbox CA, made once and kept in the data directory (`DIR/tls/ca.pem` and
 *   `ca-key.pem`, the key readable by its owner only; in memory for `:memory:`), signs a server
 *   certificate for `localhost`, `127.0.0.1` and `::1` (and the bound host, when it is a name or an
 *   address of its own) at each start. Trusting the CA once (`NODE_EXTRA_CA_CERTS=DIR/tls/ca.pem`, or
 *   the system's store) trusts every later start.
 *
 * @example
 * const tls = new SandboxTls('./data');
 * const { cert, key } = await tls.server('127.0.0.1'); // https.createServer({ cert, key }, …)
 * (await tls.ca())?.file; // '/home/me/data/tls/ca.pem'
 */
export interface ServerTls {
  /** The certificate chain (PEM): the server's certificate, then the CA's when the sandbox made it. */
  cert: string;
  key: string;
}

export interface SandboxCa {
  /** PEM. */
  cert: string;
  /** Where it is kept; null in memory. */
  file: string | null;
}

const HOSTS = ['localhost', '127.0.0.1', '::1'];
const WILDCARD = new Set(['0.0.0.0', '::', '']);

export class SandboxTls {
  readonly #dir: string | null;
  readonly #given: KeyAndCertificate | null;
  #ca: Promise<KeyAndCertificate> | null = null;

  /** `data`: the sandbox's data directory or `:memory:`; `given`: the user's own certificate and key (PEM). */
  constructor(data: string, given?: KeyAndCertificate) {
    this.#dir = data === ':memory:' ? null : resolve(data, 'tls');
    this.#given = given ?? null;
    if (given) checkGiven(given);
  }

  /** The sandbox CA (made, or read from the data directory, on first use); null when the user gave a certificate. */
  async ca(): Promise<SandboxCa | null> {
    if (this.#given) return null;
    const ca = await this.#loadCa();
    return { cert: ca.cert, file: this.#dir ? join(this.#dir, 'ca.pem') : null };
  }

  /** What an HTTPS server bound to `host` serves. */
  async server(host: string): Promise<ServerTls> {
    if (this.#given) return this.#given;
    const ca = await this.#loadCa();
    const hosts = WILDCARD.has(host) || HOSTS.includes(host) ? HOSTS : [...HOSTS, host.replace(/^\[|\]$/g, '')];
    const issued = issueServerCertificate(ca, hosts);
    return { cert: issued.cert + ca.cert, key: issued.key };
  }

  #loadCa(): Promise<KeyAndCertificate> {
    this.#ca ??= this.#readOrCreate().catch((e: unknown) => {
      this.#ca = null;
      throw e;
    });
    return this.#ca;
  }

  async #readOrCreate(): Promise<KeyAndCertificate> {
    const dir = this.#dir;
    if (!dir) return createCa('Order Sandbox CA (in memory)');
    const certFile = join(dir, 'ca.pem');
    const keyFile = join(dir, 'ca-key.pem');
    const [cert, key] = await Promise.all([readFile(certFile, 'utf8').catch(missing), readFile(keyFile, 'utf8').catch(missing)]);
    if (cert !== null && key !== null) {
      const parsed = new X509Certificate(cert);
      if (!parsed.ca) throw new Error(`${certFile} is not a CA certificate: delete ${dir} to have a new sandbox CA made`);
      if (Date.parse(parsed.validTo) < Date.now()) throw new Error(`the sandbox CA ${certFile} expired on ${parsed.validTo}: delete ${dir} to have a new one made`);
      return { cert, key };
    }
    const ca = createCa('Order Sandbox CA');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFileDurably(keyFile, ca.key, { mode: 0o600 });
    await writeFileDurably(certFile, ca.cert);
    return ca;
  }
}

function missing(e: NodeJS.ErrnoException): null {
  if (e.code === 'ENOENT') return null;
  throw e;
}

/** A given certificate must parse, and its key must be the certificate's. */
function checkGiven({ cert, key }: KeyAndCertificate): void {
  let parsed: X509Certificate;
  try {
    parsed = new X509Certificate(cert);
  } catch {
    throw new Error('the TLS certificate is not a PEM certificate');
  }
  let matches: boolean;
  try {
    matches = parsed.checkPrivateKey(createPrivateKey(key));
  } catch {
    throw new Error('the TLS key is not a PEM private key');
  }
  if (!matches) throw new Error('the TLS key does not belong to the TLS certificate');
}
