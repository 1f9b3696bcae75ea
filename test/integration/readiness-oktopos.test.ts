import { expect, test } from 'vitest';
import { createOrder, okto } from '../helpers/oktopos.js';
import { makeApi, type Api } from '../helpers/sandbox.js';
import type { ReadinessReport } from '../../src/core/readiness/report.js';

/**
 * The readiness report of an OktoPOS integration: a well-behaved script gets every must-have green; each
 * sloppy variant trips exactly its check, with evidence pointing at the requests (or orders) at fault.
 */
interface Sloppy {
  pollInALoop?: boolean;
  leaveReady?: boolean;
  skipPayment?: boolean;
}

async function report(api: Api, till: string): Promise<ReadinessReport> {
  const res = await api.admin('GET', `/__admin/report?service=oktopos&tenant=${encodeURIComponent(till)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as ReadinessReport;
}

const failing = (r: ReadinessReport) => r.checks.filter((c) => c.verdict === 'fail').map((c) => c.id);
const evidenceOf = (r: ReadinessReport, id: string) => r.checks.find((c) => c.id === id)!.evidence;

/** A till integration: two orders (one paid up front, one paid on pickup), the ready list polled, both handed over. */
async function integration(api: Api, till: string, s: Sloppy = {}) {
  const advance = (seconds: number) => api.sb.admin.clock.advance({ seconds, service: 'oktopos', tenant: till });
  const paidUpFront = { orderId: `app-${crypto.randomUUID()}`, payment: { referenceId: 'P1', paymentMethod: 'card', price: { value: '7.80', currency: 'EUR' }, status: 'paid', paymentReceived: true } };
  const payOnPickup = { orderId: `app-${crypto.randomUUID()}` };
  const first = await createOrder(api, paidUpFront, till);
  const second = await createOrder(api, payOnPickup, till);
  const poll = async () => {
    const res = await okto(api, 'GET', '/v1/order/ready', { key: till });
    expect(res.status).toBe(200);
    return ((await res.json()) as { internalId: number }[]).map((o) => o.internalId);
  };
  expect(await poll()).toEqual([]);
  await advance(5);
  expect(await poll()).toEqual([]); // 5 s of sandbox time later: on time
  if (s.pollInALoop) expect(await poll()).toEqual([]);
  const tooSoon = s.pollInALoop ? api.sb.admin.journal.list({ service: 'oktopos', tenant: till, operation: 'getReadyOrders', limit: 1 })[0] : undefined;
  await advance(15 * 60);
  expect(await poll()).toEqual([first, second]);
  const status = (internalId: number, value: string) => okto(api, 'POST', '/v1/order/status', { key: till, body: { orderId: internalId, status: value } });
  expect((await status(first, 'picked_up')).status).toBe(200);
  if (!s.skipPayment) expect((await okto(api, 'POST', '/v1/order/payment-status', { key: till, body: { orderId: payOnPickup.orderId, status: 'paid', date: '2026-12-01T12:00:00+01:00' } })).status).toBe(200);
  if (!s.leaveReady) expect((await status(second, 'picked_up')).status).toBe(200);
  await advance(2 * 3600); // an order left ready is judged once it has been ready an hour
  return { first, second, tooSoon };
}

test('a well-behaved OktoPOS integration gets every check green, with the kitchen and statuses it met as coverage', async () => {
  const api = await makeApi();
  await integration(api, 'till-good');
  const r = await report(api, 'till-good');
  expect(r.checks.map((c) => [c.id, c.verdict])).toEqual([['oktopos.poll-interval', 'pass'], ['oktopos.ready-finalised', 'pass'], ['oktopos.payment-status', 'pass']]);
  expect(r.ready).toBe(true);
  const area = (name: string) => r.coverage.find((a) => a.area === name)!;
  expect(area('kitchen').never).toEqual([]);
  expect(area('explicit-statuses')).toMatchObject({ never: ['delivered', 'closed', 'canceled'], seen: [{ item: 'picked_up', count: 2 }] });
  expect(area('payment-statuses').seen).toEqual([{ item: 'paid', count: 1 }]);
  // The demo till's seeded orders are not the integration's: its report judges none of them.
  expect((await report(api, 'okto_demo_key')).checks.every((c) => c.verdict === 'not exercised')).toBe(true);
});

test('polling the ready list in a loop trips oktopos.poll-interval, pointing at the poll that came too soon', async () => {
  const api = await makeApi();
  const run = await integration(api, 'till', { pollInALoop: true });
  const r = await report(api, 'till');
  expect(failing(r)).toEqual(['oktopos.poll-interval']);
  expect(evidenceOf(r, 'oktopos.poll-interval').map((e) => e.journalId)).toEqual([run.tooSoon!.id]);
});

test('an order left ready trips oktopos.ready-finalised, naming the order', async () => {
  const api = await makeApi();
  const run = await integration(api, 'till', { leaveReady: true });
  const r = await report(api, 'till');
  expect(failing(r)).toEqual(['oktopos.ready-finalised']);
  expect(evidenceOf(r, 'oktopos.ready-finalised').map((e) => e.subject)).toEqual([String(run.second)]);
});

test('an unpaid order handed over without a payment status trips oktopos.payment-status, naming the order', async () => {
  const api = await makeApi();
  const run = await integration(api, 'till', { skipPayment: true });
  const r = await report(api, 'till');
  expect(failing(r)).toEqual(['oktopos.payment-status']);
  expect(evidenceOf(r, 'oktopos.payment-status').map((e) => e.subject)).toEqual([String(run.second)]);
});

test('an order just ready is not judged yet; a payment status other than paid does not count as paid', async () => {
  const api = await makeApi();
  const till = 'till';
  const id = `app-${crypto.randomUUID()}`;
  const internalId = await createOrder(api, { orderId: id }, till);
  await api.sb.admin.clock.advance({ seconds: 15 * 60, service: 'oktopos', tenant: till });
  expect((await okto(api, 'GET', '/v1/order/ready', { key: till })).status).toBe(200);
  let r = await report(api, till);
  expect(r.checks.find((c) => c.id === 'oktopos.ready-finalised')!.verdict).toBe('not exercised'); // ready minutes ago: the guest may be on the way
  expect((await okto(api, 'POST', '/v1/order/payment-status', { key: till, body: { orderId: id, status: 'call_for_payment', date: '2026-12-01T12:00:00+01:00' } })).status).toBe(200);
  expect((await okto(api, 'POST', '/v1/order/status', { key: till, body: { orderId: internalId, status: 'picked_up' } })).status).toBe(200);
  r = await report(api, till);
  expect(failing(r)).toEqual(['oktopos.payment-status']);
  expect(evidenceOf(r, 'oktopos.payment-status')[0]!.note).toMatch(/was picked_up with payment call_for_payment$/);
});
