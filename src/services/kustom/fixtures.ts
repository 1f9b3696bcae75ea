import { z } from '@hono/zod-openapi';
import type { Faker } from '@faker-js/faker';
import { loadFixtureFile } from '../../core/fixture-file.js';
import { demoAddress, demoPerson, type DemoCountry } from '../../core/demo-people.js';
import { seededFaker } from '../../core/ids.js';
import { PRODUCTS, productUrl, type ShopCurrency } from './catalogue.js';
import { expectedTax } from './checkout-transitions.js';
import { AUTHORIZATION_LIFETIME_MS, DAY_MS, iso, type Address, type Order, type OrderLine } from './model.js';
import type { KustomDoc } from './repo.js';
import { cancel, capture, refund, releaseRemainingAuthorization, settle } from './transitions.js';

/**
 * Kustom fixtures: merchants (fixtures/kustom.json, validated at boot) and their demo orders across
 * every status and three markets (SE, PL, DE): products from the shop's catalogue (catalogue.ts) at
 * its prices in the market's currency, shoppers and addresses of the market's country
 * (core/demo-people.ts), all chosen by faker from a fixed seed.
 *
 * @example
 * const fx = loadKustomFixtures('fixtures');
 * const doc = seedKustomDoc(fx.tenants[0], Date.now());
 */
export const KustomFixturesSchema = z.object({
  $comment: z.string().optional(),
  tenants: z.array(z.object({
    id: z.string().min(1),
    name: z.string().optional(),
    password: z.string().min(1).optional(),
    receiver: z.url().optional(),
    demoOrders: z.object({ seed: z.number().int(), count: z.number().int().min(0).max(1000) }).optional(),
  })),
});
export type KustomFixtures = z.infer<typeof KustomFixturesSchema>;
export type KustomTenantFixture = KustomFixtures['tenants'][number];

export function loadKustomFixtures(dir: string): KustomFixtures {
  return loadFixtureFile(dir, 'kustom.json', KustomFixturesSchema, 'Kustom');
}

/** A market the shop sells in; `taxRate` is the country's standard VAT rate, which every product bears. */
export interface Market { country: DemoCountry; currency: ShopCurrency; locale: string; taxRate: number }
const MARKETS: Market[] = [
  { country: 'SE', currency: 'SEK', locale: 'sv-SE', taxRate: 2500 },
  { country: 'PL', currency: 'PLN', locale: 'pl-PL', taxRate: 2300 },
  { country: 'DE', currency: 'EUR', locale: 'de-DE', taxRate: 1900 },
];
/** Where faker-made shopper data comes from when the country is none of the markets above. */
export const DEFAULT_MARKET = MARKETS[0] as Market;

/** The story of each demo order: its age in days and what happened to it. */
type Plan = { days: number; then: ('capture-part' | 'capture-all' | 'refund-part' | 'refund-all' | 'cancel' | 'release' | 'pending')[] };
const PLANS: Plan[] = [
  { days: 0, then: [] },
  { days: 1, then: [] },
  { days: 27, then: [] }, // expires within a day: advance the clock to watch it expire
  { days: 0, then: ['pending'] },
  { days: 3, then: [] },
  { days: 2, then: ['capture-part'] },
  { days: 5, then: ['capture-part'] },
  { days: 6, then: ['capture-part', 'release'] },
  { days: 4, then: ['capture-all'] },
  { days: 8, then: ['capture-all'] },
  { days: 10, then: ['capture-all', 'refund-part'] },
  { days: 12, then: ['capture-part', 'capture-all'] },
  { days: 14, then: ['capture-all', 'refund-all'] },
  { days: 20, then: ['capture-all', 'refund-all'] },
  { days: 1, then: ['cancel'] },
  { days: 9, then: ['cancel'] },
  { days: 15, then: ['cancel'] },
  { days: 35, then: [] }, // expired
  { days: 45, then: [] }, // expired
  { days: 40, then: ['capture-part'] }, // part captured, then expired
];

/** A line of one catalogue product at the shop's price in the market's currency (one of a pricier one); now and then 10 % off. */
function line(f: Faker, m: Market, product: (typeof PRODUCTS)[number]): OrderLine {
  const quantity = product.price.EUR >= 50_00 ? 1 : f.number.int({ min: 1, max: 3 });
  const unit_price = product.price[m.currency];
  const discount = f.number.int({ min: 0, max: 4 }) === 0 ? Math.round(unit_price * quantity * 0.1) : 0;
  const total_amount = quantity * unit_price - discount;
  return {
    type: 'physical',
    reference: product.sku,
    name: product.name,
    quantity,
    quantity_unit: 'pcs',
    unit_price,
    tax_rate: m.taxRate,
    total_amount,
    ...(discount ? { total_discount_amount: discount } : {}),
    total_tax_amount: expectedTax(total_amount, m.taxRate),
    product_url: productUrl(product),
  };
}

