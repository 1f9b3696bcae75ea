import { expect, test } from 'vitest';
import { createSandbox } from '../../src/index.js';
import { createLogger } from '../../src/http/logger.js';

test('the logger writes one JSON object per line, only at or above its level', () => {
  const lines: string[] = [];
  const log = createLogger('warn', (l) => lines.push(l));
  log.info('hidden');
  log.warn('shown', { file: 'a.json', n: 2 });
  log.error('also shown');
  expect(lines).toHaveLength(2);
  expect(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
  expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 'warn', msg: 'shown', file: 'a.json', n: 2, time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  expect(createLogger('silent').enabled('error')).toBe(false);
  expect(createLogger('debug').enabled('debug')).toBe(true);
});

test('--log-level info: one structured line per API request with service, tenant, operation, status and error code; admin only at debug', async () => {
  const lines: string[] = [];
  const sb = await createSandbox({ logLevel: 'info', logWrite: (l) => lines.push(l) });
  await sb.request('/ordermanagement/v1/orders/0b1d8e3c-3f27-4f7e-9d5e-6b4a1f0c2a11', { headers: { Authorization: 'Basic log-merchant' } });
  await sb.request('/v1/order/ready', { headers: { 'X-API-KEY': 'okto_demo_key' } });
  await sb.request('/__admin/clock');
  const entries = lines.map((l) => JSON.parse(l));
  expect(entries).toHaveLength(2);
  expect(entries[0]).toMatchObject({ level: 'info', msg: 'request', method: 'GET', path: '/ordermanagement/v1/orders/0b1d8e3c-3f27-4f7e-9d5e-6b4a1f0c2a11', status: 404, service: 'kustom', tenant: 'log-merchant', operation: 'getOrder', errorCode: 'NO_SUCH_ORDER' });
  expect(typeof entries[0].ms).toBe('number');
  expect(entries[1]).toMatchObject({ service: 'oktopos', tenant: 'okto_demo_key', status: 200 });
  await sb.close();

  const debug: string[] = [];
  const sd = await createSandbox({ logLevel: 'debug', logWrite: (l) => debug.push(l) });
  await sd.request('/__admin/clock');
  expect(JSON.parse(debug[0] as string)).toMatchObject({ level: 'debug', path: '/__admin/clock', status: 200 });
  await sd.close();

  const quiet: string[] = [];
  const sq = await createSandbox({ logLevel: 'warn', logWrite: (l) => quiet.push(l) });
  await sq.request('/v1/order/ready', { headers: { 'X-API-KEY': 'okto_demo_key' } });
  expect(quiet).toEqual([]);
  await sq.close();
});

test('an unexpected exception is logged through the logger (not console) and the client gets the envelope', async () => {
  const lines: string[] = [];
  const sb = await createSandbox({ logLevel: 'error', logWrite: (l) => lines.push(l) });
  sb.app.get('/__admin/boom-test', () => {
    throw new Error('kaboom');
  });
  const res = await sb.request('/__admin/boom-test');
  expect(res.status).toBe(500);
  expect(await res.json()).toEqual({ error: { code: 'INTERNAL', message: 'Unexpected server error.' } });
  expect(lines.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ level: 'error', msg: 'unexpected error', path: '/__admin/boom-test', error: expect.stringContaining('kaboom') })]);
  await sb.close();
});
