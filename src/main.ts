#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseConfig, USAGE, isLoopback } from './config.js';
import { baseUrls, createSandbox } from './sandbox.js';
import { shownDataLocation } from './core/data-location.js';

/**
 * CLI and Docker entry: flags + env → createSandbox → serve; or `order-sandbox report …` (report-cli.ts).
 * No top-level await: the bin runs this bundled as a CommonJS script (cli.ts, scripts/bundle-cli.mjs).
 */
void main();

async function main(): Promise<void> {
  if (process.argv[2] === 'report') {
    const { runReport } = await import('./report-cli.js');
    const code = await runReport(process.argv.slice(3), process.env, { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) });
    await new Promise((done) => process.stdout.write('', done)); // all of the report written, even to a pipe
    process.exit(code);
  }
  const parsed = parseConfig(process.argv.slice(2), process.env);
  if (!parsed.ok) {
    process.stderr.write(`order-sandbox: ${parsed.error}\n\n${USAGE}`);
    process.exit(2);
  }
  const cfg = parsed.config;
  if (cfg.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  if (cfg.version) {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    process.exit(0);
  }

  try {
    const tls = cfg.tlsCert && cfg.tlsKey ? { cert: await readTls(cfg.tlsCert, 'certificate'), key: await readTls(cfg.tlsKey, 'key') } : undefined;
    const sandbox = await createSandbox({ data: cfg.data, seed: cfg.seed, strict: cfg.strict, adminToken: cfg.adminToken, logLevel: cfg.logLevel, scenarios: cfg.scenarios, arm: cfg.arm, residency: { maxTenants: cfg.residentTenants, idleSeconds: cfg.evictIdleSeconds }, ...(tls ? { tls } : {}) });
    const { url } = await sandbox.listen(cfg.port, cfg.host, { releaseIdleMemory: true });
    const secure = cfg.httpsPort === undefined ? null : await sandbox.listen(cfg.httpsPort, cfg.host, { https: true });
    const ca = secure ? await sandbox.ca() : null;
    const urls = baseUrls(url);
    const secureUrls = secure ? baseUrls(secure.url) : null;
    const say = (s: string) => cfg.logLevel !== 'silent' && process.stdout.write(`${s}\n`);
    const loaded = sandbox.admin.scenarios.list();
    say([
      `Order Sandbox listening on ${url} (data: ${shownDataLocation(cfg.data)}${cfg.strict ? ', strict' : ''})`,
      `  Kustom   ${urls.apis.kustom.baseUrl}   (OpenAPI ${urls.apis.kustom.openapi})`,
      `  Khumbu   ${urls.apis.khumbu.baseUrl}   (token ${urls.apis.khumbu.tokenUrl}, OpenAPI ${urls.apis.khumbu.openapi})`,
      `  OktoPOS  ${urls.apis.oktopos.baseUrl}   (OpenAPI ${urls.apis.oktopos.openapi})`,
      `  Admin    ${urls.admin.baseUrl}   (OpenAPI ${urls.admin.openapi})`,
      ...(loaded.length ? [`  Scenarios: ${loaded.map((s) => `${s.name}${s.armed ? ' (armed)' : ''}`).join(', ')}   (a request names one in X-Sandbox-Scenario; armed ones apply to everyone)`] : []),
      `  Dashboard ${urls.dashboard}   (orders, journal, webhooks, scenarios, clock)`,
      `  Docs     ${urls.docs}   (interactive reference of every API)`,
      ...(secureUrls ? [
        `HTTPS on ${secure!.url} (${ca ? `sandbox CA ${ca.file ?? 'in memory'}, also at ${urls.admin.baseUrl}/tls/ca.pem; trust it with NODE_EXTRA_CA_CERTS or curl --cacert` : `certificate ${cfg.tlsCert}`})`,
        `  Kustom   ${secureUrls.apis.kustom.baseUrl}`,
        `  Khumbu   ${secureUrls.apis.khumbu.baseUrl}   (token ${secureUrls.apis.khumbu.tokenUrl})`,
        `  OktoPOS  ${secureUrls.apis.oktopos.baseUrl}`,
      ] : []),
    ].join('\n'));
    if (!isLoopback(cfg.host) && !cfg.adminToken) {
      process.stderr.write(`WARNING: bound to ${cfg.host} without --admin-token: anyone who can reach this port can reset data and move the clock.\n`);
    }
    const stop = async (signal: string) => {
      say(`${signal}: stopping (flushing data)…`);
      await sandbox.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  } catch (e) {
    process.stderr.write(`order-sandbox: could not start: ${startError(e, cfg.host, cfg.httpsPort !== undefined)}\n`);
    process.exit(1);
  }
}

/** Why the start failed, with what to do about it where there is something to do. */
function startError(e: unknown, host: string, https: boolean): string {
  const err = e as NodeJS.ErrnoException & { port?: number; address?: string };
  if (err.code === 'EADDRINUSE') return `${err.address ?? host}:${err.port} is already in use. Stop what uses it, or choose another port: --port N (--port 0 takes any free port${https ? '; --https-port likewise' : ''}).`;
  if (err.code === 'EACCES' && err.port !== undefined) return `port ${err.port} on ${err.address ?? host} needs privileges (ports below 1024): run as root or with CAP_NET_BIND_SERVICE, or choose a port from 1024 up.`;
  if (err.code === 'EADDRNOTAVAIL') return `${err.address ?? host} is not an address of this machine: use --host 127.0.0.1, or 0.0.0.0 for every interface.`;
  return e instanceof Error ? e.message : String(e);
}

async function readTls(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read the TLS ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}
