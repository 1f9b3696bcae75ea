import { randomUUID } from 'node:crypto';
import type { ClockState } from './core/clock.js';
import type { Delivery } from './core/delivery.js';
import type { JournalEntry, JournalQuery } from './core/journal.js';
import type { ReadinessReport } from './core/readiness/report.js';
import { createSandbox, type Listening, type Sandbox, type SandboxOptions } from './sandbox.js';

/**
 * `order-sandbox/testing`: a sandbox for a test suite, in-process or on a free port, with fresh tenant
 * keys per test so tests never see each other's orders, and one-line time travel.
 *
 * @example
 * import { startSandbox } from 'order-sandbox/testing';
 * const sb = await startSandbox();                 // in-process; { port: 0 } for a real free port
 * const t = sb.tenant();                           // fresh keys for all three APIs
 * await sb.fetch('/v1/order/ready', { headers: t.oktopos.headers });
 * await sb.advance('28d');                         // authorizations expire, kitchens finish, webhooks retry
 * sb.webhooks({ service: 'khumbu' });              // what was sent, with every attempt
 * await sb.close();
 */
export interface StartOptions extends SandboxOptions {
  /** Serve on 127.0.0.1: a port number, or 0 / true for any free port. Default: in-process only (no port). */
  port?: number | boolean;
}

/** Credentials of one fresh tenant in each API (any well-formed credential is a tenant unless strict). */
export interface TenantKeys {
  id: string;
  kustom: { key: string; headers: { Authorization: string } };
  khumbu: { clientId: string; clientSecret: string; apiKey: string; headers(): Promise<Record<string, string>> };
  oktopos: { apiKey: string; headers: { 'X-API-KEY': string } };
}

export interface TestSandbox {
  /** Base URL of every API: `http://localhost` in-process (use {@link TestSandbox.fetch}), or the real port. */
  url: string;
  /** The sandbox itself: `admin` (in-process admin API), `request`, `app`. */
  sandbox: Sandbox;
  /** A request to a path of the sandbox (in-process, or over the port when serving). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Fresh keys for the three APIs; `prefix` makes them easy to spot in the journal. */
  tenant(prefix?: string): TenantKeys;
  /** Moves sandbox time forward ('90s', '15m', '1h', '28d', '1h30m', or seconds) and fires what became due. */
  advance(duration: string | number, scope?: { service?: string; tenant?: string }): Promise<ClockState>;
  /** Webhook deliveries, newest first, with all their attempts. */
  webhooks(filter?: { service?: string; tenant?: string; kind?: string }): Delivery[];
  /** Requests the sandbox answered, newest first. */
  journal(filter?: JournalQuery): JournalEntry[];
  /** A tenant's go-live readiness report: coverage of the API and checks of the integration's behaviour (README, "Go-live readiness"). */
  report(q: { service: string; tenant: string }): Promise<ReadinessReport>;
  /** Restores the seed (all, a service, or one tenant). */
  reset(scope?: { service?: string; tenant?: string }): Promise<void>;
  close(): Promise<void>;
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * Seconds in a duration: a number of seconds, or units `s`, `m`, `h`, `d`, `w` added together.
 *
 * @example
 * parseDuration('1h30m'); // 5400
 */
export function parseDuration(d: string | number): number {
  if (typeof d === 'number') {
    if (!(d > 0) || !Number.isFinite(d)) throw new RangeError(`Invalid duration ${d}: use a positive number of seconds.`);
    return d;
  }
  const text = d.trim();
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)\s*([smhdw])/g)];
  const consumed = parts.map((p) => p[0]).join('');
  if (!parts.length || consumed.replace(/\s/g, '') !== text.replace(/\s/g, '')) {
    throw new RangeError(`Invalid duration "${d}": use e.g. 90s, 15m, 1h, 28d or 1h30m.`);
  }
  const seconds = parts.reduce((sum, [, n, unit]) => sum + Number(n) * (UNITS[unit as string] ?? 0), 0);
  if (!(seconds > 0)) throw new RangeError(`Invalid duration "${d}": it must be longer than zero.`);
  return seconds;
}

export async function startSandbox(options: StartOptions = {}): Promise<TestSandbox> {
  const { port, ...sandboxOptions } = options;
  const sandbox = await createSandbox({ logLevel: 'silent', ...sandboxOptions });
  let listening: Listening | undefined;
  if (port !== undefined && port !== false) listening = await sandbox.listen(port === true ? 0 : port);
  const url = listening?.url ?? 'http://localhost';
  const send = (path: string, init?: RequestInit) => (listening ? fetch(`${url}${path}`, init) : sandbox.request(path, init));

  return {
    url,
    sandbox,
    fetch: send,
    tenant(prefix = 't') {
      const id = `${prefix}-${randomUUID().slice(0, 8)}`;
      let cached: { token: string; renewAt: number } | undefined;
      const khumbu = {
        clientId: `${id}-client`,
        clientSecret: `${id}-secret`,
        apiKey: `${id}-api-key`,
        /**
         * Authorization and x-api-key. The token (POST /oauth2/token, valid 3600 s of sandbox time) is reused
         * until 5 minutes before it expires, as a well-behaved client does (the readiness report checks it).
         */
        async headers(): Promise<Record<string, string>> {
          if (cached && sandbox.admin.clock.at('khumbu', khumbu.clientId) < cached.renewAt) return { Authorization: `Bearer ${cached.token}`, 'x-api-key': khumbu.apiKey };
          const res = await send('/oauth2/token', {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ grant_type: 'client_credentials', client_id: khumbu.clientId, client_secret: khumbu.clientSecret }).toString(),
          });
          if (res.status !== 200) throw new Error(`Khumbu token: ${res.status} ${await res.text()}`);
          const { access_token, expires_in } = (await res.json()) as { access_token: string; expires_in: number };
          cached = { token: access_token, renewAt: sandbox.admin.clock.at('khumbu', khumbu.clientId) + (expires_in - 300) * 1000 };
          return { Authorization: `Bearer ${access_token}`, 'x-api-key': khumbu.apiKey };
        },
      };
      return {
        id,
        kustom: { key: `${id}-merchant`, headers: { Authorization: `Basic ${id}-merchant` } },
        khumbu,
        oktopos: { apiKey: `${id}-till`, headers: { 'X-API-KEY': `${id}-till` } },
      };
    },
    advance: async (duration, scope = {}) => sandbox.admin.clock.advance({ seconds: parseDuration(duration), ...scope }),
    webhooks: (filter = {}) => sandbox.admin.webhooks.list(filter),
    journal: (filter = {}) => sandbox.admin.journal.list(filter),
    report: (q) => sandbox.admin.report(q),
    async reset(scope = {}) {
      await sandbox.admin.reset(scope);
    },
    async close() {
      await listening?.close();
      await sandbox.close();
    },
  };
}
