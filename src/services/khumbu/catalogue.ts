/**
 * The fast-food restaurant's catalogue the stores' menus are chosen from: every product a menu may
 * carry, by category, with its price in PLN (a market scales it to its currency), its sizes, whether
 * it comes as a meal, and the option groups that make sense for it (a burger's extras and sauces, a
 * dip for chicken, a sundae's topping, a meal's side and drink). Ids are fixed here, so a product has
 * the same id in every market and from every seed.
 *
 * @example
 * CATEGORIES[0].items[0]; // { name: 'Classic Beef Burger', price: 21.99 }
 */
export type GroupKey = 'extras' | 'sauces' | 'dip' | 'wrapExtras' | 'topping' | 'mealSide' | 'mealDrink';

export interface CatalogueGroup {
  optionGroupId: string;
  name: string;
  minQuantity: number;
  maxQuantity: number;
  /** [name, price in PLN] */
  options: [string, number][];
}

export interface CatalogueItem {
  name: string;
  /** PLN, as the menu prints it (ends in .49 or .99). */
  price: number;
  /** [label, surcharge in PLN]; one entry: the item has no sizes. Default: the category's. */
  sizes?: [string, number][];
  /** Default: the category's. */
  groups?: GroupKey[];
  /** Default: the category's. */
  meal?: boolean;
}

export interface CatalogueCategory {
  name: string;
  sizes: [string, number][];
  groups: GroupKey[];
  meal: boolean;
  items: CatalogueItem[];
}

/** Option groups, in id order; their options are numbered 900001… in this order. */
export const GROUPS: Record<GroupKey, CatalogueGroup> = {
  extras: { optionGroupId: '801', name: 'Extras', minQuantity: 0, maxQuantity: 3, options: [['Cheddar slice', 3], ['Bacon', 4], ['Jalapeños', 2.5], ['Extra beef patty', 8], ['Fried egg', 3.5], ['Caramelised onions', 2.5]] },
  sauces: { optionGroupId: '802', name: 'Sauces', minQuantity: 0, maxQuantity: 2, options: [['Ketchup', 0], ['Mayonnaise', 0], ['BBQ sauce', 1.5], ['Garlic sauce', 1.5], ['Sriracha mayo', 2]] },
  mealDrink: { optionGroupId: '803', name: 'Meal drink', minQuantity: 1, maxQuantity: 1, options: [['Cola 0.5 l', 0], ['Cola Zero 0.5 l', 0], ['Lemonade 0.5 l', 0], ['Iced tea 0.5 l', 0], ['Still water 0.5 l', 0]] },
  mealSide: { optionGroupId: '804', name: 'Meal side', minQuantity: 1, maxQuantity: 1, options: [['French fries', 0], ['Sweet potato fries', 3], ['Onion rings', 2], ['Side salad', 0]] },
  dip: { optionGroupId: '805', name: 'Dip', minQuantity: 1, maxQuantity: 2, options: [['BBQ dip', 0], ['Honey mustard dip', 0], ['Sweet chilli dip', 0], ['Garlic dip', 0], ['Blue cheese dip', 1.5]] },
  wrapExtras: { optionGroupId: '806', name: 'Wrap extras', minQuantity: 0, maxQuantity: 3, options: [['Cheddar slice', 3], ['Jalapeños', 2.5], ['Avocado', 4], ['Extra chicken', 6]] },
  topping: { optionGroupId: '807', name: 'Topping', minQuantity: 1, maxQuantity: 1, options: [['Caramel sauce', 0], ['Chocolate sauce', 0], ['Strawberry sauce', 0]] },
};

