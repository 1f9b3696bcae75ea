import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { afterEach, expect, test } from 'vitest';
import { CLIENT, createOrder, hooks, isDemoOrder } from '../helpers/khumbu.js';
import { makeApi, type Api } from '../helpers/sandbox.js';

/** Khumbu's five webhooks, delivered to a real receiver on 127.0.0.1 and retried until it answers 200. */
interface Received { kind: string | undefined; body: Record<string, unknown> }

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A receiver that answers the statuses given, in turn (the last one from then on). */
async function receiver(statuses: number[]): Promise<{ url: string; got: Received[] }> {
  const got: Received[] = [];
  let i = 0;
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
    req.on('end', () => {
      got.push({ kind: req.headers['x-sandbox-webhook'] as string | undefined, body: JSON.parse(data) as Record<string, unknown> });
      res.statusCode = statuses[Math.min(i++, statuses.length - 1)] ?? 200;
      res.end();
    });
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/khumbu-hooks`, got };
}

async function register(api: Api, url: string): Promise<void> {
  const res = await api.admin('PUT', '/__admin/webhooks/receivers', { service: 'khumbu', tenant: CLIENT, url });
  expect(res.status).toBe(200);
}

test('Order Status reaches the registered receiver; a 500 and a 204 are retried, a 200 ends it', async () => {
  const api = await makeApi();
  const r = await receiver([500, 204, 200]);
  await register(api, r.url);
  const o = await createOrder(api);
  await api.sb.admin.clock.advance({ seconds: 5 });
  expect(r.got).toHaveLength(1);
  await api.sb.admin.clock.advance({ seconds: 10 });
  expect(r.got).toHaveLength(2);
  await api.sb.admin.clock.advance({ seconds: 60 });
  expect(r.got).toHaveLength(3);
  await api.sb.admin.clock.advance({ seconds: 3600 });
  expect(r.got).toHaveLength(3);
  expect(r.got.every((g) => g.kind === 'orderStatus' && g.body['providerOrderId'] === o.providerOrderId && g.body['orderStatus'] === 'SUCCESS')).toBe(true);
  const [delivery] = hooks(api, 'orderStatus');
  expect(delivery?.state).toBe('delivered');
  expect(delivery?.attempts.map((a) => a.status)).toEqual([500, 204, 200]);
  const listed = await api.admin('GET', '/__admin/webhooks?service=khumbu');
  expect(listed.status).toBe(200);
});

test('a receiver that never answers 200 is tried for 48 h of sandbox time, then the delivery fails', async () => {
  const api = await makeApi();
  const r = await receiver([503]);
  await register(api, r.url);
  await createOrder(api);
  await api.sb.admin.clock.advance({ seconds: 49 * 3600 });
  const [delivery] = hooks(api, 'orderStatus');
  expect(delivery?.state).toBe('failed');
  expect(r.got.length).toBe(delivery?.attempts.length);
  expect(r.got.length).toBeGreaterThan(10);
});

test('restaurant actions send Store Status, Menu Update, Menu Item Update and Menu Hours Update in the documented shapes', async () => {
  const api = await makeApi();
  const r = await receiver([200]);
  await register(api, r.url);
  const q = `?tenant=${CLIENT}`;
  const closed = await api.admin('POST', `/__admin/khumbu/stores/48002/status${q}`, { storeStatus: 'INA' });
  expect(closed.status).toBe(200);
  const text = await closed.text();
  expect(JSON.parse(text)).toMatchObject({ providerStoreId: '48002', storeStatus: 'INA' });
  expect(JSON.parse(text)).not.toHaveProperty('menus'); // a status change answers the store, not its 40 kB menu
  expect(text.length).toBeLessThan(1000);
  expect((await api.admin('POST', `/__admin/khumbu/stores/48002/menu${q}`)).status).toBe(200);
  expect((await api.admin('POST', `/__admin/khumbu/stores/48002/items/123${q}`, { inStock: false })).status).toBe(200);
  const hours = [{ day: 'MONDAY', startTime: '00:00:00', endTime: '23:59:59' }];
  expect((await api.admin('POST', `/__admin/khumbu/stores/48002/hours${q}`, { menuId: '123', menuDayTime: hours })).status).toBe(200);
  await api.sb.admin.tick();
  const byKind = Object.fromEntries(r.got.map((g) => [g.kind, g.body]));
  const store = { providerStoreId: '48002', partnerStoreId: '48002' };
  const publisher = { providerName: 'standardprovider', partnerName: 'simphony', marketName: 'plkpl', storeInformation: store };
  expect(byKind['storeStatus']).toEqual({ partnerName: 'simphony', marketName: 'plkpl', storeInformation: store, storeStatus: 'INA' });
  expect(byKind['menuItemUpdate']).toEqual({ ...publisher, menuItems: [{ id: '123', inStock: false }] });
  expect(byKind['menuHoursUpdate']).toEqual({ ...publisher, menuHours: { menuId: '123', menuDayTime: hours } });
  const menu = byKind['menuUpdate'] as { menus: { categories: { categoryId: string; items: { itemId: string; itemVariations: { price: number }[] }[] }[] }[] };
  expect(menu).toMatchObject(publisher);
  expect(menu.menus[0]?.categories[0]).toMatchObject({ categoryId: '12345', items: [{ itemId: '123', itemVariations: [{ price: 100 }] }] });
  expect(menu.menus[0]?.categories.length).toBeGreaterThan(3);
  const checker = await api.checker('khumbu');
  for (const g of r.got) checker.checkWebhook(g.kind ?? '?', JSON.stringify(g.body));
});

test('a published replacement menu is what orders and carts are checked against from then on', async () => {
  const api = await makeApi();
  const menus = [{ id: '7', name: 'Lunch', categories: [{ categoryId: '1', name: 'Soups', items: [{ itemId: 's1', name: 'Tomato soup', itemVariations: [{ itemVariationId: 's1', name: 'Tomato soup', price: 12.5, inStock: true, optionGroups: [] }] }] }] }];
  const res = await api.admin('POST', `/__admin/khumbu/stores/48002/menu?tenant=${CLIENT}`, { menus });
  expect(res.status).toBe(200);
  expect((await res.json()).menus).toEqual(menus);
  await createOrder(api, { orderItems: [{ id: 's1', quantity: 1 }] });
  await createOrder(api); // the sample pizza is gone
  await api.sb.admin.clock.advance({ seconds: 5 });
  expect(hooks(api, 'orderStatus').reverse().map((h) => h.body['orderStatus'])).toEqual(['SUCCESS', 'FAILED']);
  expect(hooks(api, 'menuUpdate')[0]?.body['menus']).toEqual(menus);
});

test('admin store routes: errors in the admin envelope, and nothing changes', async () => {
  const api = await makeApi();
  const q = `?tenant=${CLIENT}`;
  expect((await api.admin('POST', `/__admin/khumbu/stores/00000/status${q}`, { storeStatus: 'INA' })).status).toBe(404);
  expect((await api.admin('POST', `/__admin/khumbu/stores/48002/status${q}`, { storeStatus: 'CLOSED' })).status).toBe(400);
  expect((await api.admin('POST', '/__admin/khumbu/stores/48002/status', { storeStatus: 'INA' })).status).toBe(400);
  expect((await api.admin('POST', `/__admin/khumbu/stores/48002/items/nothing${q}`, { inStock: false })).status).toBe(404);
  expect((await api.admin('POST', `/__admin/khumbu/stores/48002/hours${q}`, { menuDayTime: [{ day: 'FUNDAY', startTime: '10:00:00', endTime: '11:00:00' }] })).status).toBe(400);
  expect((await api.admin('POST', `/__admin/khumbu/stores/48002/menu${q}`, { menus: [{ id: '1' }] })).status).toBe(400);
  expect(hooks(api)).toEqual([]);
  const store = await (await api.admin('GET', `/__admin/khumbu/stores/48002${q}`)).json();
  expect(store).toMatchObject({ storeStatus: 'ACT', posDelaySeconds: 5, market: 'plkpl', currency: 'PLN', timeZone: 'Europe/Warsaw' });
  const list = await (await api.admin('GET', `/__admin/khumbu/stores${q}`)).json();
  expect(list.map((s: { providerStoreId: string; storeStatus: string }) => `${s.providerStoreId}:${s.storeStatus}`)).toEqual(['48002:ACT', '99999:ACT', '48003:INA', '61001:ACT']);
  const orders = await api.admin('GET', `/__admin/khumbu/orders${q}`);
  expect((await orders.json()).filter((o: { providerOrderId: string }) => !isDemoOrder(o))).toEqual([]);
  expect((await api.admin('GET', `/__admin/khumbu/orders/123${q}`)).status).toBe(404);
});

test('a store change is one client\'s: another client\'s store stays open', async () => {
  const api = await makeApi();
  await api.sb.admin.khumbu.setStoreStatus(CLIENT, '48002', 'INA');
  expect((await api.sb.admin.khumbu.getStore('khumbu_other_client', '48002')).storeStatus).toBe('ACT');
  expect(hooks(api, 'storeStatus', 'khumbu_other_client')).toEqual([]);
});
