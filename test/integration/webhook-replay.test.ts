import { expect, test } from 'vitest';
import { makeApi } from '../helpers/sandbox.js';

test('replay: a recorded delivery is sent again now as a new delivery (same URL, headers, body), answered with its attempt', async () => {
  const sent: { url: string; body: string }[] = [];
  let status = 500;
  const api = await makeApi({ sendWebhook: async (url, init) => (sent.push({ url, body: init.body }), status) });
  await api.admin('PUT', '/__admin/webhooks/receivers', { service: 'khumbu', tenant: 'replay-client', url: 'http://127.0.0.1:9/khumbu' });
  await api.admin('POST', '/__admin/khumbu/stores/48002/status?tenant=replay-client', { storeStatus: 'INA' });
  await api.sb.admin.tick();
  const [original] = await (await api.admin('GET', '/__admin/webhooks?tenant=replay-client')).json();
  expect(original).toMatchObject({ kind: 'storeStatus', state: 'pending', attempts: [{ status: 500 }] });

  status = 200;
  const res = await api.admin('POST', `/__admin/webhooks/${original.id}/replay`);
  expect(res.status).toBe(201);
  const copy = await res.json();
  expect(copy).toMatchObject({ replayOf: original.id, kind: 'storeStatus', url: original.url, body: original.body, state: 'delivered', attempts: [{ status: 200 }] });
  expect(copy.id).not.toBe(original.id);
  expect(sent.at(-1)).toEqual({ url: 'http://127.0.0.1:9/khumbu', body: original.body });
  const list = await (await api.admin('GET', '/__admin/webhooks?tenant=replay-client')).json();
  expect(list.map((d: { id: string }) => d.id)).toEqual([copy.id, original.id]);
});

test('replay of an inbox delivery lands in the inbox again; an unknown id → 404 in the admin envelope, nothing added', async () => {
  const api = await makeApi();
  await api.admin('POST', '/__admin/khumbu/stores/48002/status?tenant=inbox-client', { storeStatus: 'INA' });
  const [original] = await (await api.admin('GET', '/__admin/webhooks?tenant=inbox-client')).json();
  const copy = await (await api.admin('POST', `/__admin/webhooks/${original.id}/replay`)).json();
  expect(copy).toMatchObject({ state: 'inbox', replayOf: original.id, url: null });
  const missing = await api.admin('POST', '/__admin/webhooks/wh_nope/replay');
  expect(missing.status).toBe(404);
  expect((await missing.json()).error.code).toBe('NOT_FOUND');
  expect(await (await api.admin('GET', '/__admin/webhooks?tenant=inbox-client')).json()).toHaveLength(2);
});
