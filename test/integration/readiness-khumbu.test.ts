import { expect, test } from 'vitest';
import { kh, sampleOrder, tokenRequest } from '../helpers/khumbu.js';
import { makeApi, type Api } from '../helpers/sandbox.js';
import { receiver } from '../helpers/receiver.js';
import type { ReadinessReport } from '../../src/core/readiness/report.js';

/**
 * The readiness report of a Khumbu integration: a well-behaved script gets every must-have green; each
 * sloppy variant trips exactly its check, with evidence pointing at the requests (or webhooks) at fault.
 */
interface Sloppy {
  tokenPerRequest?: boolean;
  receiverAnswers?: number;
  fireCreated?: boolean;
  cancelFailed?: boolean;
}

async function report(api: Api, tenant: string): Promise<ReadinessReport> {
  const res = await api.admin('GET', `/__admin/report?service=khumbu&tenant=${encodeURIComponent(tenant)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as ReadinessReport;
}

const failing = (r: ReadinessReport) => r.checks.filter((c) => c.verdict === 'fail').map((c) => c.id);
const evidenceOf = (r: ReadinessReport, id: string) => r.checks.find((c) => c.id === id)!.evidence;
const lastEntry = (api: Api, tenant: string, operation: string) => api.sb.admin.journal.list({ service: 'khumbu', tenant, operation, limit: 1 })[0]!;
const store = { providerStoreId: '48002' };

/** A partner's integration: one token, a CREATE order, a HOLD order fired, an order the POS fails (left alone). */
async function integration(api: Api, client: string, s: Sloppy = {}) {
  const hooks = await receiver([s.receiverAnswers ?? 200]);
  expect((await api.admin('PUT', '/__admin/webhooks/receivers', { service: 'khumbu', tenant: client, url: `${hooks.url}/hooks` })).status).toBe(200);
  const advance = (seconds: number) => api.sb.admin.clock.advance({ seconds, service: 'khumbu', tenant: client });
  let token: string | undefined;
  const call = async (suffix: string, body: unknown) => {
    if (!token || s.tokenPerRequest) {
      const res = await tokenRequest(api, { grant_type: 'client_credentials', client_id: client, client_secret: 'secret' });
      expect(res.status).toBe(200);
      token = ((await res.json()) as { access_token: string }).access_token;
    }
    return kh(api, suffix, { token, apiKey: `${client}-key`, body });
  };
  const create = async (over: Record<string, unknown> = {}) => {
    const res = await call('orders/notification', sampleOrder(over));
    expect(res.status).toBe(202);
    return (await res.json()) as { ksOrderId: string; providerOrderId: string };
  };
  const created = await create();
  const held = await create({ orderNotificationType: 'HOLD' });
  const doomed = await create({ orderItems: [{ id: 'nope', quantity: 1 }] });
  expect((await call('order/fire', { ...held, storeInformation: store })).status).toBe(202);
  await advance(10); // the POS answers: SUCCESS, SUCCESS, FAILED
  if (s.fireCreated) expect((await call('order/fire', { ...created, storeInformation: store })).status).toBe(409);
  const wrongFire = s.fireCreated ? lastEntry(api, client, 'fireOrder') : undefined;
  if (s.cancelFailed) expect((await call('orders/cancel', { ...doomed, storeInformation: store })).status).toBe(202);
  const wrongCancel = s.cancelFailed ? lastEntry(api, client, 'cancelOrder') : undefined;
  await advance(10);
  return { hooks, wrongFire, wrongCancel, tokens: api.sb.admin.journal.list({ service: 'khumbu', tenant: client, operation: 'getToken' }).reverse() };
}

test('a well-behaved Khumbu integration gets every check green, with the POS outcomes it met as coverage', async () => {
  const api = await makeApi();
  const run = await integration(api, 'good-client');
  expect(run.hooks.got.length).toBe(3);
  const r = await report(api, 'good-client');
  expect(r.checks.map((c) => [c.id, c.verdict])).toEqual([
    ['khumbu.token-reuse', 'pass'], ['khumbu.webhook-200', 'pass'], ['khumbu.fire-hold-only', 'pass'], ['khumbu.final-states', 'pass'],
  ]);
  expect(r.ready).toBe(true);
  const area = (name: string) => r.coverage.find((a) => a.area === name)!;
  expect(area('pos-outcomes').never).toEqual(['CANCEL_REQUESTED', 'CANCELLED', 'CANCEL_FAILED']);
  expect(area('order-flows').never).toEqual([]);
  expect(area('operations').seen.map((s) => s.item)).toEqual(['getToken', 'createOrder', 'fireOrder']);
  expect(area('webhooks').seen).toEqual([{ item: 'orderStatus delivered', count: 3 }]);
  // The demo client's seeded demo orders are not the integration's: its report judges nothing.
  expect((await report(api, 'khumbu_demo_client')).coverage.find((a) => a.area === 'pos-outcomes')!.exercised).toBe(0);
});

test('a token fetched for every request trips khumbu.token-reuse, pointing at the early fetches', async () => {
  const api = await makeApi();
  const run = await integration(api, 'c', { tokenPerRequest: true });
  const r = await report(api, 'c');
  expect(failing(r)).toEqual(['khumbu.token-reuse']);
  expect(evidenceOf(r, 'khumbu.token-reuse').map((e) => e.journalId)).toEqual(run.tokens.slice(1).map((t) => t.id));
  expect(evidenceOf(r, 'khumbu.token-reuse')[0]!.correlationId).toBe(run.tokens[1]!.correlationId);
});

test('a webhook receiver answering 204 trips khumbu.webhook-200, with each delivery as evidence', async () => {
  const api = await makeApi();
  await integration(api, 'c', { receiverAnswers: 204 });
  const r = await report(api, 'c');
  expect(failing(r)).toEqual(['khumbu.webhook-200']);
  const deliveries = api.sb.admin.webhooks.list({ service: 'khumbu', tenant: 'c' }).map((d) => d.id);
  expect(new Set(evidenceOf(r, 'khumbu.webhook-200').map((e) => e.webhookId))).toEqual(new Set(deliveries));
});

test('firing an order created with CREATE trips khumbu.fire-hold-only, pointing at that fire', async () => {
  const api = await makeApi();
  const run = await integration(api, 'c', { fireCreated: true });
  const r = await report(api, 'c');
  expect(failing(r)).toEqual(['khumbu.fire-hold-only']);
  expect(evidenceOf(r, 'khumbu.fire-hold-only').map((e) => e.journalId)).toEqual([run.wrongFire!.id]);
});

test('cancelling an order the POS failed trips khumbu.final-states, pointing at that cancel', async () => {
  const api = await makeApi();
  const run = await integration(api, 'c', { cancelFailed: true });
  const r = await report(api, 'c');
  expect(failing(r)).toEqual(['khumbu.final-states']);
  expect(evidenceOf(r, 'khumbu.final-states')).toEqual([expect.objectContaining({ journalId: run.wrongCancel!.id, note: expect.stringMatching(/already FAILED/) })]);
});

test('no false verdicts: attempts a scenario dropped, a token refetched after a 401, a fire retried after a lost answer, a cancel before the FAILED webhook arrived', async () => {
  const api = await makeApi();
  const client = 'c';
  const hooks = await receiver([200]);
  expect((await api.admin('PUT', '/__admin/webhooks/receivers', { service: 'khumbu', tenant: client, url: `${hooks.url}/hooks` })).status).toBe(200);
  const rules = [
    { match: { service: 'khumbu', webhook: 'orderStatus' }, times: 1, deliver: { fault: 'dropped' } },
    { match: { service: 'khumbu', operation: 'validateCart' }, times: 1, respond: { status: 401 } },
    { match: { service: 'khumbu', operation: 'fireOrder' }, times: 1, fault: 'commit_then_drop' },
  ];
  expect((await api.admin('POST', '/__admin/scenarios', { name: 'rough', armed: true, tenant: client, rules })).status).toBe(201);
  const token = async () => ((await (await tokenRequest(api, { grant_type: 'client_credentials', client_id: client, client_secret: 's' })).json()) as { access_token: string }).access_token;
  let jwt = await token();
  const call = (suffix: string, body: unknown) => kh(api, suffix, { token: jwt, apiKey: 'k', body });
  // A 401 makes the client fetch a new token at once: what it should do.
  expect((await call('orders/adjustcart', { ...sampleOrder(), orderNotificationType: 'CREATE_ORDER' })).status).toBe(401);
  jwt = await token();
  // The FAILED webhook is dropped on the way: the partner cannot know, and cancels.
  const doomed = (await (await call('orders/notification', sampleOrder({ orderItems: [{ id: 'nope', quantity: 1 }] }))).json()) as { ksOrderId: string; providerOrderId: string };
  await api.sb.admin.clock.advance({ seconds: 10, service: 'khumbu', tenant: client });
  expect((await call('orders/cancel', { ...doomed, storeInformation: store })).status).toBe(202);
  // A fire whose answer is lost (the fire is made) is retried: the order is no longer on HOLD.
  const held = (await (await call('orders/notification', sampleOrder({ orderNotificationType: 'HOLD' }))).json()) as { ksOrderId: string; providerOrderId: string };
  await expect(call('order/fire', { ...held, storeInformation: store })).rejects.toThrow();
  expect((await call('order/fire', { ...held, storeInformation: store })).status).toBe(409);
  await api.sb.admin.clock.advance({ seconds: 3600, service: 'khumbu', tenant: client });
  const dropped = api.sb.admin.webhooks.list({ service: 'khumbu', tenant: client }).flatMap((d) => d.attempts).filter((a) => a.status === null);
  expect(dropped).toHaveLength(1);
  const r = await report(api, client);
  expect(failing(r)).toEqual([]);
  expect(r.checks.map((c) => [c.id, c.verdict])).toEqual([['khumbu.token-reuse', 'pass'], ['khumbu.webhook-200', 'pass'], ['khumbu.fire-hold-only', 'pass'], ['khumbu.final-states', 'pass']]);
});
