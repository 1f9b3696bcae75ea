import type { Faker } from '@faker-js/faker';
import { z } from '@hono/zod-openapi';
import { loadFixtureFile } from '../../core/fixture-file.js';
import { demoAddress, demoPerson } from '../../core/demo-people.js';
import { seededFaker } from '../../core/ids.js';
import { CAFE_CITY, CAFE_MENU } from './catalogue.js';
import { createOrder, setPaymentStatus, setStatus, settle } from './kitchen.js';
import type { OktoOrder, OrderRequest, PaymentStatus } from './model.js';
import { lazyProperty, once } from '../../core/lazy.js';

/**
 * OktoPOS fixtures (fixtures/oktopos.json, validated at boot): the tills (API keys), tax rates,
 * distribution channels, and the café's articles, chosen by faker from a fixed seed out of its menu
 * (catalogue.ts). The demo till gets one order in every status, its guests from Germany
 * (core/demo-people.ts).
 *
 * @example
 * const fx = loadOktoFixtures('fixtures');
 * fx.articles[0]; // { id: 1001, uuid: '…', externalId: '1001', name: 'Espresso', category: 'Hot drinks', price: { value: '2.40', currency: 'EUR' }, taxRateId: 2, … }
 */
const FixturesSchema = z.strictObject({
  $comment: z.string().optional(),
  tenants: z.array(z.strictObject({ apiKey: z.string().min(1), name: z.string().optional(), preparationMinutes: z.number().min(0).max(1440).optional(), demoOrders: z.boolean().default(false) })),
  defaultPreparationMinutes: z.number().min(0).max(1440),
  currency: z.string().length(3),
  taxRates: z.array(z.strictObject({ id: z.number().int(), name: z.string(), rate: z.string() })).min(1),
  distributionChannels: z.array(z.strictObject({ id: z.number().int(), token: z.enum(['INHOUSE', 'TAKEAWAY', 'DELIVERY']), name: z.string() })).min(1),
  articles: z.strictObject({ seed: z.number().int(), count: z.number().int().min(1).max(1000) }),
});
type Raw = z.infer<typeof FixturesSchema>;

export interface OktoArticle {
  id: number;
  uuid: string;
  externalId: string;
  name: string;
  category: string;
  price: { value: string; currency: string };
  taxRateId: number;
  distributionChannelIds: number[];
  active: boolean;
}

export interface OktoFixtures extends Omit<Raw, 'articles'> {
  articles: OktoArticle[];
}

/**
 * The till's articles: `count` of the café's menu (catalogue.ts), chosen by faker and kept in menu
 * order (all of them when it has fewer), numbered from 1001. Drinks bear the standard rate, food the
 * reduced one; each is sold through its category's channels.
 */
function generateArticles(faker: Faker, count: number, currency: string, raw: Raw): OktoArticle[] {
  const standard = raw.taxRates.find((t) => t.rate.startsWith('19'))?.id ?? raw.taxRates[0]?.id ?? 1;
  const reduced = raw.taxRates.find((t) => t.rate.startsWith('7'))?.id ?? standard;
  const chosen = new Set(faker.helpers.arrayElements(CAFE_MENU, Math.min(count, CAFE_MENU.length)));
  return CAFE_MENU.filter((a) => chosen.has(a)).map((a, i): OktoArticle => {
    const id = 1001 + i;
    return {
      id, uuid: faker.string.uuid(), externalId: String(id), name: a.name, category: a.category.name,
      price: { value: a.price, currency },
      taxRateId: a.category.kind === 'drink' ? standard : reduced,
      distributionChannelIds: raw.distributionChannels.filter((c) => a.category.channels.includes(c.token)).map((c) => c.id),
      active: true,
    };
  });
}

export function loadOktoFixtures(dir: string): OktoFixtures {
  const raw = loadFixtureFile(dir, 'oktopos.json', FixturesSchema, 'OktoPOS');
  // The articles are chosen (by faker, from their seed) when first read, not at start-up.
  return lazyProperty({ ...raw }, 'articles', once(() => generateArticles(seededFaker(raw.articles.seed), raw.articles.count, raw.currency, raw))) as OktoFixtures;
}

/** What happens to a demo order: the kitchen makes it ready, then the till may pay, hand over, close or cancel it. */
type Demo =
  | { status: 'ready' | 'picked_up' | 'delivered' | 'closed' | 'canceled'; payment?: PaymentStatus; type?: OrderType; readyMinutesAgo: number }
  | { status: 'new' | 'accepted' | 'in_preparation'; type?: OrderType; startedShare: number };
type OrderType = 'LOCAL' | 'PICKUP' | 'DELIVERY';

/**
 * The demo till's orders, oldest first (so internalIds grow with time, as a till's do). The finished
 * ones were ready `readyMinutesAgo` (the kitchen's preparation time after they came in); the
 * kitchen's current ones came in a share of the preparation time ago and are still on its clock.
 */
