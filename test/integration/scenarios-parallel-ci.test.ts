import { expect, test } from 'vitest';
import { createSandbox } from '../../src/index.js';
import { createOrder as createKhumbuOrder, hooks, sampleOrder } from '../helpers/khumbu.js';
import { createOrder as createOktoOrder, okto, orderBody } from '../helpers/oktopos.js';
import { scenarioFile } from '../helpers/scenario-file.js';
import { makeApi, newOrder, type Api } from '../helpers/sandbox.js';

/**
 * Scenarios that parallel CI can trust: loading is not arming, counters are per tenant, and a
 * probability draw is a function of the seed, the scenario, the rule, the tenant and the match number.
 */
const OM = '/ordermanagement/v1/orders';
const capture = (api: Api, tenant: string, orderId: string, headers: Record<string, string> = {}) =>
  api.call('POST', `${OM}/${orderId}/captures`, { tenant, body: { captured_amount: 1000 }, headers });

test('the README\'s CI recipe: with the shipped directory loaded, every request that names no scenario is untouched; a request naming one gets it alone', async () => {
  // npx order-sandbox --port 4010 --seed 42 --scenario scenarios/
  const api = await makeApi({ scenarios: ['scenarios/'], seed: 42 });
  expect(api.sb.admin.scenarios.list().filter((s) => s.armed)).toEqual([]);

  // Kustom: captures (kustom-capture-outage, kustom-lost-capture-answer), an authorization increase, reads.
  const { order_id } = await newOrder(api, 'kco_test_api_ci_1', { initial_payment_method: { type: 'INVOICE' } });
  for (let i = 0; i < 3; i++) expect((await capture(api, 'kco_test_api_ci_1', order_id)).status).toBe(201);
  expect((await api.call('PATCH', `${OM}/${order_id}/authorization`, { tenant: 'kco_test_api_ci_1', body: { order_amount: 20000 } })).status).toBe(204);
  // Khumbu: an order whose first item is 123 (khumbu-pos-rejects-item) succeeds at the POS.
  await createKhumbuOrder(api, sampleOrder());
  await api.sb.admin.clock.advance({ seconds: 60 });
  expect(hooks(api, 'orderStatus').map((h) => h.body['orderStatus'])).toEqual(['SUCCESS']);
  // OktoPOS: the kitchen moves (oktopos-kitchen-stalls) and the ready list answers (oktopos-slow-ready-list).
  const id = await createOktoOrder(api, {}, 'till-ci');
  await api.sb.admin.clock.advance({ seconds: 15 * 60 });
  const ready = (await (await okto(api, 'GET', '/v1/order/ready', { key: 'till-ci' })).json()) as { internalId: number }[];
  expect(ready.map((o) => o.internalId)).toEqual([id]);
  // Nothing was steered: the journal names no scenario.
  expect(api.sb.admin.journal.list({ limit: 1000 }).filter((e) => e.scenario)).toEqual([]);

  // curl -H 'X-Sandbox-Scenario: kustom-capture-outage' …: only that request.
  const named = await capture(api, 'kco_test_api_ci_1', (await newOrder(api, 'kco_test_api_ci_1')).order_id, { 'X-Sandbox-Scenario': 'kustom-capture-outage' });
  expect(named.status).toBe(503);
  expect((await capture(api, 'kco_test_api_ci_1', (await newOrder(api, 'kco_test_api_ci_1')).order_id)).status).toBe(201);
});

