import { expect, test } from 'vitest';
import { DEMO, makeApi, newOrder } from '../helpers/sandbox.js';

/** Scenarios at runtime through /__admin/scenarios, and network faults in process. */
const OM = '/ordermanagement/v1/orders';
const outage = (name: string, extra: Record<string, unknown> = {}) => ({ name, rules: [{ match: { service: 'kustom', operation: 'getOrder' }, respond: { status: 503, error: 'TEMPORARILY_UNAVAILABLE' } }], ...extra });

test('POST loads a scenario (201), GET lists it with counters, disarm/arm switch it, DELETE unloads it', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  const created = await api.admin('POST', '/__admin/scenarios', outage('down'));
  expect(created.status).toBe(201);
  expect(await created.json()).toMatchObject({ name: 'down', source: 'admin', boot: false, armed: true, rules: [{ matched: 0, fired: 0 }] });
  expect((await api.call('GET', `${OM}/${order_id}`)).status).toBe(503);
  expect((await (await api.admin('GET', '/__admin/scenarios')).json())[0]).toMatchObject({ name: 'down', rules: [{ matched: 1, fired: 1 }] });
  expect(await (await api.admin('POST', '/__admin/scenarios/down/disarm')).json()).toMatchObject({ armed: false });
  expect((await api.call('GET', `${OM}/${order_id}`)).status).toBe(200);
  expect((await api.call('GET', `${OM}/${order_id}`, { headers: { 'X-Sandbox-Scenario': 'down' } })).status).toBe(503);
  expect(await (await api.admin('POST', '/__admin/scenarios/down/arm')).json()).toMatchObject({ armed: true });
  expect((await api.call('GET', `${OM}/${order_id}`)).status).toBe(503);
  expect(await (await api.admin('DELETE', '/__admin/scenarios/down')).json()).toEqual({ deleted: 'down' });
  expect((await api.call('GET', `${OM}/${order_id}`)).status).toBe(200);
  expect(await (await api.admin('GET', '/__admin/scenarios')).json()).toEqual([]);
});

test('a runtime scenario is checked like a file: 400 naming the rule and the field, nothing loaded', async () => {
  const api = await makeApi();
  const cases: [unknown, RegExp][] = [
    [{ name: 'x', rules: [{ match: { service: 'kustom', operation: 'getOrders' }, respond: { status: 503 } }] }, /rule 1 \(match\.operation\): kustom has no operation "getOrders"/],
    [{ name: 'x', rules: [{ match: { service: 'kustum', operation: 'getOrder' }, respond: { status: 503 } }] }, /rule 1 \(match\.service\): unknown service "kustum"; use one of kustom, khumbu, oktopos/],
    [{ name: 'x', rules: [{ match: { service: 'khumbu', operation: 'createOrder' }, respond: { status: 502, error: 'KS-9999' } }] }, /rule 1 \(respond\.error\): khumbu has no error code "KS-9999"/],
    [{ name: 'x', rules: [{ match: { service: 'oktopos', operation: 'createOrder' }, webhook: { orderStatus: 'FAILED', error: 'KS-2003' } }] }, /rule 1 \(webhook\): oktopos has no webhook outcome; khumbu has/],
    [{ name: 'x', rules: [{ match: { service: 'khumbu', operation: 'createOrder' }, webhook: { orderStatus: 'FAILED' } }] }, /rule 1 \(webhook\): orderStatus FAILED needs an error code/],
    [{ name: 'x', rules: [{ match: { service: 'khumbu', operation: 'validateCart' }, webhook: { orderStatus: 'SUCCESS' } }] }, /the webhook outcome follows createOrder, fireOrder, cancelOrder, not validateCart/],
    [{ name: 'x', rules: [{ match: { service: 'kustom', operation: 'getOrder' }, delay: { ms: 5 }, fault: 'timeout' }] }, /rule 1: a rule needs exactly one effect/],
    [{ name: 'x', rules: [{ match: { service: 'kustom', operation: 'getOrder' }, fault: 'meltdown' }] }, /rule 1 \(fault\)/],
    [{ name: 'bad name!', rules: [] }, /name: use letters, digits/],
  ];
  for (const [body, message] of cases) {
    const res = await api.admin('POST', '/__admin/scenarios', body);
    expect(res.status, JSON.stringify(body)).toBe(400);
    const err = (await res.json()) as { error: { code: string; message: string } };
    expect(err.error.code).toBe('BAD_REQUEST');
    expect(err.error.message).toMatch(message);
  }
  expect(await (await api.admin('GET', '/__admin/scenarios')).json()).toEqual([]);
});