const DEMO: Demo[] = [
  { status: 'canceled', readyMinutesAgo: 150 },
  { status: 'closed', payment: 'paid', type: 'LOCAL', readyMinutesAgo: 120 },
  { status: 'delivered', type: 'DELIVERY', readyMinutesAgo: 100 },
  { status: 'picked_up', type: 'PICKUP', readyMinutesAgo: 75 },
  { status: 'ready', payment: 'paid', type: 'PICKUP', readyMinutesAgo: 40 },
  { status: 'ready', readyMinutesAgo: 15 },
  { status: 'in_preparation', startedShare: 0.5 },
  { status: 'accepted', startedShare: 0.15 },
  { status: 'new', startedShare: 0.03 },
];

const CHANNEL: Record<OrderType, 'INHOUSE' | 'TAKEAWAY' | 'DELIVERY'> = { LOCAL: 'INHOUSE', PICKUP: 'TAKEAWAY', DELIVERY: 'DELIVERY' };
const MIN = 60_000;

/** What a guest orders through that channel: one or two drinks, and none to two things to eat. */
function basket(faker: Faker, fx: OktoFixtures, type: OrderType): OrderRequest['items'] {
  const channel = fx.distributionChannels.find((c) => c.token === CHANNEL[type]);
  const sold = fx.articles.filter((a) => !channel || a.distributionChannelIds.includes(channel.id));
  const isDrink = (a: OktoArticle) => a.category.endsWith('drinks');
  const chosen = [
    ...faker.helpers.arrayElements(sold.filter(isDrink), { min: 1, max: 2 }),
    ...faker.helpers.arrayElements(sold.filter((a) => !isDrink(a)), { min: 0, max: 2 }),
  ];
  return chosen.map((a, j) => {
    const tax = fx.taxRates.find((t) => t.id === a.taxRateId);
    return {
      basketItemId: j + 1, mainBasketItemId: j + 1, productId: a.uuid, externalId: a.externalId, name: a.name,
      quantity: faker.number.int({ min: 0, max: 3 }) === 0 ? 2 : 1, price: a.price,
      ...(channel ? { distributionChannel: { id: channel.id, token: channel.token } } : {}),
      ...(tax ? { tax: { taxRateId: tax.id, taxRate: tax.rate } } : {}),
    };
  });
}

/** The preparation time of the (first) demo till, else the default. */
const demoPreparationMs = (fx: OktoFixtures) => (fx.tenants.find((t) => t.demoOrders)?.preparationMinutes ?? fx.defaultPreparationMinutes) * MIN;

/**
 * One demo order in every status, each sent as an app sends one (status `new`) and taken through the
 * kitchen as the till's clock would: the ones still in `new`, `accepted` or `in_preparation` keep
 * moving on (ready after `prepMs`, the till's preparation time), exactly like orders made through the
 * API; the later statuses and payments are set as if by the till.
 */
export function demoOrders(fx: OktoFixtures, seed: number, now: number, firstId: number, prepMs = demoPreparationMs(fx)): OktoOrder[] {
  const faker = seededFaker(seed);
  return DEMO.map((demo, i) => {
    const createdAt = 'startedShare' in demo ? now - Math.round(demo.startedShare * prepMs) : now - demo.readyMinutesAgo * MIN - prepMs;
    const type = demo.type ?? faker.helpers.arrayElement(['LOCAL', 'PICKUP', 'DELIVERY'] as const);
    const items = basket(faker, fx, type);
    const total = items.reduce((s, l) => s + Number((l['price'] as { value: string }).value) * (l['quantity'] as number), 0).toFixed(2);
    const guest = demoPerson(faker, 'DE');
    const address = type === 'DELIVERY' ? demoAddress(faker, 'DE', CAFE_CITY) : undefined;
    const req: OrderRequest = {
      orderId: `demo-${String(i + 1).padStart(3, '0')}`,
      status: 'new',
      payment: { referenceId: faker.string.alphanumeric(12).toUpperCase(), paymentMethod: faker.helpers.arrayElement(['card', 'paypal', 'cash']), price: { value: total, currency: fx.currency }, status: 'appointed' },
      customer: {
        givenName: guest.givenName, familyName: guest.familyName, phone: guest.phone, email: guest.email,
        ...(address ? { address: { street: address.street, houseNumber: address.houseNumber, zip: address.postalCode, city: address.city } } : {}),
      },
      ...(type === 'LOCAL' ? { location: { table: faker.number.int({ min: 1, max: 24 }) } } : {}),
      items,
      purchaseTime: { timestamp: new Date(createdAt).toISOString(), timezone: 'Europe/Berlin' },
      orderType: type,
      intermediary: 'Order Sandbox demo',
    };
    const created = createOrder(req, { internalId: firstId + i, now: createdAt, prepMs });
    if ('startedShare' in demo) return settle(created, now);
    const readyAt = now - demo.readyMinutesAgo * MIN;
    if (demo.status === 'canceled') return setStatus(settle(created, createdAt + 2 * MIN), 'canceled', createdAt + 2 * MIN);
    let order = settle(created, readyAt);
    if (demo.payment) order = setPaymentStatus(order, demo.payment, new Date(readyAt + MIN).toISOString(), readyAt + MIN);
    const handedOver = { ready: null, picked_up: 5, delivered: 25, closed: 10 }[demo.status];
    if (handedOver !== null) order = setStatus(order, demo.status, readyAt + handedOver * MIN);
    return order;
  });
}
