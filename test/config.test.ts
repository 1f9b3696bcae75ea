import { expect, test } from 'vitest';
import { isLoopback, parseConfig } from '../src/config.js';

test('defaults: port 4010, host 127.0.0.1, data ./data', () => {
  const r = parseConfig([], {});
  expect(r.ok && r.config).toMatchObject({ port: 4010, host: '127.0.0.1', data: './data', seed: 1, strict: false, logLevel: 'info' });
});

test('env equivalents, and flags win over env; a flag given twice: the last wins', () => {
  const env = { PORT: '5000', SANDBOX_DATA: '/var/data', SANDBOX_STRICT: 'true', SANDBOX_ADMIN_TOKEN: 'tok', SANDBOX_SEED: '9', SANDBOX_LOG_LEVEL: 'warn', HOST: '0.0.0.0' };
  const r = parseConfig(['--port', '6000', '--port=7000', '--data', ':memory:'], env);
  expect(r.ok && r.config).toMatchObject({ port: 7000, data: ':memory:', strict: true, adminToken: 'tok', seed: 9, logLevel: 'warn', host: '0.0.0.0' });
});

test('bad flags are refused with a message saying what to send', () => {
  expect(parseConfig(['--port', 'abc'], {})).toMatchObject({ ok: false, error: expect.stringContaining('0 to 65535') });
  expect(parseConfig(['--nope'], {})).toMatchObject({ ok: false, error: 'Unknown option --nope.' });
  expect(parseConfig(['--data'], {})).toMatchObject({ ok: false, error: 'Option --data needs a value.' });
  expect(parseConfig(['--log-level', 'loud'], {})).toMatchObject({ ok: false });
  expect(parseConfig(['stray'], {})).toMatchObject({ ok: false });
});

test('loopback detection for the admin-token warning', () => {
  expect(['127.0.0.1', 'localhost', '::1'].every(isLoopback)).toBe(true);
  expect(['0.0.0.0', '10.0.0.5'].some(isLoopback)).toBe(false);
});

test('--scenario repeats; SANDBOX_SCENARIOS is comma-separated and flags replace it', () => {
  const r = parseConfig(['--scenario', 'a.yaml', '--scenario=dir/'], { SANDBOX_SCENARIOS: 'x.yaml,y.yaml' });
  expect(r.ok && r.config.scenarios).toEqual(['a.yaml', 'dir/']);
  const e = parseConfig([], { SANDBOX_SCENARIOS: 'x.yaml, y.yaml' });
  expect(e.ok && e.config.scenarios).toEqual(['x.yaml', 'y.yaml']);
});

test('--https-port (env HTTPS_PORT) turns HTTPS on; --tls-cert and --tls-key (env SANDBOX_TLS_*) go together and need it', () => {
  expect(parseConfig([], {})).toMatchObject({ ok: true, config: { httpsPort: undefined, tlsCert: undefined, tlsKey: undefined } });
  expect(parseConfig(['--https-port', '8443'], {})).toMatchObject({ ok: true, config: { httpsPort: 8443 } });
  expect(parseConfig([], { HTTPS_PORT: '0' })).toMatchObject({ ok: true, config: { httpsPort: 0 } });
  expect(parseConfig(['--https-port=9443'], { HTTPS_PORT: '8443', SANDBOX_TLS_CERT: 'c.pem', SANDBOX_TLS_KEY: 'k.pem' }))
    .toMatchObject({ ok: true, config: { httpsPort: 9443, tlsCert: 'c.pem', tlsKey: 'k.pem' } });
  expect(parseConfig(['--https-port', 'x'], {})).toMatchObject({ ok: false, error: expect.stringContaining('Invalid HTTPS port "x"') });
  expect(parseConfig(['--https-port', '443', '--tls-cert', 'c.pem'], {})).toMatchObject({ ok: false, error: expect.stringContaining('go together') });
  expect(parseConfig(['--tls-cert', 'c.pem', '--tls-key', 'k.pem'], {})).toMatchObject({ ok: false, error: expect.stringContaining('give --https-port too') });
});

test('--arm repeats; SANDBOX_ARM is comma-separated and flags replace it', () => {
  expect(parseConfig([], {})).toMatchObject({ ok: true, config: { arm: [] } });
  expect(parseConfig(['--arm', 'a', '--arm=b'], { SANDBOX_ARM: 'x, y' })).toMatchObject({ ok: true, config: { arm: ['a', 'b'] } });
  expect(parseConfig([], { SANDBOX_ARM: 'x, y' })).toMatchObject({ ok: true, config: { arm: ['x', 'y'] } });
  expect(parseConfig(['--arm'], {})).toMatchObject({ ok: false, error: 'Option --arm needs a value.' });
});

test('run through npm without --, an option\'s value arrives alone: the message says how to write it', () => {
  const npm = { npm_lifecycle_event: 'start', npm_config_port: 'true' };
  expect(parseConfig(['4013'], npm)).toEqual({ ok: false, error: 'Unexpected argument "4013". Options start with --. Through npm, put -- before the sandbox\'s options, or npm keeps them for itself: npm start -- --port 4013' });
  expect(parseConfig(['4013'], {})).toEqual({ ok: false, error: 'Unexpected argument "4013". Options start with --.' });
});

test('residency: --resident-tenants and --evict-idle (env SANDBOX_RESIDENT_TENANTS, SANDBOX_EVICT_IDLE), defaults 64 and 120 s', () => {
  expect(parseConfig([], {})).toMatchObject({ ok: true, config: { residentTenants: 64, evictIdleSeconds: 120 } });
  expect(parseConfig(['--resident-tenants', '500'], { SANDBOX_RESIDENT_TENANTS: '8', SANDBOX_EVICT_IDLE: '30' })).toMatchObject({ ok: true, config: { residentTenants: 500, evictIdleSeconds: 30 } });
  expect(parseConfig(['--resident-tenants', '0'], {})).toMatchObject({ ok: false, error: expect.stringContaining('--resident-tenants') });
  expect(parseConfig(['--evict-idle', 'soon'], {})).toMatchObject({ ok: false, error: expect.stringContaining('--evict-idle') });
});
