import type { Faker } from '@faker-js/faker';
import { CATEGORIES, GROUPS, MEAL_SURCHARGE, type CatalogueItem, type GroupKey } from './catalogue.js';
import type { Category, ItemVariation, MenuOption, OptionGroup } from './model.js';

/**
 * A store's fast-food menu, chosen by a seeded faker from the restaurant's catalogue (catalogue.ts):
 * burgers, chicken, wraps, sides, drinks and desserts, each category with `itemsPerCategory` of its
 * products in catalogue order, with their sizes or meal variations and option groups, and a few
 * variations out of stock. Prices are the catalogue's scaled to the market's currency. Ids are
 * numeric strings, as a POS's are, fixed per product: `101001000` is the catalogue's first burger.
 *
 * @example
 * generateCategories(seededFaker(48002), { itemsPerCategory: 5, outOfStock: 3, priceScale: 1 })
 */
export interface GeneratorOptions {
  itemsPerCategory: number;
  outOfStock: number;
  /** Multiplies every price (a market's currency: PLN 1, CZK 6). */
  priceScale: number;
}

const scaled = (amount: number, scale: number) => Math.round(amount * scale * 100) / 100;
/** A menu price keeps its ending (.49, .99) in every currency: the whole part is scaled. */
const menuPrice = (price: number, scale: number) => Math.round((Math.floor(Math.floor(price) * scale) + (price - Math.floor(price))) * 100) / 100;

export function generateCategories(faker: Faker, opts: GeneratorOptions): Category[] {
  const scale = opts.priceScale;
  let optionSeq = 0;
  const groups = Object.fromEntries(Object.entries(GROUPS).map(([key, g]) => [key, {
    optionGroupId: g.optionGroupId, name: g.name, minQuantity: g.minQuantity, maxQuantity: g.maxQuantity,
    options: g.options.map(([name, price]): MenuOption => ({ optionId: `9${String(++optionSeq).padStart(5, '0')}`, name, price: scaled(price, scale), inStock: true })),
  }])) as Record<GroupKey, OptionGroup>;

  const categories = CATEGORIES.map((kind, k): Category => {
    const categoryId = String(100 + k + 1);
    const chosen = new Set(faker.helpers.arrayElements(kind.items, Math.min(opts.itemsPerCategory, kind.items.length)));
    const items = kind.items.flatMap((entry: CatalogueItem, index) => {
      if (!chosen.has(entry)) return [];
      const itemId = `${categoryId}${String(index + 1).padStart(3, '0')}000`;
      const variationId = (v: number) => `${itemId.slice(0, -3)}${String(v + 1).padStart(3, '0')}`;
      const price = menuPrice(entry.price, scale);
      const sizes = entry.sizes ?? kind.sizes;
      const optionGroups = (entry.groups ?? kind.groups).map((g) => groups[g]);
      const variations: ItemVariation[] = sizes.map(([size, extra], v) => ({
        itemVariationId: variationId(v),
        name: sizes.length > 1 ? `${entry.name} ${size}` : entry.name,
        price: Math.round((price + extra * scale) * 100) / 100,
        inStock: true,
        optionGroups,
      }));
      if (entry.meal ?? kind.meal) {
        variations.push({
          itemVariationId: variationId(variations.length), name: `${entry.name} Meal`, price: Math.round((price + MEAL_SURCHARGE * scale) * 100) / 100, inStock: true,
          optionGroups: [...optionGroups, groups.mealSide, groups.mealDrink],
        });
      }
      return [{ itemId, name: entry.name, itemVariations: variations }];
    });
    return { categoryId, name: kind.name, items };
  });
  const all = categories.flatMap((c) => c.items.flatMap((i) => i.itemVariations));
  for (const v of faker.helpers.arrayElements(all, Math.min(opts.outOfStock, all.length))) v.inStock = false;
  return categories;
}
