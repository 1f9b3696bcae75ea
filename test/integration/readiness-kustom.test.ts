import { expect, test } from 'vitest';
import { checkoutBody, makeApi, newOrder, type Api } from '../helpers/sandbox.js';
import { receiver } from '../helpers/receiver.js';
import type { ReadinessReport } from '../../src/core/readiness/report.js';
import { PUSH_SCHEDULE } from '../../src/services/kustom/webhooks.js';

/**
 * The readiness report of a Kustom integration: a well-behaved script gets every must-have green; each
 * sloppy variant trips exactly its check, with evidence pointing at the requests (or webhook) at fault.
 */
const OM = '/ordermanagement/v1/orders';
const LOST = 'kustom-lost-capture-answer';

interface Sloppy {
  noAck?: boolean;
  refundWithoutKey?: boolean;
  newKeyOnRetry?: boolean;
  captureExpired?: boolean;
  pushFails?: boolean;
}

async function report(api: Api, tenant: string): Promise<ReadinessReport> {
  const res = await api.admin('GET', `/__admin/report?service=kustom&tenant=${encodeURIComponent(tenant)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as ReadinessReport;
}

const failing = (r: ReadinessReport) => r.checks.filter((c) => c.verdict === 'fail').map((c) => c.id);
const evidenceOf = (r: ReadinessReport, id: string) => r.checks.find((c) => c.id === id)!.evidence;
const lastEntry = (api: Api, tenant: string, operation: string) => api.sb.admin.journal.list({ service: 'kustom', tenant, operation, limit: 1 })[0]!;

/** A merchant's integration: checkout with push, acknowledge, capture (its answer lost once), refund, an order left to expire. */
async function integration(api: Api, tenant: string, s: Sloppy = {}) {
  const hooks = await receiver(s.pushFails ? [500, 200] : [200]);
  const advance = (seconds: number) => api.sb.admin.clock.advance({ seconds, service: 'kustom', tenant });
  const co = await api.call('POST', '/checkout/v3/orders', { tenant, body: checkoutBody(10000, `${hooks.url}/push?id={checkout.order.id}`) });
  expect(co.status).toBe(201);
  const id = ((await co.json()) as { order_id: string }).order_id;
  expect((await api.admin('POST', `/__admin/kustom/checkout/${id}/complete`, { tenant })).status).toBe(200);
  await advance(3 * 60); // the push
  if (s.pushFails) await advance(3 * 60); // its retry
  expect(hooks.got.length).toBe(s.pushFails ? 2 : 1);
  if (!s.noAck) expect((await api.call('POST', `${OM}/${id}/acknowledge`, { tenant })).status).toBe(204);

  // The capture's answer is lost (the capture is made); the retry must reuse the key. (Sloppy noAck: on
  // another order, since a capture acknowledges the order it captures.)
  const money = s.noAck ? (await newOrder(api, tenant)).order_id : id;
  const key = { 'Klarna-Idempotency-Key': `cap-${money}` };
  await expect(api.call('POST', `${OM}/${money}/captures`, { tenant, body: { captured_amount: 5000 }, headers: { ...key, 'X-Sandbox-Scenario': LOST } })).rejects.toThrow();
  const lost = lastEntry(api, tenant, 'captureOrder');
  const retryKey = s.newKeyOnRetry ? { 'Klarna-Idempotency-Key': `cap-${money}-again` } : key;
  expect((await api.call('POST', `${OM}/${money}/captures`, { tenant, body: { captured_amount: 5000 }, headers: retryKey })).status).toBe(201);
  const retry = lastEntry(api, tenant, 'captureOrder');
  const refundKey: Record<string, string> = s.refundWithoutKey ? {} : { 'Klarna-Idempotency-Key': `ref-${money}` };
  expect((await api.call('POST', `${OM}/${money}/refunds`, { tenant, body: { refunded_amount: 1000 }, headers: refundKey })).status).toBe(201);
  const refund = lastEntry(api, tenant, 'refundOrder');

  // An order left to expire: read, and (sloppy) captured anyway.
  const other = await newOrder(api, tenant);
  await advance(29 * 86400);
  expect(((await (await api.call('GET', `${OM}/${other.order_id}`, { tenant })).json()) as { status: string }).status).toBe('EXPIRED');
  if (s.captureExpired) expect((await api.call('POST', `${OM}/${other.order_id}/captures`, { tenant, body: { captured_amount: 100 }, headers: { 'Klarna-Idempotency-Key': `cap-${other.order_id}` } })).status).toBe(403);
  const push = api.sb.admin.webhooks.list({ service: 'kustom', tenant, kind: 'push' })[0]!;
  return { id, lost, retry, refund, push, expiredCapture: s.captureExpired ? lastEntry(api, tenant, 'captureOrder') : undefined };
}

const start = () => makeApi({ scenarios: [`scenarios/${LOST}.yaml`] });

test('a well-behaved Kustom integration gets every check green, and the report covers what it did against the catalogue', async () => {
  const api = await start();
  await integration(api, 'merchant-good');
  const r = await report(api, 'merchant-good');
  expect(r.checks.filter((c) => c.verdict !== 'pass')).toEqual([]);
  expect(r.ready).toBe(true);
  expect(r.checks.map((c) => [c.id, c.verdict])).toEqual([
    ['kustom.acknowledge', 'pass'], ['kustom.idempotency-key', 'pass'], ['kustom.retry-same-key', 'pass'], ['kustom.no-capture-after-expiry', 'pass'],
    ['kustom.push-2xx', 'pass'],
  ]);
  expect(r.summary).toEqual({ must: { pass: 4, fail: 0, notExercised: 0 }, advice: { pass: 1, fail: 0, notExercised: 0 } });
  const area = (name: string) => r.coverage.find((a) => a.area === name)!;
  expect(area('operations').seen.map((s) => s.item)).toEqual(expect.arrayContaining(['createCheckoutOrder', 'acknowledgeOrder', 'captureOrder', 'refundOrder', 'getOrder']));
  expect(area('operations').never).toContain('cancelOrder');
  expect(area('operations').never).not.toContain('captureOrder');
  expect(area('status-matrix').seen.map((s) => s.item)).toEqual(expect.arrayContaining(['acknowledgeOrder on AUTHORIZED', 'captureOrder on AUTHORIZED', 'refundOrder on PART_CAPTURED']));
  expect(area('status-matrix').total).toBe(12 * 6);
  expect(area('network-faults').seen).toEqual([{ item: 'commit_then_drop', count: 1 }]);
  expect(area('scenario-effects').seen).toEqual([{ item: 'fault', count: 1 }]);
  expect(area('webhooks').seen).toEqual([{ item: 'push delivered', count: 1 }]);
  expect(r.basis.requests).toBe(api.sb.admin.journal.list({ service: 'kustom', tenant: 'merchant-good', limit: 1000 }).length);
  // Another merchant's report judges only its own requests.
  expect((await report(api, 'merchant-idle')).checks.every((c) => c.verdict === 'not exercised')).toBe(true);
});

test('an order never acknowledged trips kustom.acknowledge once its push retries run out, with its push as evidence', async () => {
  const api = await start();
  const run = await integration(api, 'm', { noAck: true });
  const r = await report(api, 'm');
  expect(failing(r)).toEqual(['kustom.acknowledge']);
  expect(r.ready).toBe(false);
  expect(run.push.attempts.length).toBe(PUSH_SCHEDULE.length); // answered 200 each time, never acknowledged
  expect(evidenceOf(r, 'kustom.acknowledge')).toEqual([expect.objectContaining({ webhookId: run.push.id, subject: run.id, note: expect.stringMatching(/until the retries ran out, never acknowledged/) })]);
});

test('a refund without Klarna-Idempotency-Key trips kustom.idempotency-key, pointing at that refund', async () => {
  const api = await start();
  const run = await integration(api, 'm', { refundWithoutKey: true });
  const r = await report(api, 'm');
  expect(failing(r)).toEqual(['kustom.idempotency-key']);
  expect(evidenceOf(r, 'kustom.idempotency-key').map((e) => e.journalId)).toEqual([run.refund.id]);
  expect(evidenceOf(r, 'kustom.idempotency-key')[0]!.correlationId).toBe(run.refund.correlationId);
});

test('a retry with a new key after a lost answer trips kustom.retry-same-key: both requests as evidence, the money moved twice', async () => {
  const api = await start();
  const run = await integration(api, 'm', { newKeyOnRetry: true });
  const r = await report(api, 'm');
  expect(failing(r)).toEqual(['kustom.retry-same-key']);
  const evidence = evidenceOf(r, 'kustom.retry-same-key');
  expect(evidence.map((e) => e.journalId)).toEqual([run.lost.id, run.retry.id]);
  expect(evidence[1]!.note).toMatch(/another key: the money moved twice/);
});

test('a capture of an expired order trips kustom.no-capture-after-expiry, pointing at it', async () => {
  const api = await start();
  const run = await integration(api, 'm', { captureExpired: true });
  const r = await report(api, 'm');
  expect(failing(r)).toEqual(['kustom.no-capture-after-expiry']);
  expect(evidenceOf(r, 'kustom.no-capture-after-expiry').map((e) => e.journalId)).toEqual([run.expiredCapture!.id]);
  expect(r.ready).toBe(false);
});

test('a push answered 500 fails the advice kustom.push-2xx, and the integration stays ready', async () => {
  const api = await start();
  const run = await integration(api, 'm', { pushFails: true });
  const r = await report(api, 'm');
  expect(failing(r)).toEqual(['kustom.push-2xx']);
  expect(r.ready).toBe(true);
  expect(evidenceOf(r, 'kustom.push-2xx')).toEqual([expect.objectContaining({ webhookId: run.push.id, note: expect.stringMatching(/answered 500/) })]);
});

test('the report names its service and tenant or answers 400 in the admin envelope; reset clears it with the tenant', async () => {
  const api = await start();
  expect((await api.admin('GET', '/__admin/report?service=nope&tenant=x')).status).toBe(400);
  expect((await api.admin('GET', '/__admin/report?service=kustom')).status).toBe(400);
  await integration(api, 'm', { noAck: true });
  expect(failing(await report(api, 'm'))).toEqual(['kustom.acknowledge']);
  await api.admin('POST', '/__admin/reset', { service: 'kustom', tenant: 'm' });
  const after = await report(api, 'm');
  expect(after.basis).toMatchObject({ requests: 0, webhooks: 0 });
  expect(after.checks.every((c) => c.verdict === 'not exercised')).toBe(true);
});

test('no false verdicts: a capture acknowledges, a cancel needs no acknowledge, a push still retrying is not judged yet, a retry chain is followed by its key', async () => {
  const api = await start();
  const hooks = await receiver([200]);
  const advance = (seconds: number) => api.sb.admin.clock.advance({ seconds, service: 'kustom', tenant: 'm' });
  const checkout = async () => {
    const co = await api.call('POST', '/checkout/v3/orders', { tenant: 'm', body: checkoutBody(10000, `${hooks.url}/push`) });
    const id = ((await co.json()) as { order_id: string }).order_id;
    expect((await api.admin('POST', `/__admin/kustom/checkout/${id}/complete`, { tenant: 'm' })).status).toBe(200);
    return id;
  };
  const [captured, cancelled, waiting] = [await checkout(), await checkout(), await checkout()];
  await advance(3 * 60); // one push each
  const capture = (id: string, key: string, scenario?: string) => api.call('POST', `${OM}/${id}/captures`, {
    tenant: 'm', body: { captured_amount: 1000 }, headers: { 'Klarna-Idempotency-Key': key, ...(scenario ? { 'X-Sandbox-Scenario': scenario } : {}) },
  });
  for (const [name, status] of [['down', 503], ['down-again', 503], ['busy', 429]] as const) {
    expect((await api.admin('POST', '/__admin/scenarios', { name, armed: false, rules: [{ match: { service: 'kustom', operation: 'captureOrder' }, times: 1, respond: { status } }] })).status).toBe(201);
  }
  // Shipment 1's capture is lost (503); shipment 2 is captured with its own key; then shipment 1 is retried with its key.
  expect((await capture(captured, 'ship-1', 'down')).status).toBe(503);
  expect((await capture(captured, 'ship-2')).status).toBe(201);
  expect((await capture(captured, 'ship-1')).status).toBe(201);
  expect((await api.call('POST', `${OM}/${cancelled}/cancel`, { tenant: 'm' })).status).toBe(204);
  let r = await report(api, 'm');
  expect(r.checks.map((c) => [c.id, c.verdict])).toEqual(expect.arrayContaining([['kustom.acknowledge', 'pass'], ['kustom.retry-same-key', 'pass']]));
  expect(r.checks.find((c) => c.id === 'kustom.acknowledge')!.evidence.map((e) => e.subject).sort()).toEqual([captured, cancelled].sort());
  // `waiting` is neither acknowledged nor over: not judged. A 503, then a 429 with the key, then a new key: fails.
  expect(hooks.got.length).toBe(3);
  const other = (await newOrder(api, 'm')).order_id;
  expect((await capture(other, 'k1', 'down-again')).status).toBe(503); // (times: 1 per tenant)
  expect((await capture(other, 'k1', 'busy')).status).toBe(429);
  expect((await capture(other, 'k2')).status).toBe(201);
  r = await report(api, 'm');
  expect(failing(r)).toEqual(['kustom.retry-same-key']);
  expect(evidenceOf(r, 'kustom.retry-same-key').map((e) => e.note)).toEqual([expect.stringMatching(/got no usable answer \(503\)/), expect.stringMatching(/used another key/)]);
  void waiting;
});
