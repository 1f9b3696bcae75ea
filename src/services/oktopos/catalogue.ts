/**
 * The demo café's menu (Café Lindenhof, Berlin) the till's articles are chosen from: hot drinks, cold
 * drinks, breakfast, lunch, cakes and pastries, each with its price in EUR and the distribution
 * channels it is sold through. A category is drinks or food: drinks bear the standard rate (19 %),
 * food the reduced rate (7 %), the rule the fixtures document.
 *
 * @example
 * CAFE_MENU[0]; // { category: 'Hot drinks', name: 'Espresso', price: '2.40' }
 */
export type Channel = 'INHOUSE' | 'TAKEAWAY' | 'DELIVERY';

export interface CafeCategory {
  name: string;
  kind: 'drink' | 'food';
  channels: Channel[];
}

export const CAFE_CATEGORIES = {
  hot: { name: 'Hot drinks', kind: 'drink', channels: ['INHOUSE', 'TAKEAWAY'] },
  cold: { name: 'Cold drinks', kind: 'drink', channels: ['INHOUSE', 'TAKEAWAY', 'DELIVERY'] },
  breakfast: { name: 'Breakfast', kind: 'food', channels: ['INHOUSE', 'TAKEAWAY'] },
  lunch: { name: 'Lunch', kind: 'food', channels: ['INHOUSE', 'TAKEAWAY', 'DELIVERY'] },
  cakes: { name: 'Cakes & pastries', kind: 'food', channels: ['INHOUSE', 'TAKEAWAY', 'DELIVERY'] },
} satisfies Record<string, CafeCategory>;

export interface CafeArticle {
  category: CafeCategory;
  name: string;
  /** EUR, as the menu prints it. */
  price: string;
}

const on = (category: CafeCategory, entries: [string, string][]): CafeArticle[] => entries.map(([name, price]) => ({ category, name, price }));

export const CAFE_MENU: readonly CafeArticle[] = [
  ...on(CAFE_CATEGORIES.hot, [
    ['Espresso', '2.40'], ['Doppio', '3.20'], ['Americano', '3.00'], ['Cappuccino', '3.60'], ['Latte Macchiato', '4.10'], ['Flat White', '3.90'],
    ['Milchkaffee', '3.80'], ['Chai Latte', '4.20'], ['Hot Chocolate', '3.90'], ['Black Tea (Assam)', '2.90'], ['Fresh Mint Tea', '3.20'],
  ]),
  ...on(CAFE_CATEGORIES.cold, [
    ['Fresh Orange Juice 0.2 l', '4.20'], ['Apfelschorle 0.4 l', '3.60'], ['Sparkling Water 0.5 l', '3.20'], ['Homemade Lemonade 0.4 l', '4.50'], ['Iced Latte', '4.60'],
    ['Peach Iced Tea 0.4 l', '3.90'], ['Cola 0.33 l', '3.40'], ['Rhubarb Spritzer 0.4 l', '3.80'], ['Cold Brew', '4.20'],
  ]),
  ...on(CAFE_CATEGORIES.breakfast, [
    ['Butter Croissant', '2.60'], ['Butter Pretzel', '2.40'], ['Bircher Muesli', '6.90'], ['Scrambled Eggs on Sourdough', '9.50'], ['Avocado Toast', '10.90'],
    ['Bagel with Cream Cheese & Salmon', '9.80'], ['Yoghurt with Granola & Berries', '6.50'], ['Two Rolls with Butter & Jam', '5.40'],
  ]),
  ...on(CAFE_CATEGORIES.lunch, [
    ['Tomato Soup with Bread', '7.50'], ['Lentil Soup', '7.90'], ['Quiche Lorraine with Salad', '11.90'], ['Spinach & Feta Quiche', '11.50'], ['Club Sandwich', '12.50'],
    ['Caesar Salad', '12.90'], ['Flammkuchen Classic', '11.50'], ['Pasta with Basil Pesto', '11.80'],
  ]),
  ...on(CAFE_CATEGORIES.cakes, [
    ['Apfelstrudel with Vanilla Sauce', '5.20'], ['Käsekuchen', '4.20'], ['Black Forest Gateau', '4.90'], ['Carrot Cake', '4.60'], ['Plum Crumble', '4.40'],
    ['Chocolate Brownie', '3.50'], ['Cinnamon Roll', '3.40'], ['Lemon Tart', '4.50'],
  ]),
];

/** Where the café is: delivery guests live there. */
export const CAFE_CITY = 'Berlin';
