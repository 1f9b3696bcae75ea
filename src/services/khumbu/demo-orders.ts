import type { Faker } from '@faker-js/faker';
import { demoPerson, type DemoCountry } from '../../core/demo-people.js';
import { seededFaker } from '../../core/ids.js';
import type { KhumbuCatalog } from './fixtures.js';
import { menuView } from './menu.js';
import type { Category, ItemVariation, KhumbuOrder, OrderLine } from './model.js';
import { posDecision } from './pos.js';
import { createOrder, posCancel, settle } from './transitions.js';

/**
 * A demo client's orders at start, built with the real transitions so each is consistent: two the POS
 * accepted, one it refused (an item out of stock on the menu, when it has one), one cancelled at the restaurant, one on
 * HOLD waiting for fire. All in the first active store of the fixtures, in the hours before `now`:
 * what a guest would order from that store's menu (a burger, chicken or a wrap, often as a meal, with
 * a side, a drink or a dessert, and the options they need), by guests of the market's country, chosen
 * by faker from a fixed seed (the fixtures' menu seed unless one is given).
 *
 * @example
 * khumbuDemoOrders(catalog, Date.now()).map((o) => o.status); // ['SUCCESS', 'SUCCESS', 'FAILED', 'CANCELLED', 'HOLD']
 */
type Plan = { minutesAgo: number; hold?: true; soldOut?: true; cancelAfterMinutes?: number };

const PLANS: Plan[] = [
  { minutesAgo: 200 },
  { minutesAgo: 150 },
  { minutesAgo: 120, soldOut: true },
  { minutesAgo: 90, cancelAfterMinutes: 12 },
  { minutesAgo: 20, hold: true },
];

const MAINS = ['Burgers', 'Chicken', 'Wraps'];
const COUNTRY_BY_CURRENCY: Record<string, DemoCountry> = { PLN: 'PL', EUR: 'DE', SEK: 'SE' };
const cents = (n: number) => Math.round(n * 100) / 100;

type Sellable = { variation: ItemVariation; categoryId: string };

/** A line of the variation with the options a guest picks: every required group filled, now and then an optional one. */
function orderLine(f: Faker, { variation, categoryId }: Sellable, quantity: number): OrderLine {
  const options = variation.optionGroups.flatMap((g) => {
    const inStock = g.options.filter((o) => o.inStock);
    const count = g.minQuantity > 0 ? g.minQuantity : f.number.int({ min: 0, max: 4 }) === 0 ? 1 : 0;
    return f.helpers.arrayElements(inStock, Math.min(count, inStock.length)).map((o) => ({ id: o.optionId, name: o.name, price: o.price, quantity: 1, modifierId: g.optionGroupId, options: [] }));
  });
  return { id: variation.itemVariationId, type: 'ITEM', name: variation.name, price: variation.price, quantity, categoryId, options };
}

/** A guest's basket: one or two mains, and a side, a drink or a dessert unless the main is a meal. */
function basket(f: Faker, categories: Category[], soldOut: boolean): OrderLine[] {
  const sellable = (names: string[], inStock: boolean): Sellable[] => categories
    .filter((c) => names.includes(c.name))
    .flatMap((c) => c.items.flatMap((i) => i.itemVariations.filter((v) => v.inStock === inStock).map((variation) => ({ variation, categoryId: c.categoryId }))));
  const mains = f.helpers.arrayElements(sellable(MAINS, true), { min: 1, max: 2 });
  const meal = mains.some((m) => m.variation.name.endsWith(' Meal'));
  const more = [
    ...(!meal && f.datatype.boolean() ? [f.helpers.arrayElement(sellable(['Sides'], true))] : []),
    ...(!meal && f.datatype.boolean() ? [f.helpers.arrayElement(sellable(['Drinks'], true))] : []),
    ...(f.number.int({ min: 0, max: 2 }) === 0 ? [f.helpers.arrayElement(sellable(['Desserts'], true))] : []),
  ];
  const lines = [...mains, ...more].map((s) => orderLine(f, s, f.number.int({ min: 0, max: 3 }) === 0 ? 2 : 1));
  const gone = sellable(categories.map((c) => c.name), false);
  if (soldOut && gone.length) lines.splice(f.number.int({ min: 0, max: lines.length }), 0, orderLine(f, f.helpers.arrayElement(gone), 1));
  return lines;
}

const lineTotal = (l: OrderLine): number => cents(l.quantity * ((l.price ?? 0) + (l.options ?? []).reduce((s, o) => s + lineTotal(o), 0)));

export function khumbuDemoOrders(catalog: KhumbuCatalog, now: number, seed = catalog.fixtures.generatedMenu.seed): KhumbuOrder[] {
  const found = catalog.stores().find((s) => s.store.status === 'ACT');
  if (!found) return [];
  const { store, market } = found;
  const f = seededFaker(seed);
  const view = menuView(store.menus, {});
  const sample = catalog.fixtures.sampleMenu.categoryId;
  const categories = store.menus.flatMap((m) => m.categories).filter((c) => c.categoryId !== sample);
  const country = COUNTRY_BY_CURRENCY[market.currency] ?? 'PL';
  return PLANS.map((plan, i) => {
    const at = now - plan.minutesAgo * 60_000;
    const providerOrderId = `demo-khumbu-${String(i + 1).padStart(3, '0')}`;
    const items = basket(f, categories, plan.soldOut === true);
    const subTotal = cents(items.reduce((s, l) => s + lineTotal(l), 0));
    const tax = cents(subTotal * market.taxRate);
    const guest = demoPerson(f, country);
    const request = {
      providerOrderId, marketName: market.name, orderNotificationType: plan.hold ? 'HOLD' : 'CREATE',
      storeInformation: { providerStoreId: store.providerStoreId, partnerStoreId: store.partnerStoreId },
      customerInformation: { id: String(i + 1), firstName: guest.givenName, lastName: guest.familyName, phone: guest.phone, email: guest.email },
      payments: { subTotal, tax, total: cents(subTotal + tax), paymentMethod: f.helpers.arrayElement(['CARD', 'ONLINE', 'CASH']), currencyCode: market.currency },
      serviceMode: { fulfillmentMode: f.helpers.arrayElement(['PICK_UP', 'DINE_IN']) },
      orderItems: items,
    };
    let order = createOrder({
      ksOrderId: `${String(at).padStart(13, '0').slice(-13)}${String(i + 1).padStart(4, '0')}`, now: at, posDelayMs: store.posDelaySeconds * 1000,
      providerOrderId, providerOrderNumber: `DEMO${i + 1}`, provider: market.provider, partner: market.partner, market: market.name,
      providerStoreId: store.providerStoreId, partnerStoreId: store.partnerStoreId, notificationType: plan.hold ? 'HOLD' : 'CREATE', request, items,
    });
    order = settle(order, at + store.posDelaySeconds * 1000, { decide: (o) => posDecision(o, view, true), cancel: () => null }).order;
    if (plan.cancelAfterMinutes) {
      const cancelled = posCancel(order, at + plan.cancelAfterMinutes * 60_000, 'Kitchen closed early (demo)');
      if (!cancelled.ok) throw new Error(`Khumbu demo order ${providerOrderId}: ${cancelled.error}`);
      order = cancelled.value.order;
    }
    return order;
  });
}
