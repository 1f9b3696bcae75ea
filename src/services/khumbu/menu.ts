import type { ItemVariation, Menu, MenuItem, MenuOption, OptionGroup, OrderLine } from './model.js';

/**
 * A store's menu as the POS sees it, pure: stock overrides applied, and order lines matched against it.
 * An order line's `id` names an item variation (or an item, meaning its first variation); its options
 * must be options of that variation's option groups (nested options: of the option's own groups).
 * Option groups' min/max quantities are menu data only: the sandbox's POS does not enforce them.
 *
 * @example
 * const menu = menuView(fixtureMenus, { '123': false }); // Pizza out of stock
 * findLine(menu, { id: '123', quantity: 1 }); // { variation, item, groups }
 */
export interface MenuView {
  menus: Menu[];
  /** Variations by variation id and by item id. */
  sellable: Map<string, { item: MenuItem; variation: ItemVariation }>;
}

/** The menus with stock overrides applied (by item, variation or option id), and their index. */
export function menuView(menus: Menu[], stock: Record<string, boolean>): MenuView {
  const has = (id: string) => Object.hasOwn(stock, id);
  const option = (o: MenuOption): MenuOption => ({
    ...o,
    inStock: has(o.optionId) ? stock[o.optionId] === true : o.inStock,
    ...(o.optionGroups ? { optionGroups: o.optionGroups.map(group) } : {}),
  });
  const group = (g: OptionGroup): OptionGroup => ({ ...g, options: g.options.map(option) });
  const applied = menus.map((m) => ({
    ...m,
    categories: m.categories.map((c) => ({
      ...c,
      items: c.items.map((item) => ({
        ...item,
        itemVariations: item.itemVariations.map((v) => ({
          ...v,
          inStock: has(v.itemVariationId) ? stock[v.itemVariationId] === true : has(item.itemId) ? stock[item.itemId] === true : v.inStock,
          optionGroups: v.optionGroups.map(group),
        })),
      })),
    })),
  }));
  const sellable = new Map<string, { item: MenuItem; variation: ItemVariation }>();
  for (const m of applied) {
    for (const c of m.categories) {
      for (const item of c.items) {
        for (const variation of item.itemVariations) if (!sellable.has(variation.itemVariationId)) sellable.set(variation.itemVariationId, { item, variation });
        const first = item.itemVariations[0];
        if (first && !sellable.has(item.itemId)) sellable.set(item.itemId, { item, variation: first });
      }
    }
  }
  return { menus: applied, sellable };
}

const views = new WeakMap<Menu[], WeakMap<Record<string, boolean>, MenuView>>();

/**
 * {@link menuView}, built once per menus and stock objects and then shared: a store's menus and its
 * stock overrides are replaced on every change, never edited, so the same pair always gives the same
 * view. The POS asks for its store's view for every order it answers; building it each time was a deep
 * copy of the whole menu per order, which after a load of thousands of orders kept Khumbu's memory up
 * for seconds (bench/RESULTS.md). Callers read the view and never change it.
 *
 * @example
 * sharedMenuView(menus, stock) === sharedMenuView(menus, stock); // true
 */
export function sharedMenuView(menus: Menu[], stock: Record<string, boolean>): MenuView {
  let byStock = views.get(menus);
  if (!byStock) views.set(menus, (byStock = new WeakMap()));
  let view = byStock.get(stock);
  if (!view) byStock.set(stock, (view = menuView(menus, stock)));
  return view;
}

/** Every id the menu knows (items, variations, options at any depth): what a stock change may name. */
export function menuIds(menus: Menu[]): Set<string> {
  const ids = new Set<string>();
  const walkGroups = (groups: OptionGroup[]) => {
    for (const g of groups) for (const o of g.options) {
      ids.add(o.optionId);
      if (o.optionGroups) walkGroups(o.optionGroups);
    }
  };
  for (const m of menus) for (const c of m.categories) for (const item of c.items) {
    ids.add(item.itemId);
    for (const v of item.itemVariations) {
      ids.add(v.itemVariationId);
      walkGroups(v.optionGroups);
    }
  }
  return ids;
}

/** What is wrong with one line (or one of its options), in the order of the cart. */
export type LineProblem =
  | { kind: 'UNKNOWN_ITEM'; id: string; name: string | undefined; path: string }
  | { kind: 'UNAVAILABLE'; id: string; name: string; path: string }
  | { kind: 'PRICE_CHANGE'; id: string; name: string; path: string; requestedPrice: number; actualPrice: number };

/** A line priced by the menu: menu prices for the line and each of its options (unknown ones keep theirs). */
export interface PricedLine {
  line: OrderLine;
  price: number;
  isAvailable: boolean;
  known: boolean;
  options: PricedLine[];
}

/** Checks a line and its options against the menu; returns the priced line and its problems. */
export function priceLine(view: MenuView, line: OrderLine, path: string): { priced: PricedLine; problems: LineProblem[] } {
  const found = view.sellable.get(line.id);
  const problems: LineProblem[] = [];
  if (!found) {
    problems.push({ kind: 'UNKNOWN_ITEM', id: line.id, name: line.name, path });
    const options = (line.options ?? []).map((o) => ({ line: o, price: o.price ?? 0, isAvailable: false, known: false, options: [] }));
    return { priced: { line, price: line.price ?? 0, isAvailable: false, known: false, options }, problems };
  }
  const { variation } = found;
  const name = line.name ?? variation.name;
  if (!variation.inStock) problems.push({ kind: 'UNAVAILABLE', id: line.id, name, path });
  if (line.price !== undefined && !samePrice(line.price, variation.price)) problems.push({ kind: 'PRICE_CHANGE', id: line.id, name, path, requestedPrice: line.price, actualPrice: variation.price });
  const options = priceOptions(variation.optionGroups, line.options ?? [], `${path}.options`, problems);
  return { priced: { line, price: variation.price, isAvailable: variation.inStock, known: true, options }, problems };
}

function priceOptions(groups: OptionGroup[], lines: OrderLine[], path: string, problems: LineProblem[]): PricedLine[] {
  return lines.map((line, i): PricedLine => {
    const at = `${path}[${i}]`;
    const hit = findOption(groups, line.id);
    if (!hit) {
      problems.push({ kind: 'UNKNOWN_ITEM', id: line.id, name: line.name, path: at });
      return { line, price: line.price ?? 0, isAvailable: false, known: false, options: [] };
    }
    const { option } = hit;
    const name = line.name ?? option.name;
    if (!option.inStock) problems.push({ kind: 'UNAVAILABLE', id: line.id, name, path: at });
    if (line.price !== undefined && !samePrice(line.price, option.price)) problems.push({ kind: 'PRICE_CHANGE', id: line.id, name, path: at, requestedPrice: line.price, actualPrice: option.price });
    const nested = priceOptions(option.optionGroups ?? [], line.options ?? [], `${at}.options`, problems);
    return { line, price: option.price, isAvailable: option.inStock, known: true, options: nested };
  });
}

function findOption(groups: OptionGroup[], id: string): { group: OptionGroup; option: MenuOption } | undefined {
  for (const group of groups) for (const option of group.options) if (option.optionId === id) return { group, option };
  return undefined;
}

const samePrice = (a: number, b: number) => Math.round(a * 100) === Math.round(b * 100);
