import { expect, test } from 'vitest';
import { DEFAULT_FIXTURES_DIR } from '../../../src/sandbox.js';
import { loadKhumbuCatalog } from '../../../src/services/khumbu/fixtures.js';
import { menuIds } from '../../../src/services/khumbu/menu.js';

/** The fixtures: path names, stores, the documented sample items and a seeded fast-food menu. */
test('provider standardprovider, partner simphony, markets plkpl (PLN, Warsaw) and czkcz; stores 48002 and 99999 active, 48003 inactive', () => {
  const c = loadKhumbuCatalog(DEFAULT_FIXTURES_DIR);
  const pl = c.market('standardprovider', 'simphony', 'plkpl');
  expect(pl).toMatchObject({ currency: 'PLN', timeZone: 'Europe/Warsaw' });
  expect(pl?.stores.map((s) => `${s.providerStoreId}:${s.status}`)).toEqual(['48002:ACT', '99999:ACT', '48003:INA']);
  expect(c.market('standardprovider', 'simphony', 'czkcz')?.currency).toBe('CZK');
  expect(c.store('__proto__')).toBeUndefined();
});

test('every menu holds the sample items (123 Pizza 100, OptionId1 Cheese 5, nested id2 AmericanCheese 2) and generated categories with some items out of stock', () => {
  const c = loadKhumbuCatalog(DEFAULT_FIXTURES_DIR);
  const menu = c.store('48002')?.store.menus[0];
  const pizza = menu?.categories[0]?.items[0]?.itemVariations[0];
  expect(pizza).toMatchObject({ itemVariationId: '123', name: 'Pizza', price: 100 });
  const cheese = pizza?.optionGroups[0]?.options[0];
  expect(cheese).toMatchObject({ optionId: 'OptionId1', name: 'Cheese', price: 5 });
  expect(cheese?.optionGroups?.[0]?.options[0]).toMatchObject({ optionId: 'id2', name: 'AmericanCheese', price: 2 });
  const generated = menu?.categories.slice(1) ?? [];
  expect(generated.map((g) => g.name)).toEqual(['Burgers', 'Chicken', 'Wraps', 'Sides', 'Drinks', 'Desserts']);
  const variations = generated.flatMap((g) => g.items.flatMap((i) => i.itemVariations));
  expect(variations.filter((v) => !v.inStock)).toHaveLength(3);
  expect(variations.every((v) => /^\d+(\.\d{1,2})?$/.test(String(v.price)))).toBe(true);
  expect(generated.flatMap((g) => g.items.flatMap((i) => i.itemVariations.flatMap((v) => v.optionGroups))).some((g) => g.minQuantity === 1 && g.maxQuantity === 1)).toBe(true);
  expect(menuIds(menu ? [menu] : []).size).toBeGreaterThan(50);
});

test('the generated menu is the same every start (fixed seed), and differs per market', () => {
  const a = loadKhumbuCatalog(DEFAULT_FIXTURES_DIR);
  const b = loadKhumbuCatalog(DEFAULT_FIXTURES_DIR);
  expect(JSON.stringify(a.store('48002')?.store.menus)).toBe(JSON.stringify(b.store('48002')?.store.menus));
  expect(JSON.stringify(a.store('61001')?.store.menus)).not.toBe(JSON.stringify(a.store('48002')?.store.menus));
});
