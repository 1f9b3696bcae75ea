import { priceLine, type MenuView } from './menu.js';
import type { KhumbuOrder, OrderError } from './model.js';

/**
 * The simulated POS's answer to an order, pure: it refuses an order when the store is inactive, or
 * when an item or option is not on the store's menu or out of stock. Prices that differ from the menu
 * do not fail an order (the POS charges its own prices; Validate Cart is where a partner learns them).
 *
 * @example
 * posDecision(order, view, true) // null, or { code: 'KS-2003', reason: 'Item 999 (Burger) is not on the menu of store 48002.' }
 */
export function posDecision(order: KhumbuOrder, view: MenuView, storeActive: boolean): OrderError | null {
  if (!storeActive) return { code: 'KS-0019', reason: 'Store is inactive.' };
  for (const [i, line] of order.items.entries()) {
    const problem = priceLine(view, line, `orderItems[${i}]`).problems.find((p) => p.kind !== 'PRICE_CHANGE');
    if (!problem) continue;
    const what = `${problem.path.includes('.options') ? 'Option' : 'Item'} ${problem.id}${problem.name ? ` (${problem.name})` : ''}`;
    const why = problem.kind === 'UNKNOWN_ITEM' ? `is not on the menu of store ${order.providerStoreId}` : `is out of stock at store ${order.providerStoreId}`;
    return { code: 'KS-2003', reason: `${what} ${why}.` };
  }
  return null;
}
