import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { DEMO_STREETS } from '../../../src/core/demo-people.js';
import { DEFAULT_FIXTURES_DIR } from '../../../src/sandbox.js';
import { CAFE_CITY, CAFE_MENU } from '../../../src/services/oktopos/catalogue.js';
import { demoOrders, loadOktoFixtures, type OktoArticle } from '../../../src/services/oktopos/fixtures.js';

/** The café's articles come from its menu, each under the right category and tax rate; the demo orders are made of them. */
const NOW = Date.parse('2026-06-01T12:00:00Z');
const fx = loadOktoFixtures(DEFAULT_FIXTURES_DIR);
const rate = (a: OktoArticle) => fx.taxRates.find((t) => t.id === a.taxRateId)?.rate;
/** What is served hot in a café: coffee from the machine, tea, hot chocolate. */
const HOT = /Espresso|Doppio|Americano|Cappuccino|Macchiato|Flat White|Milchkaffee|Chai|Hot Chocolate|Tea \(|Mint Tea/;

async function fixturesWithSeed(seed: number) {
  const dir = await mkdtemp(join(tmpdir(), 'okto-fixtures-'));
  const raw = JSON.parse(await readFile(join(DEFAULT_FIXTURES_DIR, 'oktopos.json'), 'utf8'));
  await writeFile(join(dir, 'oktopos.json'), JSON.stringify({ ...raw, articles: { ...raw.articles, seed } }));
  return loadOktoFixtures(dir);
}

test('every article is on the café\'s menu, at its price, under its category, sold through its category\'s channels; ids from 1001', () => {
  expect(fx.articles).toHaveLength(40);
  expect(fx.articles.map((a) => a.id)).toEqual(fx.articles.map((_, i) => 1001 + i));
  for (const a of fx.articles) {
    const entry = CAFE_MENU.find((m) => m.name === a.name);
    expect(entry, `${a.name} is on the menu`).toBeDefined();
    expect([a.category, a.price, a.externalId]).toEqual([entry?.category.name, { value: entry?.price, currency: 'EUR' }, String(a.id)]);
    const tokens = fx.distributionChannels.filter((c) => a.distributionChannelIds.includes(c.id)).map((c) => c.token);
    expect(tokens).toEqual(entry?.category.channels);
  }
});

test('an espresso is a hot drink: everything served hot is under Hot drinks, nothing hot under Cold drinks; drinks at 19 %, food at 7 %', () => {
  const hot = fx.articles.filter((a) => HOT.test(a.name));
  expect(hot.map((a) => a.name)).toEqual(expect.arrayContaining(['Espresso', 'Cappuccino']));
  for (const a of hot) expect([a.name, a.category, rate(a)]).toEqual([a.name, 'Hot drinks', '19.00']);
  for (const m of CAFE_MENU) if (HOT.test(m.name)) expect([m.name, m.category.name]).toEqual([m.name, 'Hot drinks']);
  for (const a of fx.articles.filter((x) => x.category === 'Cold drinks')) expect(HOT.test(a.name), a.name).toBe(false);
  for (const a of fx.articles) expect([a.name, rate(a)]).toEqual([a.name, a.category.endsWith('drinks') ? '19.00' : '7.00']);
  expect(new Set(fx.articles.map((a) => a.category))).toEqual(new Set(['Hot drinks', 'Cold drinks', 'Breakfast', 'Lunch', 'Cakes & pastries']));
});

test('the same seed gives the same articles; another seed another choice', async () => {
  const again = await fixturesWithSeed(1907); // fixtures/oktopos.json's
  expect(again.articles).toEqual(fx.articles);
  const other = await fixturesWithSeed(1908);
  expect(other.articles.map((a) => a.name)).not.toEqual(fx.articles.map((a) => a.name));
});

test('demo orders: lines are articles sold through the order\'s channel, totals add up, guests from Germany, deliveries to the café\'s city', () => {
  const orders = demoOrders(fx, 1, NOW, 1001);
  const channelOf = { LOCAL: 'INHOUSE', PICKUP: 'TAKEAWAY', DELIVERY: 'DELIVERY' } as Record<string, string>;
  for (const o of orders) {
    const items = o.items as { externalId: string; productId: string; name: string; quantity: number; price: { value: string }; distributionChannel: { id: number; token: string }; tax: { taxRateId: number } }[];
    for (const item of items) {
      const a = fx.articles.find((x) => x.externalId === item.externalId);
      expect([item.productId, item.name, item.price]).toEqual([a?.uuid, a?.name, a?.price]);
      expect(item.distributionChannel.token).toBe(channelOf[o['orderType'] as string]);
      expect(a?.distributionChannelIds).toContain(item.distributionChannel.id);
      expect(item.tax.taxRateId).toBe(a?.taxRateId);
    }
    expect((o.payment['price'] as { value: string }).value).toBe(items.reduce((s, i) => s + Number(i.price.value) * i.quantity, 0).toFixed(2));
    const customer = o['customer'] as { phone: string; address?: { street: string; zip: string; city: string } };
    expect(customer.phone).toMatch(/^\+49 1\d{2} \d{8}$/);
    if (o['orderType'] === 'DELIVERY') {
      expect(customer.address?.city).toBe(CAFE_CITY);
      expect(DEMO_STREETS.DE).toContainEqual({ street: customer.address?.street, postalCode: customer.address?.zip, city: CAFE_CITY });
    } else expect(customer.address).toBeUndefined();
  }
  expect(orders.find((o) => o.status === 'delivered')?.['orderType']).toBe('DELIVERY');
  expect(orders.find((o) => o.status === 'picked_up')?.['orderType']).toBe('PICKUP');
});

test('demo orders: the same seed gives the same orders, another seed other ones', () => {
  expect(demoOrders(fx, 1, NOW, 1001)).toEqual(demoOrders(fx, 1, NOW, 1001));
  const other = demoOrders(fx, 2, NOW, 1001);
  expect(other.map((o) => o.status)).toEqual(demoOrders(fx, 1, NOW, 1001).map((o) => o.status));
  expect(other.map((o) => o.items)).not.toEqual(demoOrders(fx, 1, NOW, 1001).map((o) => o.items));
});
