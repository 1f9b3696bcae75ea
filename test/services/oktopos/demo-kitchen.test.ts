import { expect, test } from 'vitest';
import { DEFAULT_FIXTURES_DIR } from '../../../src/sandbox.js';
import { demoOrders, loadOktoFixtures } from '../../../src/services/oktopos/fixtures.js';
import { nextDueAt, settle } from '../../../src/services/oktopos/kitchen.js';
import { createOrder, KEY } from '../../helpers/oktopos.js';
import { makeApi } from '../../helpers/sandbox.js';

/** The demo till's orders in a kitchen step move on with the sandbox clock, exactly as orders sent through the API do. */
const T0 = Date.parse('2026-06-01T12:00:00.000Z');
const MIN = 60_000;
const KITCHEN = ['new', 'accepted', 'in_preparation'];

test('in the fixtures: the demo orders in new, accepted and in_preparation are on the kitchen\'s clock and ready one preparation time later', () => {
  const fx = loadOktoFixtures(DEFAULT_FIXTURES_DIR);
  for (const prepMs of [15 * MIN, 60 * MIN]) {
    const orders = demoOrders(fx, 1, T0, 1001, prepMs);
    const cooking = orders.filter((o) => KITCHEN.includes(o.status));
    expect(cooking.map((o) => o.status)).toEqual(['in_preparation', 'accepted', 'new']);
    for (const o of cooking) {
      expect(o.kitchen).toMatchObject({ prepMs, from: 'new' });
      expect(nextDueAt(o)).toBeGreaterThan(T0);
      const later = settle(o, T0 + prepMs);
      expect(later.status).toBe('ready');
      expect(later.history.at(-1)).toMatchObject({ status: 'ready', source: 'kitchen' });
    }
    // The others are done with the kitchen: nothing moves them.
    expect(orders.filter((o) => !KITCHEN.includes(o.status)).map(nextDueAt)).toEqual([null, null, null, null, null, null]);
  }
});

test('on the sandbox clock: the demo till\'s new, accepted and in_preparation orders advance like an order made through the API, and end up in order/ready', async () => {
  const api = await makeApi();
  const statuses = async () => Object.fromEntries((await api.sb.admin.oktopos.listOrders(KEY)).map((o) => [o.orderId, o.status]));
  const before = await statuses();
  const demo = (status: string) => Object.keys(before).find((id) => before[id] === status) as string;
  const [isNew, isAccepted, isCooking] = [demo('new'), demo('accepted'), demo('in_preparation')];
  expect([isNew, isAccepted, isCooking].every(Boolean)).toBe(true);
  const viaApi = await createOrder(api);
  const apiOrderId = (await api.sb.admin.oktopos.getOrder(KEY, viaApi)).orderId;

  await api.sb.admin.clock.advance({ seconds: 90 });
  const after90 = await statuses();
  expect([after90[isNew], after90[isAccepted], after90[isCooking], after90[apiOrderId]]).toEqual(['accepted', 'in_preparation', 'in_preparation', 'accepted']);

  await api.sb.admin.clock.advance({ seconds: 15 * 60 });
  const after = await statuses();
  expect([after[isNew], after[isAccepted], after[isCooking], after[apiOrderId]]).toEqual(['ready', 'ready', 'ready', 'ready']);
  const ready = (await (await api.send('oktopos', 'GET', '/v1/order/ready', { headers: { 'X-API-KEY': KEY } })).json()) as { orderId: string }[];
  expect(ready.map((o) => o.orderId)).toEqual(expect.arrayContaining([isNew, isAccepted, isCooking, apiOrderId]));
  const history = (await api.sb.admin.oktopos.listOrders(KEY)).find((o) => o.orderId === isNew)?.history.map((h) => `${h.status}/${h.source}`);
  expect(history).toEqual(['new/create', 'accepted/kitchen', 'in_preparation/kitchen', 'ready/kitchen']);
});