/** A shopper of the market's country at an address there (street, postal code and city agree), with e-mail and phone. */
export function fakeAddress(f: Faker, m: Market): Address {
  const person = demoPerson(f, m.country);
  const address = demoAddress(f, m.country);
  return {
    given_name: person.givenName,
    family_name: person.familyName,
    street_address: address.streetAddress,
    postal_code: address.postalCode,
    city: address.city,
    country: m.country,
    email: person.email,
    phone: person.phone,
  };
}

/** A fresh AUTHORIZED order with faker data; `overrides` win. Used by fixtures and the admin shortcut. */
export function fakeOrder(f: Faker, now: number, p: { orderId: string; reference: string; market?: Market | undefined }, overrides: Partial<Order> = {}): Order {
  const m = p.market ?? f.helpers.arrayElement(MARKETS);
  const lines = overrides.order_lines ?? f.helpers.arrayElements(PRODUCTS, { min: 1, max: 3 }).map((p) => line(f, m, p));
  const amount = overrides.order_amount ?? lines.reduce((s, l) => s + l.total_amount, 0);
  const billing = overrides.billing_address ?? fakeAddress(f, m);
  const at = iso(now);
  return {
    order_id: p.orderId,
    status: 'AUTHORIZED',
    fraud_status: 'ACCEPTED',
    order_amount: amount,
    original_order_amount: amount,
    captured_amount: 0,
    refunded_amount: 0,
    purchase_currency: m.currency,
    purchase_country: m.country,
    locale: m.locale,
    order_lines: lines,
    merchant_reference1: String(f.number.int({ min: 100000, max: 999999 })),
    klarna_reference: p.reference,
    billing_address: billing,
    shipping_address: billing,
    created_at: at,
    expires_at: iso(now + AUTHORIZATION_LIFETIME_MS),
    captures: [],
    refunds: [],
    initial_payment_method: f.helpers.arrayElement([
      { type: 'INVOICE', description: 'Pay later in 30 days' },
      { type: 'FIXED_AMOUNT', description: 'Slice it (Fixed Payments)', number_of_installments: 3 },
      { type: 'DIRECT_DEBIT', description: 'Direct debit' },
      { type: 'CARD', description: 'Card' },
    ]),
    shipping_info: [],
    ...overrides,
    sandbox: { acknowledged: false, history: [{ at, event: 'authorized', status: 'AUTHORIZED', amount: amount }], ...overrides.sandbox },
  };
}

export function marketFor(country: string | undefined): Market | undefined {
  return MARKETS.find((m) => m.country === country?.toUpperCase());
}

/** The demo orders of a fixture tenant, all consistent by construction (built with the transitions). */
export function demoOrders(seed: number, count: number, now: number): Order[] {
  const base = seededFaker(seed);
  const orders: Order[] = [];
  for (let i = 0; i < count; i++) {
    const plan = PLANS[i % PLANS.length] as Plan;
    const m = MARKETS[i % MARKETS.length] as Market;
    const f = seededFaker(seed + i + 1);
    const created = now - plan.days * DAY_MS - base.number.int({ min: 1, max: 20 }) * 3600_000;
    let o = fakeOrder(f, created, { orderId: base.string.uuid(), reference: base.string.alphanumeric({ length: 7, casing: 'upper' }), market: m });
    let t = created;
    const ctx = () => ({ now: (t += 3600_000), newId: () => base.string.uuid() });
    for (const act of plan.then) {
      const c = ctx();
      const part = Math.round(o.order_amount / 2);
      const r =
        act === 'capture-part' ? capture(o, { captured_amount: part }, c) :
        act === 'capture-all' ? capture(o, { captured_amount: o.order_amount - o.captured_amount }, c) :
        act === 'refund-part' ? refund(o, { refunded_amount: Math.round(o.captured_amount / 3) }, c) :
        act === 'refund-all' ? refund(o, { refunded_amount: o.captured_amount - o.refunded_amount }, c) :
        act === 'cancel' ? cancel(o, c) :
        act === 'release' ? releaseRemainingAuthorization(o, c) :
        null;
      if (act === 'pending') {
        o = { ...o, fraud_status: 'PENDING', sandbox: { ...o.sandbox, fraud_resolution: { at: iso(now + 30 * 60_000), to: 'ACCEPTED' } } };
        continue;
      }
      if (!r?.ok) throw new Error(`demo order plan ${i} (${act}) is inconsistent: ${r ? JSON.stringify(r.error) : 'no result'}`);
      o = 'order' in r.value ? r.value.order : r.value;
    }
    if (plan.then.length) o = { ...o, sandbox: { ...o.sandbox, acknowledged: true } };
    orders.push(settle(o, now).order);
  }
  return orders;
}

export function seedKustomDoc(fixture: KustomTenantFixture | undefined, now: number): KustomDoc {
  const orders: KustomDoc['orders'] = {};
  if (fixture?.demoOrders) for (const o of demoOrders(fixture.demoOrders.seed, fixture.demoOrders.count, now)) orders[o.order_id] = o;
  return { orders, checkouts: {} };
}