test('20 parallel tenants naming kustom-capture-outage each get exactly two 503s, then a 201, whatever the interleaving', async () => {
  const api = await makeApi({ scenarios: ['scenarios/'] });
  const header = { 'X-Sandbox-Scenario': 'kustom-capture-outage' };
  const tenants = Array.from({ length: 20 }, (_, i) => `kco_test_api_parallel_${i}`);
  const orders = await Promise.all(tenants.map(async (t) => (await newOrder(api, t)).order_id));
  const statuses = await Promise.all(tenants.map(async (t, i) => {
    const seen: number[] = [];
    for (let n = 0; n < 3; n++) seen.push((await capture(api, t, orders[i]!, header)).status);
    return seen;
  }));
  expect(statuses).toEqual(tenants.map(() => [503, 503, 201]));
  const rule = api.sb.admin.scenarios.list().find((s) => s.name === 'kustom-capture-outage')!.rules[0]!;
  expect(rule['fired']).toBe(40);
  expect(Object.keys(rule['tenants'] as object).sort()).toEqual([...tenants].sort());
  expect((rule['tenants'] as Record<string, unknown>)[tenants[7]!]).toEqual({ matched: 3, fired: 2 });
});

test('a probability pattern is the same across a reset, unloading and loading again, and interleaved foreign traffic', async () => {
  const flaky = { name: 'flaky-reads', armed: false, rules: [{ match: { service: 'kustom', operation: 'getOrder' }, probability: 0.5, respond: { status: 503, error: 'TEMPORARILY_UNAVAILABLE' } }] };
  const api = await makeApi({ seed: 7 });
  const header = { 'X-Sandbox-Scenario': 'flaky-reads' };
  const pattern = async (tenant: string, foreign?: string) => {
    const { order_id } = await newOrder(api, tenant);
    const other = foreign ? (await newOrder(api, foreign)).order_id : '';
    const out: number[] = [];
    for (let i = 0; i < 24; i++) {
      if (foreign) await api.call('GET', `${OM}/${other}`, { tenant: foreign, headers: header });
      out.push((await api.call('GET', `${OM}/${order_id}`, { tenant, headers: header })).status);
    }
    return out;
  };
  expect((await api.admin('POST', '/__admin/scenarios', flaky)).status).toBe(201);
  const first = await pattern('kco_test_api_p');
  expect(first.filter((s) => s === 503).length).toBeGreaterThan(4);
  expect(first.filter((s) => s === 200).length).toBeGreaterThan(4);

  await api.admin('POST', '/__admin/reset', {});
  expect(await pattern('kco_test_api_p', 'kco_test_api_noise')).toEqual(first);

  await api.admin('DELETE', '/__admin/scenarios/flaky-reads');
  await api.admin('POST', '/__admin/scenarios', flaky);
  expect(await pattern('kco_test_api_p')).toEqual(first);

  // The same seed in another sandbox gives the same pattern; another seed another one.
  const again = await makeApi({ seed: 7 });
  await again.admin('POST', '/__admin/scenarios', flaky);
  const { order_id } = await newOrder(again, 'kco_test_api_p');
  const statuses: number[] = [];
  for (let i = 0; i < 24; i++) statuses.push((await again.call('GET', `${OM}/${order_id}`, { tenant: 'kco_test_api_p', headers: header })).status);
  expect(statuses).toEqual(first);
});

test('a scenario armed at start by --arm applies to everyone, and is armed again after a full reset', async () => {
  const api = await makeApi({ scenarios: ['scenarios/'], arm: ['kustom-capture-outage'] });
  expect(api.sb.admin.scenarios.list().filter((s) => s.armed).map((s) => s.name)).toEqual(['kustom-capture-outage']);
  for (const tenant of ['kco_test_api_a', 'kco_test_api_b']) {
    const { order_id } = await newOrder(api, tenant);
    expect([await capture(api, tenant, order_id), await capture(api, tenant, order_id), await capture(api, tenant, order_id)].map((r) => r.status)).toEqual([503, 503, 201]);
  }
  await api.admin('POST', '/__admin/reset', {});
  const { order_id } = await newOrder(api, 'kco_test_api_a');
  expect((await capture(api, 'kco_test_api_a', order_id)).status).toBe(503);
});

