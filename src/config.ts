import { isLogLevel, type LogLevel } from './http/logger.js';

/**
 * Command-line flags and environment variables → server configuration. Flags win over env; a flag
 * given twice: the last wins.
 *
 * | flag | env | default |
 * |---|---|---|
 * | --port N | PORT | 4010 |
 * | --host H | HOST | 127.0.0.1 |
 * | --data DIR\|:memory:\|postgres://… | SANDBOX_DATA | ./data |
 * | --seed N | SANDBOX_SEED | 1 |
 * | --strict | SANDBOX_STRICT=true | off |
 * | --admin-token T | SANDBOX_ADMIN_TOKEN | none |
 * | --log-level L | SANDBOX_LOG_LEVEL | info |
 * | --scenario PATH (repeatable) | SANDBOX_SCENARIOS (comma-separated) | none |
 * | --arm NAME (repeatable) | SANDBOX_ARM (comma-separated) | none |
 * | --https-port N | HTTPS_PORT | none (no HTTPS) |
 * | --tls-cert FILE, --tls-key FILE | SANDBOX_TLS_CERT, SANDBOX_TLS_KEY | a sandbox CA's certificate for localhost |
 * | --resident-tenants N | SANDBOX_RESIDENT_TENANTS | 64 |
 * | --evict-idle S | SANDBOX_EVICT_IDLE | 120 |
 *
 * @example
 * parseConfig(['--port', '5000', '--strict'], {}); // { ok: true, config: { port: 5000, strict: true, … } }
 */
export interface ServerConfig {
  port: number;
  host: string;
  data: string;
  seed: number;
  strict: boolean;
  adminToken: string | undefined;
  logLevel: LogLevel;
  /** Scenario files or directories, in order (the flag repeats; env SANDBOX_SCENARIOS is comma-separated). */
  scenarios: string[];
  /** Loaded scenarios to arm at start (and again at every full reset), for everyone. */
  arm: string[];
  /** Also serve HTTPS on this port (0 = any free port); undefined: HTTP only. */
  httpsPort: number | undefined;
  /** The user's own certificate and key files for HTTPS (both or neither). */
  tlsCert: string | undefined;
  tlsKey: string | undefined;
  /** Tenants kept in memory at most, and seconds of idleness before one leaves (with a data directory). */
  residentTenants: number;
  evictIdleSeconds: number;
  help: boolean;
  version: boolean;
}

export type ParseResult = { ok: true; config: ServerConfig } | { ok: false; error: string };

export const USAGE = `Usage: order-sandbox [options]

  --port N            port to listen on (env PORT, default 4010)
  --host H            address to bind (env HOST, default 127.0.0.1)
  --data DIR          data directory, :memory: to keep nothing, or a postgres:// URL to keep state in
                      PostgreSQL (env SANDBOX_DATA, default ./data; PGSSLMODE etc. honoured)
  --seed N            seed for faker-filled data (env SANDBOX_SEED, default 1)
  --strict            accept only the fixtures' credentials (env SANDBOX_STRICT=true)
  --admin-token T     require "Authorization: Bearer T" on /__admin (env SANDBOX_ADMIN_TOKEN)
  --log-level L       debug | info | warn | error | silent (env SANDBOX_LOG_LEVEL, default info)
  --scenario PATH     scenario file or directory (YAML/JSON), repeatable (env SANDBOX_SCENARIOS, comma-separated);
                      loading is not arming: a request names a scenario in X-Sandbox-Scenario
  --arm NAME          arm a loaded scenario for everyone from the start, repeatable (env SANDBOX_ARM, comma-separated)
  --https-port N      also serve HTTPS on this port (env HTTPS_PORT), with a certificate for localhost and
                      127.0.0.1 from a sandbox CA kept in the data directory (DIR/tls/ca.pem)
  --tls-cert FILE     serve HTTPS with this certificate (PEM, chain) instead (env SANDBOX_TLS_CERT)
  --tls-key FILE      and this key (PEM) (env SANDBOX_TLS_KEY)
  --resident-tenants N  keep at most N tenants in memory; the least recently used others are loaded again
                      from the data directory on their next request (env SANDBOX_RESIDENT_TENANTS, default 64)
  --evict-idle S      a tenant unused for S seconds leaves memory (env SANDBOX_EVICT_IDLE, default 120)
  --help, --version

       order-sandbox report --tenant T [--url U] [--format json|junit|markdown] [--require must]
                      a tenant's go-live readiness report from a running sandbox (report --help)
`;

const VALUE_FLAGS = new Set(['port', 'host', 'data', 'seed', 'admin-token', 'log-level', 'scenario', 'arm', 'https-port', 'tls-cert', 'tls-key', 'resident-tenants', 'evict-idle']);
const BOOL_FLAGS = new Set(['strict', 'help', 'version']);

function truthy(v: string | undefined): boolean {
  return v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());
}

