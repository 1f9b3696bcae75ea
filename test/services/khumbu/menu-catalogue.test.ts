import { expect, test } from 'vitest';
import { seededFaker } from '../../../src/core/ids.js';
import { DEFAULT_FIXTURES_DIR } from '../../../src/sandbox.js';
import { CATEGORIES, GROUPS, MEAL_SURCHARGE } from '../../../src/services/khumbu/catalogue.js';
import { khumbuDemoOrders } from '../../../src/services/khumbu/demo-orders.js';
import { loadKhumbuCatalog } from '../../../src/services/khumbu/fixtures.js';
import { menuView } from '../../../src/services/khumbu/menu.js';
import { generateCategories } from '../../../src/services/khumbu/menu-generator.js';
import type { Category, OrderLine } from '../../../src/services/khumbu/model.js';

/** The fast-food menus are chosen from the restaurant's catalogue, and the demo orders from the menu. */
const OPTS = { itemsPerCategory: 5, outOfStock: 3, priceScale: 1 };
const NOW = Date.parse('2026-06-01T12:00:00Z');

/** A catalogue price in a currency: the whole part scaled, the ending (.49, .99) kept. */
const price = (pln: number, scale: number) => Math.round((Math.floor(Math.floor(pln) * scale) + (pln - Math.floor(pln))) * 100) / 100;

test('every menu item is a product of its category in the catalogue, with the catalogue\'s id, price (scaled to the currency), sizes, meal and option groups', () => {
  for (const scale of [1, 6]) {
    const menu = generateCategories(seededFaker(48002), { ...OPTS, priceScale: scale });
    expect(menu.map((c) => c.name)).toEqual(CATEGORIES.map((c) => c.name));
    for (const [k, category] of menu.entries()) {
      const kind = CATEGORIES[k];
      expect(category.categoryId).toBe(String(101 + k));
      expect(category.items).toHaveLength(5);
      for (const item of category.items) {
        const index = kind?.items.findIndex((e) => e.name === item.name) ?? -1;
        expect(index, `${item.name} is a product of ${category.name}`).toBeGreaterThanOrEqual(0);
        const entry = kind?.items[index];
        if (!kind || !entry) continue;
        expect(item.itemId).toBe(`${category.categoryId}${String(index + 1).padStart(3, '0')}000`);
        const sizes = entry.sizes ?? kind.sizes;
        const groups = (entry.groups ?? kind.groups).map((g) => GROUPS[g].optionGroupId);
        const expected = sizes.map(([size, extra]) => [sizes.length > 1 ? `${entry.name} ${size}` : entry.name, Math.round((price(entry.price, scale) + extra * scale) * 100) / 100, groups]);
        if (entry.meal ?? kind.meal) expected.push([`${entry.name} Meal`, Math.round((price(entry.price, scale) + MEAL_SURCHARGE * scale) * 100) / 100, [...groups, '804', '803']]);
        expect(item.itemVariations.map((v) => [v.name, v.price, v.optionGroups.map((g) => g.optionGroupId)])).toEqual(expected);
      }
    }
  }
});

test('a drink is never filed under another category, and options are where they make sense', () => {
  const menu = generateCategories(seededFaker(7), { ...OPTS, itemsPerCategory: 50 });
  const names = (c: string) => menu.find((x) => x.name === c)?.items.map((i) => i.name) ?? [];
  expect(names('Drinks')).toEqual(expect.arrayContaining(['Cola', 'Homemade Lemonade', 'Still Water']));
  for (const other of ['Burgers', 'Chicken', 'Wraps', 'Sides', 'Desserts']) expect(names(other).some((n) => /Cola|Lemonade|Water|Soda|Iced Tea/.test(n))).toBe(false);
  const groupsOf = (c: string) => new Set(menu.find((x) => x.name === c)?.items.flatMap((i) => i.itemVariations.flatMap((v) => v.optionGroups.map((g) => g.name))));
  expect(groupsOf('Drinks')).toEqual(new Set());
  expect([...groupsOf('Burgers')]).toEqual(expect.arrayContaining(['Extras', 'Sauces', 'Meal side', 'Meal drink']));
  expect(groupsOf('Burgers').has('Topping')).toBe(false);
});

test('the same seed gives the same menu; another seed another choice (and other items out of stock)', () => {
  const json = (seed: number) => JSON.stringify(generateCategories(seededFaker(seed), OPTS));
  expect(json(48002)).toBe(json(48002));
  expect(json(48003)).not.toBe(json(48002));
  const names = (seed: number) => generateCategories(seededFaker(seed), OPTS).flatMap((c) => c.items.map((i) => i.name));
  expect(names(48003)).not.toEqual(names(48002));
});

const inStock = (c: Category[]) => menuView([{ id: 'm', name: 'm', categories: c }], {});

test('demo orders: every line a variation of the store\'s menu at its price, options from its groups with every required group filled; guests from Poland', () => {
  const catalog = loadKhumbuCatalog(DEFAULT_FIXTURES_DIR);
  const menus = catalog.store('48002')?.store.menus ?? [];
  const view = inStock(menus.flatMap((m) => m.categories));
  const orders = khumbuDemoOrders(catalog, NOW);
  for (const o of orders) {
    for (const line of o.items as OrderLine[]) {
      const found = view.sellable.get(line.id);
      expect(found, `${line.id} ${line.name} is on the menu`).toBeDefined();
      expect([line.name, line.price]).toEqual([found?.variation.name, found?.variation.price]);
      for (const g of found?.variation.optionGroups ?? []) {
        const picked = (line.options ?? []).filter((x) => x['modifierId'] === g.optionGroupId);
        expect(picked.length).toBeGreaterThanOrEqual(g.minQuantity);
        expect(picked.length).toBeLessThanOrEqual(g.maxQuantity);
        for (const x of picked) expect(g.options.map((opt) => [opt.optionId, opt.name, opt.price])).toContainEqual([x.id, x.name, x.price]);
      }
    }
    const customer = o.request['customerInformation'] as { phone: string; email: string };
    expect(customer.phone).toMatch(/^\+48 \d{3} \d{3} \d{3}$/);
    const pay = o.request['payments'] as { subTotal: number; tax: number; total: number; currencyCode: string };
    expect(pay.currencyCode).toBe('PLN');
    expect(pay.total).toBeCloseTo(pay.subTotal + pay.tax, 2);
  }
  const refused = orders.find((o) => o.status === 'FAILED');
  const soldOut = refused?.items.find((l) => view.sellable.get(l.id)?.variation.inStock === false);
  expect(refused?.error?.reason).toBe(`Item ${soldOut?.id} (${soldOut?.name}) is out of stock at store 48002.`);
  expect(orders.filter((o) => o.status !== 'FAILED').every((o) => o.items.every((l) => view.sellable.get(l.id)?.variation.inStock))).toBe(true);
});

test('demo orders: the same seed gives the same orders, another seed other ones', () => {
  const catalog = loadKhumbuCatalog(DEFAULT_FIXTURES_DIR);
  expect(khumbuDemoOrders(catalog, NOW)).toEqual(khumbuDemoOrders(loadKhumbuCatalog(DEFAULT_FIXTURES_DIR), NOW));
  const other = khumbuDemoOrders(catalog, NOW, 7);
  expect(other.map((o) => o.status)).toEqual(['SUCCESS', 'SUCCESS', 'FAILED', 'CANCELLED', 'HOLD']);
  expect(other.map((o) => o.request)).not.toEqual(khumbuDemoOrders(catalog, NOW).map((o) => o.request));
});