test('a file\'s scenario cannot be replaced at runtime (409); a runtime one can; unknown names are 404', async () => {
  const api = await makeApi({ scenarios: ['scenarios/kustom-capture-outage.yaml'], arm: ['kustom-capture-outage'] });
  const clash = await api.admin('POST', '/__admin/scenarios', outage('kustom-capture-outage'));
  expect(clash.status).toBe(409);
  expect((await clash.json()).error.message).toMatch(/loaded from scenarios\/kustom-capture-outage\.yaml at start/);
  expect((await api.admin('POST', '/__admin/scenarios', outage('mine'))).status).toBe(201);
  expect((await api.admin('POST', '/__admin/scenarios', outage('mine', { armed: false }))).status).toBe(201);
  expect((await (await api.admin('GET', '/__admin/scenarios')).json()).map((s: { name: string; armed: boolean }) => [s.name, s.armed])).toEqual([['kustom-capture-outage', true], ['mine', false]]);
  for (const [method, path] of [['DELETE', '/__admin/scenarios/nope'], ['POST', '/__admin/scenarios/nope/arm'], ['POST', '/__admin/scenarios/nope/disarm']] as const) {
    const res = await api.admin(method, path);
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toMatch(/No scenario "nope" is loaded/);
  }
  // Reset: runtime scenarios stay, disarmed; the file's comes back armed even after a delete.
  await api.admin('POST', '/__admin/scenarios/mine/arm');
  await api.admin('DELETE', '/__admin/scenarios/kustom-capture-outage');
  await api.admin('POST', '/__admin/reset', {});
  expect((await (await api.admin('GET', '/__admin/scenarios')).json()).map((s: { name: string; armed: boolean }) => [s.name, s.armed])).toEqual([['kustom-capture-outage', true], ['mine', false]]);
});

test('a scenario scoped to a tenant never touches another tenant', async () => {
  const api = await makeApi();
  await api.admin('POST', '/__admin/scenarios', outage('only-a', { tenant: 'tenant-a' }));
  const a = await newOrder(api, 'tenant-a');
  const b = await newOrder(api, 'tenant-b');
  expect((await api.call('GET', `${OM}/${a.order_id}`, { tenant: 'tenant-a' })).status).toBe(503);
  expect((await api.call('GET', `${OM}/${b.order_id}`, { tenant: 'tenant-b' })).status).toBe(200);
  expect((await api.call('GET', `${OM}/${b.order_id}`, { tenant: 'tenant-b', headers: { 'X-Sandbox-Scenario': 'only-a' } })).status).toBe(200);
});

test('in process, network faults reject like fetch does, change nothing, and are journaled with status 0', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  const path = `${OM}/${order_id}/captures`;
  const capture = () => api.sb.request(path, { method: 'POST', headers: { Authorization: `Basic ${DEMO}`, 'content-type': 'application/json' }, body: JSON.stringify({ captured_amount: 100 }) });
  const cases = [['connection_reset', 'ECONNRESET'], ['empty_response', 'UND_ERR_SOCKET']] as const;
  for (const [fault, code] of cases) {
    await api.admin('POST', '/__admin/scenarios', { name: fault, rules: [{ match: { service: 'kustom', operation: 'captureOrder' }, times: 1, fault }] });
    await expect(capture()).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed', cause: { code } });
  }
  await api.admin('POST', '/__admin/scenarios', { name: 'garbled', rules: [{ match: { service: 'kustom', operation: 'captureOrder' }, times: 1, fault: 'malformed_json' }] });
  const garbled = await capture();
  expect(garbled.status).toBe(200);
  await expect(garbled.json()).rejects.toThrow(SyntaxError);
  await api.admin('POST', '/__admin/scenarios', { name: 'hang', rules: [{ match: { service: 'kustom', operation: 'captureOrder' }, times: 1, fault: 'timeout' }] });
  const hung = api.sb.request(path, { method: 'POST', headers: { Authorization: `Basic ${DEMO}`, 'content-type': 'application/json' }, body: JSON.stringify({ captured_amount: 100 }), signal: AbortSignal.timeout(200) });
  await expect(hung).rejects.toMatchObject({ name: 'TimeoutError' });
  expect((await (await api.call('GET', `${OM}/${order_id}`)).json()).captured_amount).toBe(0);
  const journal = api.sb.admin.journal.list({ operation: 'captureOrder' });
  expect(journal.map((e) => [e.status, e.fault, e.scenario])).toEqual([
    [0, 'timeout', 'hang#1'], [200, 'malformed_json', 'garbled#1'], [0, 'empty_response', 'empty_response#1'], [0, 'connection_reset', 'connection_reset#1'],
  ]);
  expect((await capture()).status).toBe(201);
});
