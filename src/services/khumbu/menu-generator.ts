import type { Faker } from '@faker-js/faker';
import type { Category, ItemVariation, MenuOption, OptionGroup } from './model.js';

/**
 * A realistic fast-food menu from a seeded faker: burgers, chicken, wraps, sides, drinks and desserts,
 * with size or meal variations, extras and sauces (option groups with min/max), a meal's required
 * drink, and a few items out of stock. Ids are numeric strings, as a POS's are.
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

interface Kind {
  name: string;
  nouns: string[];
  base: [number, number];
  sizes: [string, number][];
  pattern: 'adjective-noun' | 'adjective-meat-noun' | 'fruit-noun';
  extras?: boolean;
  meal?: boolean;
}

const KINDS: Kind[] = [
  { name: 'Burgers', nouns: ['Burger', 'Cheeseburger', 'Smash Burger', 'Stacker'], base: [14, 32], sizes: [['Regular', 0]], pattern: 'adjective-meat-noun', extras: true, meal: true },
  { name: 'Chicken', nouns: ['Strips', 'Wings', 'Bites', 'Sandwich', 'Bucket'], base: [12, 45], sizes: [['Regular', 0]], pattern: 'adjective-noun', extras: true, meal: true },
  { name: 'Wraps', nouns: ['Chicken Wrap', 'Falafel Wrap', 'Halloumi Wrap', 'Beef Wrap'], base: [15, 26], sizes: [['Regular', 0]], pattern: 'adjective-noun', extras: true },
  { name: 'Sides', nouns: ['Fries', 'Onion Rings', 'Coleslaw', 'Corn Cob', 'Nuggets'], base: [6, 14], sizes: [['Small', 0], ['Large', 4]], pattern: 'adjective-noun' },
  { name: 'Drinks', nouns: ['Lemonade', 'Iced Tea', 'Smoothie', 'Soda'], base: [6, 11], sizes: [['0.3 l', 0], ['0.5 l', 3]], pattern: 'fruit-noun' },
  { name: 'Desserts', nouns: ['Sundae', 'Shake', 'Pie', 'Muffin', 'Cookie'], base: [5, 15], sizes: [['Regular', 0]], pattern: 'fruit-noun' },
];
const MEATS = ['Beef', 'Chicken', 'Bacon', 'BBQ', 'Double Beef', 'Veggie', 'Fish', 'Pulled Pork'];
const EXTRAS: [string, number][] = [['Cheese slice', 3], ['Bacon', 4], ['Jalapeños', 2.5], ['Extra patty', 8], ['Fried egg', 3.5]];
const SAUCES: [string, number][] = [['Ketchup', 0], ['Mayonnaise', 0], ['BBQ sauce', 1.5], ['Garlic sauce', 1.5], ['Sriracha mayo', 2]];

const title = (s: string) => s.replace(/\b\p{L}/gu, (ch) => ch.toUpperCase());
/** Prices end in .99 or .49, as menus' do, and scale with the market's currency. */
const menuPrice = (faker: Faker, [min, max]: [number, number], scale: number) => Math.floor(faker.number.int({ min, max }) * scale) + faker.helpers.arrayElement([0.49, 0.99]);
const scaled = (amount: number, scale: number) => Math.round(amount * scale * 100) / 100;

export function generateCategories(faker: Faker, opts: GeneratorOptions): Category[] {
  const scale = opts.priceScale;
  let optionSeq = 0;
  const group = (id: string, name: string, min: number, max: number, entries: [string, number][]): OptionGroup => ({
    optionGroupId: id, name, minQuantity: min, maxQuantity: max,
    options: entries.map(([n, p]): MenuOption => ({ optionId: `9${String(++optionSeq).padStart(5, '0')}`, name: n, price: scaled(p, scale), inStock: true })),
  });
  const extras = group('801', 'Extras', 0, 3, EXTRAS);
  const sauces = group('802', 'Sauces', 0, 2, SAUCES);
  const mealDrinks = group('803', 'Meal drink', 1, 1, [['Cola 0.5 l', 0], ['Lemonade 0.5 l', 0], ['Iced tea 0.5 l', 0], ['Still water 0.5 l', 0]]);
  const categories = KINDS.map((kind, k): Category => {
    const categoryId = String(100 + k + 1);
    const names = new Set<string>();
    const items = [];
    for (let j = 0; names.size < opts.itemsPerCategory && j < opts.itemsPerCategory * 10; j++) {
      const noun = faker.helpers.arrayElement(kind.nouns);
      const adjective = title(faker.food.adjective());
      const name = kind.pattern === 'adjective-meat-noun' ? `${adjective} ${faker.helpers.arrayElement(MEATS)} ${noun}` : kind.pattern === 'fruit-noun' ? `${title(faker.food.fruit())} ${noun}` : `${adjective} ${noun}`;
      if (names.has(name)) continue;
      names.add(name);
      const itemId = `${categoryId}${String(names.size).padStart(3, '0')}000`;
      const price = menuPrice(faker, kind.base, scale);
      const groups = kind.extras ? [extras, sauces] : [];
      const variations: ItemVariation[] = kind.sizes.map(([size, extra], v) => ({
        itemVariationId: `${itemId.slice(0, -3)}${String(v + 1).padStart(3, '0')}`,
        name: kind.sizes.length > 1 ? `${name} ${size}` : name,
        price: Math.round((price + extra * scale) * 100) / 100,
        inStock: true,
        optionGroups: groups,
      }));
      if (kind.meal) {
        variations.push({ itemVariationId: `${itemId.slice(0, -3)}${String(variations.length + 1).padStart(3, '0')}`, name: `${name} Meal`, price: Math.round((price + 12 * scale) * 100) / 100, inStock: true, optionGroups: [...groups, mealDrinks] });
      }
      items.push({ itemId, name, itemVariations: variations });
    }
    return { categoryId, name: kind.name, items };
  });
  const all = categories.flatMap((c) => c.items.flatMap((i) => i.itemVariations));
  for (const v of faker.helpers.arrayElements(all, Math.min(opts.outOfStock, all.length))) v.inStock = false;
  return categories;
}