test('a reset of one tenant resets only its counters', async () => {
  const api = await makeApi({ scenarios: ['scenarios/kustom-capture-outage.yaml'], arm: ['kustom-capture-outage'] });
  const spend = async (tenant: string) => {
    const { order_id } = await newOrder(api, tenant);
    for (let i = 0; i < 3; i++) await capture(api, tenant, order_id);
    return order_id;
  };
  await spend('kco_test_api_x');
  await spend('kco_test_api_y');
  expect((await api.admin('POST', '/__admin/reset', { tenant: 'kco_test_api_x' })).status).toBe(200);
  const tenants = (await (await api.admin('GET', '/__admin/scenarios')).json())[0].rules[0].tenants;
  expect(tenants).toEqual({ kco_test_api_y: { matched: 3, fired: 2 } });
  const x = (await newOrder(api, 'kco_test_api_x')).order_id;
  const y = (await newOrder(api, 'kco_test_api_y')).order_id;
  expect((await capture(api, 'kco_test_api_x', x)).status).toBe(503);
  expect((await capture(api, 'kco_test_api_y', y)).status).toBe(201);
});

test('--arm naming no loaded scenario stops the start, naming the closest; a typo of an operation names the closest one; a directory reports every broken file at once', async () => {
  await expect(createSandbox({ scenarios: ['scenarios/'], arm: ['kustom-capture-outages'], logLevel: 'silent' }))
    .rejects.toThrow('--arm: no scenario "kustom-capture-outages" (did you mean "kustom-capture-outage"?) is loaded');
  const dir = (await scenarioFile('a.yaml', 'name: a\nrules:\n  - match: { service: kustom, operation: captureOrders }\n    respond: { status: 503 }\n')).replace(/\/a\.yaml$/, '');
  const { writeFile } = await import('node:fs/promises');
  await writeFile(`${dir}/b.yaml`, 'name: b\nrules:\n  - match: { service: khumbu, operation: createOrdr }\n    respond: { status: 503 }\n');
  await writeFile(`${dir}/c.yaml`, 'name: c\nrules: [[[\n');
  await writeFile(`${dir}/d.yaml`, 'name: d\nrules:\n  - match: { service: kustom, operation: getOrder }\n    respond: { status: 503 }\n');
  const failure = createSandbox({ scenarios: [dir], logLevel: 'silent' });
  await expect(failure).rejects.toThrow(/a\.yaml: rule 1 \(match\.operation\): kustom has no operation "captureOrders"; did you mean "captureOrder"\?/);
  await expect(failure).rejects.toThrow(/b\.yaml: rule 1 \(match\.operation\): khumbu has no operation "createOrdr"; did you mean "createOrder"\?/);
  await expect(failure).rejects.toThrow(/c\.yaml: not valid YAML or JSON/);
  const message = await failure.then(() => '', (e: Error) => e.message);
  expect(message.split('\n')).toHaveLength(3);
  // the same words at runtime
  const api = await makeApi();
  const res = await api.admin('POST', '/__admin/scenarios', { name: 'typo', rules: [{ match: { service: 'kustom', operation: 'refundOrdr' }, respond: { status: 503 } }] });
  expect(res.status).toBe(400);
  expect((await res.json()).error.message).toContain('did you mean "refundOrder"?');
});

test('OktoPOS orders still get an internalId under a header-named kitchen stall, and only that order stalls', async () => {
  const api = await makeApi({ scenarios: ['scenarios/'] });
  const stalled = await okto(api, 'POST', '/v1/order/create', { key: 'till-k', body: orderBody(), headers: { 'X-Sandbox-Scenario': 'oktopos-kitchen-stalls' } });
  const stalledId = ((await stalled.json()) as { internalId: number }).internalId;
  const usual = await createOktoOrder(api, {}, 'till-k');
  await api.sb.admin.clock.advance({ seconds: 3600 });
  expect((await api.sb.admin.oktopos.getOrder('till-k', stalledId)).status).toBe('new');
  expect((await api.sb.admin.oktopos.getOrder('till-k', usual)).status).toBe('ready');
});
