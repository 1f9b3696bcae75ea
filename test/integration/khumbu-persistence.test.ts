import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/index.js';

/** Khumbu state across a restart with a data directory: orders, store changes, tokens and a POS answer still due. */
const MARKET = '/uat/v1/providers/standardprovider/partners/simphony/markets/plkpl';

async function getToken(sb: Sandbox, client: string): Promise<string> {
  const res = await sb.request('/oauth2/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `grant_type=client_credentials&client_id=${client}&client_secret=s` });
  return ((await res.json()) as { access_token: string }).access_token;
}

const post = (sb: Sandbox, jwt: string, suffix: string, body: unknown) => sb.request(`${MARKET}/${suffix}`, {
  method: 'POST', headers: { authorization: `Bearer ${jwt}`, 'x-api-key': 'k', 'content-type': 'application/json' }, body: JSON.stringify(body),
});

const order = (id: string) => ({
  providerOrderId: id, marketName: 'plkpl', storeInformation: { providerStoreId: '99999' }, orderNotificationType: 'CREATE',
  payments: { total: 100, paymentMethod: 'CASH', currencyCode: 'PLN' }, serviceMode: { fulfillmentMode: 'DELIVERY' }, orderItems: [{ id: '123', quantity: 1 }],
});

test('orders, the duplicate index, store changes and tokens survive a restart; a POS answer due meanwhile is given after it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-khumbu-'));
  const a = await createSandbox({ data: dir, logLevel: 'silent' });
  const jwt = await getToken(a, 'client-p');
  const created = await post(a, jwt, 'orders/notification', order('keep-me'));
  expect(created.status).toBe(202);
  const { ksOrderId } = (await created.json()) as { ksOrderId: string };
  await a.admin.khumbu.setStoreStatus('client-p', '48002', 'INA');
  await a.admin.khumbu.setItemStock('client-p', '99999', 'OptionId1', false);
  await a.close();

  const b = await createSandbox({ data: dir, logLevel: 'silent' });
  expect((await post(b, jwt, 'orders/notification', order('keep-me'))).status).toBe(409); // same token, same duplicate index
  expect((await b.admin.khumbu.getStore('client-p', '48002')).storeStatus).toBe('INA');
  expect((await b.admin.khumbu.getStore('client-p', '99999')).menus[0]?.categories[0]?.items[0]?.itemVariations[0]?.optionGroups[0]?.options[0]?.inStock).toBe(false);
  await b.admin.clock.advance({ seconds: 5 });
  expect(await b.admin.khumbu.getOrder('client-p', ksOrderId)).toMatchObject({ status: 'SUCCESS' });
  expect(b.admin.webhooks.list({ service: 'khumbu', kind: 'orderStatus' })[0]?.body).toContain('"orderStatus":"SUCCESS"');
  expect(await readdir(join(dir, 'khumbu'))).toContain('client-p.json');
  await b.close();
});

test('reset gives a client fresh stores and no orders; another client keeps its own', async () => {
  const sb = await createSandbox({ logLevel: 'silent' });
  const a = await getToken(sb, 'client-a');
  const b = await getToken(sb, 'client-b');
  await post(sb, a, 'orders/notification', order('x'));
  await post(sb, b, 'orders/notification', order('x'));
  await sb.admin.khumbu.setStoreStatus('client-a', '99999', 'INA');
  await sb.admin.reset({ service: 'khumbu', tenant: 'client-a' });
  expect(await sb.admin.khumbu.listOrders('client-a')).toEqual([]);
  expect((await sb.admin.khumbu.getStore('client-a', '99999')).storeStatus).toBe('ACT');
  expect(await sb.admin.khumbu.listOrders('client-b')).toHaveLength(1);
  expect((await post(sb, a, 'orders/notification', order('x'))).status).toBe(202);
  expect((await sb.admin.tenants())['khumbu']).toEqual(expect.arrayContaining(['client-a', 'client-b', 'khumbu_demo_client']));
  await sb.close();
});
