import type { Context } from 'hono';
import type { SandboxEnv } from '../../http/env.js';
import { requestHeader } from '../../http/request-header.js';
import { TENANT_MAX } from '../../core/tenant-name.js';
import { KustomError } from './errors.js';
import { unauthorized } from './failures.js';

/**
 * Kustom authentication: `Authorization: Basic <API key>` (the raw key) or
 * `Authorization: Basic base64(<username>:<password>)`. The tenant is the raw key, or the username.
 * Strict mode accepts only the credentials listed in the fixtures.
 *
 * @example
 * parseKustomCredential('Basic kco_test_api_demo'); // { tenant: 'kco_test_api_demo', secret: null }
 */
export interface KustomCredential {
  tenant: string;
  /** The password of the base64 form; null for a raw key. */
  secret: string | null;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const PRINTABLE = /^[\x21-\x7e]+$/;

export function parseKustomCredential(header: string | undefined): KustomCredential | null {
  const cred = readCredential(header);
  return cred && cred.tenant.length <= TENANT_MAX ? cred : null;
}

/** The credential a header names, whatever the length of its tenant. */
function readCredential(header: string | undefined): KustomCredential | null {
  if (!header) return null;
  const m = /^Basic\s+(\S+)\s*$/i.exec(header);
  if (!m?.[1]) return null;
  const token = m[1];
  if (BASE64.test(token) && token.length % 4 === 0) {
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0 && /^[\x20-\x7e]*$/.test(decoded)) {
      const user = decoded.slice(0, colon);
      const secret = decoded.slice(colon + 1);
      if (PRINTABLE.test(user)) return { tenant: user, secret };
    }
  }
  if (!PRINTABLE.test(token)) return null;
  return { tenant: token, secret: null };
}

export interface KustomAuthConfig {
  strict: boolean;
  /** Strict mode: raw keys that pass, and username → password pairs. */
  keys: Set<string>;
  users: Map<string, string>;
}

/** How many accepted Authorization headers `kustomAuth` remembers (then it starts over). */
const REMEMBERED = 1024;

/**
 * The tenant a request's credential names, or a thrown 401 (see serviceEdge's `authenticate`).
 * Accepted headers are remembered, so a client's repeated credential is one lookup rather than a parse
 * (and names its tenant by one string, which later lookups by tenant hash once).
 */
export function kustomAuth(config: KustomAuthConfig): (c: Context<SandboxEnv>) => string {
  const accepted = new Map<string, string>();
  return (c) => {
    const header = requestHeader(c, 'authorization');
    const known = header === undefined ? undefined : accepted.get(header);
    if (known !== undefined) return known;
    const cred = parseKustomCredential(header);
    if (!cred) {
      throw new KustomError(unauthorized(), header === undefined
        ? 'no Authorization header: send Authorization: Basic <API key> (the raw key, e.g. kco_test_api_...), or Basic base64(username:password)'
        : readCredential(header)
          ? `the API key or username is longer than ${TENANT_MAX} characters`
          : 'the Authorization header is not Basic <API key> or Basic base64(username:password)');
    }
    if (config.strict) {
      const allowed = cred.secret === null ? config.keys.has(cred.tenant) : config.users.get(cred.tenant) === cred.secret;
      if (!allowed) throw new KustomError(unauthorized(), `--strict: "${cred.tenant}" with this secret is not a merchant of fixtures/kustom.json`);
    }
    if (accepted.size >= REMEMBERED) accepted.clear();
    accepted.set(header as string, cred.tenant);
    return cred.tenant;
  };
}
