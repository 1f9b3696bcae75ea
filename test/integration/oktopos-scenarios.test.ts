import { expect, test } from 'vitest';
import { createOrder, message, okto, orderBody } from '../helpers/oktopos.js';
import { makeApi, type Api } from '../helpers/sandbox.js';

/** The shipped OktoPOS scenario files, each through HTTP with its documented effect. */
const TILL = 'till-scn';
const readyIds = async (api: Api) => ((await (await okto(api, 'GET', '/v1/order/ready', { key: TILL })).json()) as { internalId: number }[]).map((o) => o.internalId);
const statusOf = async (api: Api, id: number) => (await api.sb.admin.oktopos.getOrder(TILL, id)).status;

test('oktopos-kitchen-stalls: new orders never become ready on their own; a status the client sets still works', async () => {
  const api = await makeApi({ scenarios: ['scenarios/oktopos-kitchen-stalls.yaml'], arm: ['oktopos-kitchen-stalls'] });
  const id = await createOrder(api, {}, TILL);
  await api.sb.admin.clock.advance({ seconds: 3600 });
  expect(await statusOf(api, id)).toBe('new');
  expect(await readyIds(api)).toEqual([]);
  expect((await okto(api, 'POST', '/v1/order/status', { key: TILL, body: { orderId: id, status: 'ready' } })).status).toBe(200);
  expect(await readyIds(api)).toEqual([id]);
  expect(api.sb.admin.journal.list({ operation: 'createOrder', service: 'oktopos' })[0]?.scenario).toBe('oktopos-kitchen-stalls#1');
});

test('a kitchen outcome with prepMinutes: that order takes its own time, others the till\'s', async () => {
  const api = await makeApi();
  await api.admin('POST', '/__admin/scenarios', { name: 'quick', rules: [{ match: { service: 'oktopos', operation: 'createOrder', body: { orderId: { regex: '^quick-' } } }, kitchen: { prepMinutes: 2 } }] });
  const quick = await createOrder(api, { orderId: 'quick-1' }, TILL);
  const usual = await createOrder(api, {}, TILL);
  await api.sb.admin.clock.advance({ seconds: 120 });
  expect(await readyIds(api)).toEqual([quick]);
  await api.sb.admin.clock.advance({ seconds: 15 * 60 });
  expect((await readyIds(api)).sort()).toEqual([quick, usual].sort());
});

test('oktopos-slow-ready-list: the ready list is held 2 to 3 s', async () => {
  const slept: number[] = [];
  const api = await makeApi({ scenarios: ['scenarios/oktopos-slow-ready-list.yaml'], arm: ['oktopos-slow-ready-list'], sleep: async (ms) => void slept.push(ms) });
  expect(await readyIds(api)).toEqual([]);
  expect(slept).toHaveLength(1);
  expect(slept[0]).toBeGreaterThanOrEqual(2000);
  expect(slept[0]).toBeLessThanOrEqual(3000);
});

test('oktopos-maintenance-window: armed by admin, every call answers 503 in OktoPOS\'s envelope and changes nothing; disarmed, all is back', async () => {
  const api = await makeApi({ scenarios: ['scenarios/oktopos-maintenance-window.yaml'] });
  const id = await createOrder(api, {}, TILL);
  expect((await api.admin('POST', '/__admin/scenarios/oktopos-maintenance-window/arm')).status).toBe(200);
  const create = await okto(api, 'POST', '/v1/order/create', { key: TILL, body: orderBody() });
  expect(create.status).toBe(503);
  expect(await message(create)).toEqual({ text: 'Scenario answer: default.error.controller.', text_ns: 'default.error.controller' });
  expect((await okto(api, 'GET', '/v1/order/ready', { key: TILL })).status).toBe(503);
  expect((await okto(api, 'POST', '/v1/order/status', { key: TILL, body: { orderId: id, status: 'ready' } })).status).toBe(503);
  expect((await okto(api, 'GET', '/v1/articles', { key: TILL })).status).toBe(503);
  expect(await statusOf(api, id)).toBe('new');
  expect(await api.sb.admin.oktopos.listOrders(TILL)).toHaveLength(1);
  expect((await api.admin('POST', '/__admin/scenarios/oktopos-maintenance-window/disarm')).status).toBe(200);
  expect((await okto(api, 'GET', '/v1/order/ready', { key: TILL })).status).toBe(200);
});