/** The categories in menu order (their ids are 101…, in this order). */
export const CATEGORIES: CatalogueCategory[] = [
  {
    name: 'Burgers', sizes: [['Regular', 0]], groups: ['extras', 'sauces'], meal: true,
    items: [
      { name: 'Classic Beef Burger', price: 21.99 },
      { name: 'Cheeseburger', price: 23.99 },
      { name: 'Double Cheeseburger', price: 29.99 },
      { name: 'Bacon BBQ Burger', price: 31.99 },
      { name: 'Smash Burger', price: 27.99 },
      { name: 'Jalapeño Burger', price: 28.49 },
      { name: 'Crispy Chicken Burger', price: 24.99 },
      { name: 'Veggie Burger', price: 25.49 },
    ],
  },
  {
    name: 'Chicken', sizes: [['Regular', 0]], groups: ['dip'], meal: true,
    items: [
      { name: 'Chicken Strips 5 pcs', price: 19.99 },
      { name: 'Chicken Wings 8 pcs', price: 24.99 },
      { name: 'Hot Wings 8 pcs', price: 25.99 },
      { name: 'Chicken Nuggets 9 pcs', price: 18.99 },
      { name: 'Popcorn Chicken', price: 16.99 },
      { name: 'Grilled Chicken Sandwich', price: 22.99, groups: ['sauces'] },
      { name: 'Chicken Bucket 12 pcs', price: 49.99, meal: false },
    ],
  },
  {
    name: 'Wraps', sizes: [['Regular', 0]], groups: ['wrapExtras', 'sauces'], meal: true,
    items: [
      { name: 'Crispy Chicken Wrap', price: 21.99 },
      { name: 'Grilled Chicken Wrap', price: 22.99 },
      { name: 'Chicken Caesar Wrap', price: 22.49 },
      { name: 'Falafel Wrap', price: 19.99 },
      { name: 'Halloumi Wrap', price: 22.99 },
      { name: 'Beef Wrap', price: 24.99 },
    ],
  },
  {
    name: 'Sides', sizes: [['Small', 0], ['Large', 4]], groups: [], meal: false,
    items: [
      { name: 'French Fries', price: 8.99, groups: ['sauces'] },
      { name: 'Sweet Potato Fries', price: 11.99, groups: ['sauces'] },
      { name: 'Cheesy Fries', price: 12.99 },
      { name: 'Onion Rings', price: 10.99, groups: ['sauces'] },
      { name: 'Mozzarella Sticks 6 pcs', price: 13.99, sizes: [['Regular', 0]], groups: ['dip'] },
      { name: 'Coleslaw', price: 6.99, sizes: [['Regular', 0]] },
      { name: 'Corn on the Cob', price: 7.99, sizes: [['Regular', 0]] },
      { name: 'Side Salad', price: 9.49, sizes: [['Regular', 0]] },
    ],
  },
  {
    name: 'Drinks', sizes: [['0.3 l', 0], ['0.5 l', 3]], groups: [], meal: false,
    items: [
      { name: 'Cola', price: 6.99 },
      { name: 'Cola Zero', price: 6.99 },
      { name: 'Orange Soda', price: 6.99 },
      { name: 'Homemade Lemonade', price: 8.99 },
      { name: 'Peach Iced Tea', price: 7.99 },
      { name: 'Still Water', price: 5.99, sizes: [['0.5 l', 0]] },
      { name: 'Sparkling Water', price: 5.99, sizes: [['0.5 l', 0]] },
      { name: 'Orange Juice', price: 8.49, sizes: [['0.25 l', 0]] },
    ],
  },
  {
    name: 'Desserts', sizes: [['Regular', 0]], groups: [], meal: false,
    items: [
      { name: 'Vanilla Sundae', price: 9.99, groups: ['topping'] },
      { name: 'Chocolate Shake', price: 12.99, sizes: [['0.3 l', 0], ['0.5 l', 3]] },
      { name: 'Strawberry Shake', price: 12.99, sizes: [['0.3 l', 0], ['0.5 l', 3]] },
      { name: 'Apple Pie', price: 7.99 },
      { name: 'Chocolate Brownie', price: 8.99 },
      { name: 'Chocolate Chip Cookie', price: 4.99 },
      { name: 'Soft-Serve Cone', price: 5.49 },
    ],
  },
];

/** A meal: the item with a side and a drink, for this much more (PLN). */
export const MEAL_SURCHARGE = 12;
