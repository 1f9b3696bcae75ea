import { expect, test } from 'vitest';
import { DEMO_STREETS, POSTAL_CODE_FORMAT, type DemoCountry } from '../../../src/core/demo-people.js';
import { PRODUCTS, productUrl } from '../../../src/services/kustom/catalogue.js';
import { demoOrders } from '../../../src/services/kustom/fixtures.js';
import type { Address, Order } from '../../../src/services/kustom/model.js';
import { makeApi } from '../../helpers/sandbox.js';

/** Kustom's demo orders: the shop's products at its prices, shoppers at addresses of the market's country, the same from the same seed. */
const NOW = Date.parse('2026-06-01T12:00:00.000Z');
const SEED = 20261122; // fixtures/kustom.json
const TAX: Record<string, [string, number]> = { SE: ['SEK', 2500], PL: ['PLN', 2300], DE: ['EUR', 1900] };

function expectFromCatalogue(o: Order) {
  const [currency, rate] = TAX[o.purchase_country] as [string, number];
  expect(o.purchase_currency).toBe(currency);
  for (const l of o.order_lines) {
    const p = PRODUCTS.find((x) => x.sku === l.reference);
    expect(p, `${l.reference} ${l.name} is a catalogue product`).toBeDefined();
    if (!p) continue;
    expect([l.name, l.unit_price, l.tax_rate, l.product_url]).toEqual([p.name, p.price[currency as 'SEK'], rate, productUrl(p)]);
  }
}

function expectLocalAddress(a: Address | undefined, country: string) {
  expect(a?.country).toBe(country);
  expect(a?.postal_code).toMatch(POSTAL_CODE_FORMAT[country as DemoCountry]);
  const street = DEMO_STREETS[country as DemoCountry].find((s) => s.postalCode === a?.postal_code && s.city === a?.city && a?.street_address?.startsWith(`${s.street} `));
  expect(street, `${a?.street_address}, ${a?.postal_code} ${a?.city}, ${country} is a curated address`).toBeDefined();
}

test('the same seed gives the same demo orders; another seed other ones', () => {
  const a = demoOrders(SEED, 20, NOW);
  expect(demoOrders(SEED, 20, NOW)).toEqual(a);
  const b = demoOrders(SEED + 1, 20, NOW);
  expect(b.map((o) => o.order_lines)).not.toEqual(a.map((o) => o.order_lines));
  expect(b.map((o) => o.billing_address)).not.toEqual(a.map((o) => o.billing_address));
});

test('every demo order line is a catalogue product at its price in the market\'s currency and tax rate; every address agrees with its country', () => {
  const orders = demoOrders(SEED, 60, NOW);
  expect(new Set(orders.map((o) => o.purchase_country))).toEqual(new Set(['SE', 'PL', 'DE']));
  for (const o of orders) {
    expectFromCatalogue(o);
    expectLocalAddress(o.billing_address, o.purchase_country);
    expect(o.billing_address?.email).toMatch(/@example\.com$/);
  }
});

test('the catalogue: unique SKUs, a price in every currency, and prices that make sense side by side (SEK ≈ 10–12 × EUR, PLN ≈ 4–5 × EUR)', () => {
  expect(new Set(PRODUCTS.map((p) => p.sku)).size).toBe(PRODUCTS.length);
  for (const p of PRODUCTS) {
    expect(p.price.SEK / p.price.EUR, p.name).toBeGreaterThan(9.5);
    expect(p.price.SEK / p.price.EUR, p.name).toBeLessThan(12.5);
    expect(p.price.PLN / p.price.EUR, p.name).toBeGreaterThan(3.8);
    expect(p.price.PLN / p.price.EUR, p.name).toBeLessThan(5);
  }
});

test('the admin shortcut (faker from --seed, English locale) also sells catalogue products to shoppers of the market\'s country', async () => {
  const api = await makeApi();
  for (const country of ['SE', 'DE', 'PL']) {
    const order = (await api.sb.admin.kustom.createOrder('t-demo-data', { purchase_country: country })) as unknown as Order;
    expectFromCatalogue(order);
    expectLocalAddress(order.billing_address, country);
  }
});
