import { expect, test } from 'vitest';
import { createSandbox } from '../../src/index.js';
import { scenarioFile } from '../helpers/scenario-file.js';
import { makeApi, newOrder, order } from '../helpers/sandbox.js';

const OM = '/ordermanagement/v1/orders';
const file = scenarioFile;

test('the shipped capture-outage scenario: 503 twice in Kustom\'s envelope, then the capture works once', async () => {
  const api = await makeApi({ scenarios: ['scenarios/kustom-capture-outage.yaml'], arm: ['kustom-capture-outage'] });
  const { order_id } = await newOrder(api);
  const key = { 'Klarna-Idempotency-Key': 'retry-me' };
  for (let i = 0; i < 2; i++) {
    const res = await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 1000 }, headers: key });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error_code: 'TEMPORARILY_UNAVAILABLE', error_messages: ['Temporarily unavailable'] });
  }
  const ok = await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 1000 }, headers: key });
  expect(ok.status).toBe(201);
  expect(await order(api, order_id)).toMatchObject({ captured_amount: 1000 });
  const journal = await (await api.admin('GET', '/__admin/journal?operation=captureOrder')).json();
  expect(journal.map((e: { scenario?: string; status: number }) => [e.status, e.scenario ?? null])).toEqual([[201, null], [503, 'kustom-capture-outage#1'], [503, 'kustom-capture-outage#1']]);
  const listed = await (await api.admin('GET', '/__admin/scenarios')).json();
  expect(listed[0]).toMatchObject({ name: 'kustom-capture-outage', armed: true, boot: true, rules: [{ matched: 3, fired: 2 }] });
});

test('a disarmed scenario applies only to requests naming it in X-Sandbox-Scenario; probability is seeded', async () => {
  const path = await file('flaky.yaml', 'name: flaky\narmed: false\nrules:\n  - match: { service: kustom, operation: getOrder }\n    probability: 0.2\n    respond: { status: 429, error: TOO_MANY_REQUESTS, headers: { Retry-After: "1" } }\n');
  const run = async () => {
    const api = await makeApi({ scenarios: [path], seed: 3 });
    const { order_id } = await newOrder(api);
    const plain = await Promise.all(Array.from({ length: 20 }, () => api.call('GET', `${OM}/${order_id}`)));
    expect(plain.every((r) => r.status === 200)).toBe(true);
    const named = [];
    for (let i = 0; i < 30; i++) named.push(await api.call('GET', `${OM}/${order_id}`, { headers: { 'X-Sandbox-Scenario': 'flaky' } }));
    return named;
  };
  const named = await run();
  const limited = named.filter((r) => r.status === 429);
  expect(limited.length).toBeGreaterThan(0);
  expect(limited.length).toBeLessThan(30);
  expect(limited[0]?.headers.get('retry-after')).toBe('1');
  expect(await limited[0]?.json()).toMatchObject({ error_code: 'TOO_MANY_REQUESTS', error_messages: ['Too many requests'] });
  expect((await run()).map((r) => r.status)).toEqual(named.map((r) => r.status));
});

test('delay holds the request, then answers normally', async () => {
  const path = await file('slow.yaml', 'name: slow\nrules:\n  - match: { service: kustom, operation: getOrder }\n    delay: { ms: 150 }\n');
  const slept: number[] = [];
  let release!: () => void;
  const api = await makeApi({ scenarios: [path], sleep: (ms) => { slept.push(ms); return new Promise<void>((r) => (release = r)); } });
  const { order_id } = await newOrder(api);
  let answered = false;
  const pending = api.call('GET', `${OM}/${order_id}`).then((r) => ((answered = true), r));
  await expect.poll(() => slept).toEqual([150]);
  expect(answered).toBe(false); // held until the delay is over
  release();
  expect((await pending).status).toBe(200);
});

test('a rule matching a body field fires only for that body; a literal body is sent as is', async () => {
  const path = await file('big.json', JSON.stringify({ name: 'big', rules: [{ match: { service: 'kustom', operation: 'captureOrder', body: { captured_amount: 4242 } }, respond: { status: 409, body: { custom: true } } }] }));
  const api = await makeApi({ scenarios: [path] });
  const { order_id } = await newOrder(api);
  const hit = await api.sb.request(`${OM}/${order_id}/captures`, { method: 'POST', headers: { Authorization: 'Basic kco_test_api_demo', 'content-type': 'application/json' }, body: JSON.stringify({ captured_amount: 4242 }) });
  expect(hit.status).toBe(409);
  expect(await hit.json()).toEqual({ custom: true });
  expect((await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 42 } })).status).toBe(201);
});

test('full reset re-arms boot scenarios and restarts their counters', async () => {
  const api = await makeApi({ scenarios: ['scenarios/kustom-capture-outage.yaml'], arm: ['kustom-capture-outage'] });
  const { order_id } = await newOrder(api);
  await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 1 } });
  await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 1 } });
  await api.admin('POST', '/__admin/reset', {});
  const again = await newOrder(api);
  expect((await api.call('POST', `${OM}/${again.order_id}/captures`, { body: { captured_amount: 1 } })).status).toBe(503);
});

test('an invalid scenario stops the start with a message naming file, rule and field', async () => {
  const path = await file('bad.yaml', 'name: bad\nrules:\n  - match: { service: kustom, operation: captureOrders }\n    respond: { status: 503 }\n');
  await expect(createSandbox({ scenarios: [path], logLevel: 'silent' })).rejects.toThrow(/bad\.yaml: rule 1 \(match\.operation\): kustom has no operation "captureOrders"/);
});

test('every shipped scenario file loads, is described, and is listed with its counters', async () => {
  const sb = await createSandbox({ scenarios: ['scenarios'], logLevel: 'silent' });
  const listed = sb.admin.scenarios.list();
  expect(listed.map((s) => s.name)).toEqual([
    'khumbu-pos-rejects-item', 'khumbu-pos-unreachable', 'khumbu-store-inactive-mid-service', 'khumbu-throttled', 'khumbu-webhook-receiver-flaps',
    'kustom-capture-outage', 'kustom-declined-authorization-increase', 'kustom-fraud-review', 'kustom-lost-capture-answer', 'kustom-rate-limited', 'kustom-slow-reads',
    'oktopos-kitchen-stalls', 'oktopos-maintenance-window', 'oktopos-slow-ready-list',
  ]);
  for (const s of listed) {
    expect(s.description.length, s.name).toBeGreaterThan(40);
    expect(s.rules.every((r) => r['matched'] === 0 && r['fired'] === 0), s.name).toBe(true);
  }
  await sb.close();
});
