import { expect, test } from 'vitest';
import { DEMO, makeApi } from '../helpers/sandbox.js';

/** Reset gives the same demo data, at the current time, every time, whatever the clock did before. */
const days = (n: number) => n * 86_400;
type Demo = { order_id: string; status: string; created_at: string; expires_at: string }[];

/** The demo orders as ages in seconds (before `now`, and until expiry), which a reseed at the current time keeps. */
const ages = (orders: Demo, now: number) => orders.map((o) => ({ id: o.order_id, status: o.status, age: (now - Date.parse(o.created_at)) / 1000, left: (Date.parse(o.expires_at) - now) / 1000 }));
/** The same orders, statuses and ages, give or take the few seconds the test itself took. */
function expectSameDemo(after: ReturnType<typeof ages>, before: ReturnType<typeof ages>): void {
  expect(after.map((o) => [o.id, o.status])).toEqual(before.map((o) => [o.id, o.status]));
  after.forEach((o, i) => {
    expect(Math.abs(o.age - before[i]!.age), o.id).toBeLessThan(5);
    expect(Math.abs(o.left - before[i]!.left), o.id).toBeLessThan(5);
  });
}
const nowOf = async (api: Awaited<ReturnType<typeof makeApi>>) => Date.parse((await (await api.admin('GET', '/__admin/clock')).json()).now);

test('after the clock moved 28 days, a reset re-creates the same demo at the current time: advancing again expires the authorizations', async () => {
  const api = await makeApi();
  const before = ages(await api.sb.admin.kustom.listOrders(DEMO), await nowOf(api));
  await api.admin('POST', '/__admin/clock/advance', { seconds: days(28) });
  await api.admin('POST', '/__admin/reset', {});
  const now = await nowOf(api);
  expect(Math.abs(now - Date.now())).toBeLessThan(60_000); // the clock is back at real time
  const orders = await api.sb.admin.kustom.listOrders(DEMO);
  expectSameDemo(ages(orders, now), before);
  for (const o of orders) expect(Date.parse(o.created_at)).toBeLessThanOrEqual(now);
  const authorized = orders.filter((o) => o.status === 'AUTHORIZED').map((o) => o.order_id);
  expect(authorized.length).toBeGreaterThan(0);
  await api.admin('POST', '/__admin/clock/advance', { seconds: days(29) });
  const later = await api.sb.admin.kustom.listOrders(DEMO);
  expect(later.filter((o) => authorized.includes(o.order_id)).map((o) => o.status)).toEqual(authorized.map(() => 'EXPIRED'));
});

test('a reset of one tenant or one service after its own clock moved seeds it at its current time too', async () => {
  const api = await makeApi();
  const before = ages(await api.sb.admin.kustom.listOrders(DEMO), await nowOf(api));
  await api.admin('POST', '/__admin/clock/advance', { seconds: days(10), service: 'kustom', tenant: DEMO });
  await api.admin('POST', '/__admin/reset', { tenant: DEMO });
  expectSameDemo(ages(await api.sb.admin.kustom.listOrders(DEMO), await nowOf(api)), before);
  await api.admin('POST', '/__admin/clock/advance', { seconds: days(10), service: 'kustom' });
  await api.admin('POST', '/__admin/reset', { service: 'kustom' });
  expectSameDemo(ages(await api.sb.admin.kustom.listOrders(DEMO), await nowOf(api)), before);
});

test('the test helper\'s reset does the same', async () => {
  const { startSandbox } = await import('../../src/testing.js');
  const sb = await startSandbox();
  try {
    const now = () => Date.parse(sb.sandbox.admin.clock.get().now);
    const before = ages(await sb.sandbox.admin.kustom.listOrders(DEMO), now());
    await sb.advance('28d');
    await sb.reset();
    expectSameDemo(ages(await sb.sandbox.admin.kustom.listOrders(DEMO), now()), before);
  } finally {
    await sb.close();
  }
});
