import type { Faker } from '@faker-js/faker';
import { z } from '@hono/zod-openapi';
import { loadFixtureFile } from '../../core/fixture-file.js';
import { seededFaker } from '../../core/ids.js';
import { CAFE_MENU } from './catalogue.js';
import { createOrder, setPaymentStatus, setStatus } from './kitchen.js';
import type { OktoOrder, OrderRequest, PaymentStatus } from './model.js';
import { lazyProperty, once } from '../../core/lazy.js';

/**
 * OktoPOS fixtures (fixtures/oktopos.json, validated at boot): the tills (API keys), tax rates,
 * distribution channels, and the café's articles, chosen by faker from a fixed seed out of its menu
 * (catalogue.ts). The demo till gets one order in every status.
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

const DEMO_STATUSES: (string | [string, PaymentStatus])[] = ['new', 'accepted', 'in_preparation', 'ready', ['ready', 'paid'], 'picked_up', 'delivered', ['closed', 'paid'], 'canceled'];

/** One demo order in every status (the kitchen does not move them: they are set as if by the till). */
export function demoOrders(fx: OktoFixtures, seed: number, now: number, firstId: number): OktoOrder[] {
  const faker = seededFaker(seed, 'de');
  return DEMO_STATUSES.map((entry, i) => {
    const [status, paymentStatus] = typeof entry === 'string' ? [entry, 'appointed' as const] : entry;
    const articles = faker.helpers.arrayElements(fx.articles, { min: 1, max: 3 });
    const at = now - (DEMO_STATUSES.length - i) * 20 * 60_000;
    const total = articles.reduce((s, a) => s + Number(a.price.value), 0).toFixed(2);
    const req: OrderRequest = {
      orderId: `demo-${String(i + 1).padStart(3, '0')}`,
      status: 'new',
      payment: { referenceId: faker.string.alphanumeric(12).toUpperCase(), paymentMethod: faker.helpers.arrayElement(['card', 'paypal', 'cash']), price: { value: total, currency: fx.currency }, status: 'appointed' },
      customer: { givenName: faker.person.firstName(), familyName: faker.person.lastName(), phone: faker.phone.number(), email: faker.internet.email() },
      items: articles.map((a, j) => ({ basketItemId: j + 1, mainBasketItemId: j + 1, productId: a.uuid, externalId: a.externalId, name: a.name, quantity: 1, price: a.price })),
      purchaseTime: { timestamp: new Date(at).toISOString(), timezone: 'Europe/Berlin' },
      orderType: faker.helpers.arrayElement(['LOCAL', 'PICKUP', 'DELIVERY'] as const),
      intermediary: 'Order Sandbox demo',
    };
    let order = setStatus(createOrder(req, { internalId: firstId + i, now: at, prepMs: 0 }), status, at + 60_000);
    if (paymentStatus !== 'appointed') order = setPaymentStatus(order, paymentStatus, new Date(at + 120_000).toISOString(), at + 120_000);
    return order;
  });
}
