import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, onTestFinished, test } from 'vitest';
import { createSandbox, type SandboxOptions } from '../../src/index.js';

/**
 * The sandbox's own state (clock, receivers, scenarios and their counters) is kept in the data
 * directory: a second sandbox on the same directory finds it as the first left it. (The compiled
 * server's kill -9 case is test/e2e/state-restart.test.ts.)
 */
async function twice(opts: SandboxOptions = {}) {
  const data = await mkdtemp(join(tmpdir(), 'system-state-'));
  const open = async (more: SandboxOptions = {}) => {
    const sb = await createSandbox({ data, logLevel: 'silent', ...opts, ...more });
    onTestFinished(() => sb.close());
    return sb;
  };
  return { open };
}

test('a fixture\'s receiver removed at runtime stays removed; one set at runtime stays set', async () => {
  const { open } = await twice();
  const first = await open();
  const fixture = first.admin.webhooks.receivers().find((r) => r.url);
  const cleared = fixture ? { service: fixture.service, tenant: fixture.tenant } : null;
  if (cleared) await first.admin.webhooks.setReceiver({ ...cleared, url: null });
  await first.admin.webhooks.setReceiver({ service: 'khumbu', tenant: 'client-x', url: 'http://127.0.0.1:9/hooks' });
  await first.close();
  const second = await open();
  const now = second.admin.webhooks.receivers();
  expect(now).toContainEqual({ service: 'khumbu', tenant: 'client-x', url: 'http://127.0.0.1:9/hooks' });
  if (cleared) expect(now.find((r) => r.service === cleared.service && r.tenant === cleared.tenant)).toBeUndefined();
});

test('scenarios: a start file\'s scenario unloaded at runtime stays unloaded, arming and counters are kept, and --arm at start wins', async () => {
  const files = ['scenarios/kustom-capture-outage.yaml', 'scenarios/kustom-rate-limited.yaml'];
  const { open } = await twice({ scenarios: files });
  const first = await open();
  const names = first.admin.scenarios.list().map((s) => s.name);
  expect(names.length).toBe(2);
  const [outage, limited] = names as [string, string];
  await first.admin.scenarios.remove(limited);
  await first.admin.scenarios.add({ name: 'runtime-one', rules: [{ match: { service: 'kustom', operation: 'getOrder' }, times: 3, respond: { status: 503, error: 'TEMPORARILY_UNAVAILABLE' } }] });
  await first.admin.scenarios.setArmed('runtime-one', true);
  const { order_id } = await first.admin.kustom.createOrder('kco_test_api_demo', { order_amount: 1000 });
  const get = (sb: typeof first) => sb.request(`/ordermanagement/v1/orders/${order_id}`, { headers: { Authorization: 'Basic kco_test_api_demo' } });
  expect((await get(first)).status).toBe(503);
  await first.close();

  const second = await open();
  expect(second.admin.scenarios.list().map((s) => [s.name, s.armed])).toEqual([[outage, false], ['runtime-one', true]]);
  expect((await get(second)).status).toBe(503);
  expect((await get(second)).status).toBe(503);
  expect((await get(second)).status).toBe(200); // times: 3 in all, across the restart
  await second.close();

  const third = await open({ arm: [outage] });
  expect(third.admin.scenarios.list().find((s) => s.name === outage)?.armed).toBe(true);
});

test('the clock: frozen time and a tenant\'s offset are kept; a clock given at start wins over the kept one', async () => {
  const { open } = await twice();
  const first = await open();
  await first.admin.clock.set({ now: '2030-01-01T00:00:00.000Z', frozen: true });
  await first.admin.clock.advance({ seconds: 3600, service: 'oktopos', tenant: 'till-1' });
  await first.close();
  const second = await open();
  expect(second.admin.clock.get()).toEqual({ now: '2030-01-01T00:00:00.000Z', frozen: true, offsets: [{ scope: 'oktopos/till-1', seconds: 3600 }] });
  await second.close();
  const third = await open({ clock: { now: '2031-01-01T00:00:00.000Z', frozen: true } });
  expect(third.admin.clock.get().now).toBe('2031-01-01T00:00:00.000Z');
  expect(third.admin.clock.get().offsets).toEqual([{ scope: 'oktopos/till-1', seconds: 3600 }]);
});