export function parseConfig(argv: readonly string[], env: Record<string, string | undefined>): ParseResult {
  const raw: Record<string, string | undefined> = {
    port: env['PORT'],
    host: env['HOST'],
    data: env['SANDBOX_DATA'],
    seed: env['SANDBOX_SEED'],
    'admin-token': env['SANDBOX_ADMIN_TOKEN'],
    'log-level': env['SANDBOX_LOG_LEVEL'],
    'https-port': env['HTTPS_PORT'],
    'tls-cert': env['SANDBOX_TLS_CERT'],
    'tls-key': env['SANDBOX_TLS_KEY'],
    'resident-tenants': env['SANDBOX_RESIDENT_TENANTS'],
    'evict-idle': env['SANDBOX_EVICT_IDLE'],
  };
  const flags: Record<string, boolean> = { strict: truthy(env['SANDBOX_STRICT']), help: false, version: false };
  const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const envScenarios = list(env['SANDBOX_SCENARIOS']);
  const flagScenarios: string[] = [];
  const flagArm: string[] = [];

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) return { ok: false, error: unexpected(arg, env) };
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (BOOL_FLAGS.has(name)) {
      flags[name] = eq === -1 ? true : truthy(arg.slice(eq + 1));
      continue;
    }
    if (!VALUE_FLAGS.has(name)) return { ok: false, error: `Unknown option --${name}.` };
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith('--'))) return { ok: false, error: `Option --${name} needs a value.` };
    if (name === 'scenario') flagScenarios.push(value);
    else if (name === 'arm') flagArm.push(value);
    else raw[name] = value;
  }

  const port = Number(raw['port'] ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return { ok: false, error: `Invalid port "${raw['port']}": use a number from 0 to 65535.` };
  const seed = Number(raw['seed'] ?? 1);
  if (!Number.isSafeInteger(seed)) return { ok: false, error: `Invalid seed "${raw['seed']}": use an integer.` };
  const logLevel = raw['log-level'] ?? 'info';
  if (!isLogLevel(logLevel)) return { ok: false, error: `Invalid log level "${logLevel}": use debug, info, warn, error or silent.` };
  const data = raw['data'] ?? './data';
  if (data.trim() === '') return { ok: false, error: 'Invalid data directory "": use a path, :memory:, or a postgres:// URL.' };
  const adminToken = raw['admin-token'] || undefined;
  const httpsRaw = raw['https-port'];
  const httpsPort = httpsRaw === undefined || httpsRaw === '' ? undefined : Number(httpsRaw);
  if (httpsPort !== undefined && (!Number.isInteger(httpsPort) || httpsPort < 0 || httpsPort > 65535)) return { ok: false, error: `Invalid HTTPS port "${httpsRaw}": use a number from 0 to 65535.` };
  const tlsCert = raw['tls-cert'] || undefined;
  const tlsKey = raw['tls-key'] || undefined;
  if (!tlsCert !== !tlsKey) return { ok: false, error: `--tls-cert and --tls-key go together: give both files (the certificate and its key), or neither for the sandbox CA.` };
  const residentTenants = Number(raw['resident-tenants'] || 64);
  if (!Number.isSafeInteger(residentTenants) || residentTenants < 1) return { ok: false, error: `Invalid --resident-tenants "${raw['resident-tenants']}": use a whole number of tenants, 1 or more.` };
  const evictIdleSeconds = Number(raw['evict-idle'] || 120);
  if (!Number.isFinite(evictIdleSeconds) || evictIdleSeconds < 1) return { ok: false, error: `Invalid --evict-idle "${raw['evict-idle']}": use a number of seconds, 1 or more.` };
  if (tlsCert && httpsPort === undefined) return { ok: false, error: '--tls-cert and --tls-key are for HTTPS: give --https-port too.' };

  return {
    ok: true,
    config: {
      port, host: raw['host'] || '127.0.0.1', data, seed, logLevel, adminToken,
      scenarios: flagScenarios.length ? flagScenarios : envScenarios,
      arm: flagArm.length ? flagArm : list(env['SANDBOX_ARM']),
      httpsPort, tlsCert, tlsKey, residentTenants, evictIdleSeconds,
      strict: flags['strict'] ?? false, help: flags['help'] ?? false, version: flags['version'] ?? false,
    },
  };
}

/**
 * An argument that is not an option. Run through npm without `--` (`npm start --port 4013`), npm takes
 * the option for itself (as `npm_config_port`) and hands over only its value: say how to write it.
 */
function unexpected(arg: string, env: Record<string, string | undefined>): string {
  const base = `Unexpected argument "${arg}". Options start with --.`;
  if (!env['npm_lifecycle_event']) return base;
  const npmValue = (f: string) => env[`npm_config_${f.replace(/-/g, '_')}`];
  const taken = [...VALUE_FLAGS, ...BOOL_FLAGS].filter((f) => npmValue(f) !== undefined);
  // npm read `--port 4013` as a switch (npm_config_port=true) and left 4013 over: that is the value.
  const value = (f: string) => (npmValue(f) === 'true' ? arg : npmValue(f));
  const example = taken.length ? taken.map((f) => `--${f}${VALUE_FLAGS.has(f) ? ` ${value(f)}` : ''}`).join(' ') : '--port 5000';
  return `${base} Through npm, put -- before the sandbox's options, or npm keeps them for itself: npm ${env['npm_lifecycle_event']} -- ${example}`;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/i;
export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}
