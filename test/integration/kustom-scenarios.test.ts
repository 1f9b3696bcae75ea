import { expect, test } from 'vitest';
import { checkoutBody, DEMO, line, makeApi, newOrder, order } from '../helpers/sandbox.js';

/** The shipped Kustom scenario files, each through HTTP with its documented effect. */
const OM = '/ordermanagement/v1/orders';

test('kustom-declined-authorization-increase: raising the amount is refused with 403 NOT_ALLOWED; the order is unchanged', async () => {
  const api = await makeApi({ scenarios: ['scenarios/kustom-declined-authorization-increase.yaml'] });
  const { order_id } = await newOrder(api);
  // Named: a loaded example is not armed (without the header the answer hung on faker's payment method).
  const res = await api.call('PATCH', `${OM}/${order_id}/authorization`, { body: { order_amount: 20000, order_lines: [line(20000)] }, headers: { 'X-Sandbox-Scenario': 'kustom-declined-authorization-increase' } });
  expect(res.status).toBe(403);
  expect(await res.json()).toMatchObject({ error_code: 'NOT_ALLOWED', error_messages: ['Update not allowed.'] });
  expect(await order(api, order_id)).toMatchObject({ order_amount: 10000 });
});

test('kustom-rate-limited: at most 50 reads per second per merchant, the rest 429 with Klarna\'s rate-limit headers', async () => {
  // Windows count in sandbox time: with the clock frozen the whole burst falls into one second.
  const api = await makeApi({ scenarios: ['scenarios/kustom-rate-limited.yaml'], clock: { now: '2026-12-01T10:00:00.500Z', frozen: true } });
  const { order_id } = await newOrder(api);
  const named = { 'X-Sandbox-Scenario': 'kustom-rate-limited' };
  // Straight in-process (no OpenAPI check per answer): the limit is what is under test here.
  const answers = await Promise.all(Array.from({ length: 120 }, () => api.sb.request(`${OM}/${order_id}`, { headers: { ...named, Authorization: `Basic ${DEMO}` } })));
  const ok = answers.filter((r) => r.status === 200).length;
  const limited = answers.filter((r) => r.status === 429);
  expect([ok, limited.length]).toEqual([50, 70]);
  // The next second of sandbox time opens a new window.
  await api.sb.admin.clock.advance({ seconds: 1 });
  expect((await api.sb.request(`${OM}/${order_id}`, { headers: { ...named, Authorization: `Basic ${DEMO}` } })).status).toBe(200);
  expect(limited.length).toBeGreaterThan(0);
  const first = limited[0] as Response;
  await (await api.checker('kustom')).check('GET', `${OM}/${order_id}`, first.clone());
  expect(await first.json()).toMatchObject({ error_code: 'TOO_MANY_REQUESTS', error_messages: ['Too many requests'] });
  expect(first.headers.get('x-ratelimit-limit')).toBe('50, 50;w=1');
  expect(first.headers.get('x-ratelimit-remaining')).toBe('0');
  expect(first.headers.get('retry-after')).toBe('1');
  // Another merchant, and requests not naming the disarmed scenario, are not counted.
  expect((await api.call('GET', `${OM}/${order_id}`)).status).toBe(200);
});

test('kustom-lost-capture-answer: the capture is made but the answer is lost; a retry with the same idempotency key replays it', async () => {
  const api = await makeApi({ scenarios: ['scenarios/kustom-lost-capture-answer.yaml'], arm: ['kustom-lost-capture-answer'] });
  const { order_id } = await newOrder(api);
  const key = { 'Klarna-Idempotency-Key': 'capture-1' };
  const lost = api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 4000 }, headers: key });
  await expect(lost).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed', cause: { code: 'UND_ERR_SOCKET' } });
  expect(await order(api, order_id)).toMatchObject({ captured_amount: 4000, status: 'PART_CAPTURED' });
  const retry = await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 4000 }, headers: key });
  expect(retry.status).toBe(201);
  expect(await order(api, order_id)).toMatchObject({ captured_amount: 4000 });
  const [entry] = api.sb.admin.journal.list({ operation: 'captureOrder', limit: 2 }).reverse();
  expect(entry).toMatchObject({ status: 201, fault: 'commit_then_drop', scenario: 'kustom-lost-capture-answer#1' });
});

test('kustom-fraud-review: a FRAUD- checkout completes PENDING and is rejected (and cancelled) 10 minutes later; others are accepted', async () => {
  const api = await makeApi({ scenarios: ['scenarios/kustom-fraud-review.yaml'], arm: ['kustom-fraud-review'] });
  const create = async (ref: string) => (await (await api.call('POST', '/checkout/v3/orders', { body: { ...checkoutBody(), merchant_reference1: ref } })).json()) as { order_id: string };
  const suspicious = await create('FRAUD-42');
  const fine = await create('ORDER-42');
  const done = await api.sb.admin.kustom.completeCheckout(suspicious.order_id, { email: 'anna@example.com' });
  expect(done).toMatchObject({ outcome: 'authorized', fraud_status: 'PENDING' });
  expect((await api.sb.admin.kustom.completeCheckout(fine.order_id)).fraud_status).toBe('ACCEPTED');
  await api.sb.admin.clock.advance({ seconds: 9 * 60 });
  expect(await order(api, suspicious.order_id)).toMatchObject({ fraud_status: 'PENDING' });
  await api.sb.admin.clock.advance({ seconds: 60 });
  expect(await order(api, suspicious.order_id)).toMatchObject({ fraud_status: 'REJECTED', status: 'CANCELLED' });
  const journal = api.sb.admin.journal.list({ operation: 'createCheckoutOrder' });
  expect(journal.map((e) => e.scenario ?? null)).toEqual([null, 'kustom-fraud-review#1']);
});

test('kustom-slow-reads (disarmed): a read naming it is held 1.5 to 2 s, then answers normally', async () => {
  const slept: number[] = [];
  const api = await makeApi({ scenarios: ['scenarios/kustom-slow-reads.yaml'], sleep: async (ms) => void slept.push(ms) });
  const { order_id } = await newOrder(api);
  const res = await api.call('GET', `${OM}/${order_id}`, { headers: { 'X-Sandbox-Scenario': 'kustom-slow-reads' }, tenant: DEMO });
  expect(res.status).toBe(200);
  expect(slept).toHaveLength(1);
  expect(slept[0]).toBeGreaterThanOrEqual(1500);
  expect(slept[0]).toBeLessThanOrEqual(2000);
  expect((await api.call('GET', `${OM}/${order_id}`, { tenant: DEMO })).status).toBe(200);
  expect(slept).toHaveLength(1); // a read that names nothing is not held
});
