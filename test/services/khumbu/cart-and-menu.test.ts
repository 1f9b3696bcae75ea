import { expect, test } from 'vitest';
import { adjustCart } from '../../../src/services/khumbu/cart.js';
import { failureForIssue } from '../../../src/services/khumbu/errors.js';
import { menuIds, menuView, sharedMenuView } from '../../../src/services/khumbu/menu.js';
import type { Menu } from '../../../src/services/khumbu/model.js';
import { posDecision } from '../../../src/services/khumbu/pos.js';

/** Menus, cart arithmetic, the POS verdict and the zod-issue → KS-code mapping, without HTTP. */
const menu: Menu[] = [{
  id: 'm', name: 'Menu', categories: [{
    categoryId: 'c', name: 'Burgers', items: [
      { itemId: 'b1', name: 'Burger', itemVariations: [
        { itemVariationId: 'b1-r', name: 'Burger', price: 19.99, inStock: true, optionGroups: [{ optionGroupId: 'g', name: 'Extras', minQuantity: 0, maxQuantity: 3, options: [{ optionId: 'cheese', name: 'Cheese', price: 3, inStock: true }] }] },
        { itemVariationId: 'b1-m', name: 'Burger Meal', price: 31.99, inStock: true, optionGroups: [] },
      ] },
    ],
  }],
}];

test('an order line may name a variation or an item (its first variation); stock overrides apply by any id', () => {
  const v = menuView(menu, {});
  expect(v.sellable.get('b1')?.variation.itemVariationId).toBe('b1-r');
  expect(v.sellable.get('b1-m')?.variation.price).toBe(31.99);
  const out = menuView(menu, { b1: false, cheese: false });
  expect(out.sellable.get('b1-m')?.variation.inStock).toBe(false);
  expect(out.menus[0]?.categories[0]?.items[0]?.itemVariations[0]?.optionGroups[0]?.options[0]?.inStock).toBe(false);
  expect(menu[0]?.categories[0]?.items[0]?.itemVariations[0]?.inStock).toBe(true); // the fixture is not touched
  expect([...menuIds(menu)].sort()).toEqual(['b1', 'b1-m', 'b1-r', 'cheese']);
});

test('cart money in cents: 3 × (19.99 + 2 × 3) = 77.97, tax 8 % rounds half up to the cent', () => {
  const r = adjustCart({ providerOrderId: 'p', orderItems: [{ id: 'b1-r', quantity: 3, options: [{ id: 'cheese', quantity: 2 }] }] }, menuView(menu, {}), 0.08);
  expect(r.payments).toEqual({ subTotal: 77.97, tax: 6.24, tip: 0, discount: 0, deliveryFee: 0, serviceFee: 0, total: 84.21 });
  expect(r.valid).toBe(true);
});

test('a discount larger than the cart makes the total 0, never negative', () => {
  const r = adjustCart({ providerOrderId: 'p', payments: { discount: 1000 }, orderItems: [{ id: 'b1', quantity: 1 }] }, menuView(menu, {}), 0);
  expect(r.payments.total).toBe(0);
});

test('an option of another item is UNKNOWN_ITEM in this one', () => {
  const r = adjustCart({ providerOrderId: 'p', orderItems: [{ id: 'b1-m', quantity: 1, options: [{ id: 'cheese', quantity: 1 }] }] }, menuView(menu, {}), 0);
  expect(r.adjustments).toEqual([{ id: 'cheese', type: 'UNKNOWN_ITEM' }]);
});

test('the POS ignores price differences but refuses unknown or out-of-stock lines', () => {
  const order = (items: { id: string; quantity: number; price?: number }[]) => ({ items, providerStoreId: '1' }) as never;
  expect(posDecision(order([{ id: 'b1', quantity: 1, price: 1 }]), menuView(menu, {}), true)).toBeNull();
  expect(posDecision(order([{ id: 'b1', quantity: 1 }]), menuView(menu, { b1: false }), true)?.reason).toBe('Item b1 (Burger) is out of stock at store 1.');
  expect(posDecision(order([{ id: 'b1', quantity: 1 }]), menuView(menu, {}), false)).toEqual({ code: 'KS-0019', reason: 'Store is inactive.' });
});

test('zod issues become the KS code a user of the real API would get', () => {
  const body = { providerOrderId: 'p', payments: { paymentMethod: 'GOLD' }, orderItems: [{ id: 'x', type: 7 }], serviceMode: {} };
  const code = (path: PropertyKey[], c = 'invalid_type') => failureForIssue(body, { path, message: '', code: c });
  expect(code([])).toMatchObject({ code: 'KS-1003' });
  expect(code(['providerOrderId'])).toMatchObject({ code: 'KS-0007' });
  expect(code(['marketName'])).toMatchObject({ code: 'KS-0011', message: 'The \'marketName\' field is required and cannot be left blank or missing.' });
  expect(code(['serviceMode', 'fulfillmentMode'])).toMatchObject({ code: 'KS-0006', message: 'Required serviceMode Field: fulfillmentMode is missing.' });
  expect(code(['orderItems', 0, 'quantity'])).toMatchObject({ code: 'KS-0006', message: 'Required orderItems Field: quantity is missing.' });
  expect(code(['payments', 'paymentMethod'], 'invalid_value')).toMatchObject({ code: 'KS-0017', message: 'Invalid payment method GOLD.' });
  expect(code(['orderItems', 0, 'type'], 'invalid_value')).toMatchObject({ code: 'KS-0022', message: 'Invalid item type 7.' });
  expect(code(['orderItems', 0, 'id'], 'too_big')).toMatchObject({ code: 'KS-0010', message: 'Invalid value provided for the field \'orderItems[0].id\'' });
});

test('a shared menu view is built once per menus and stock objects, and anew when either is replaced', () => {
  const stock = { b1: false };
  const view = sharedMenuView(menu, stock);
  expect(sharedMenuView(menu, stock)).toBe(view);
  expect(view).toEqual(menuView(menu, stock));
  const restocked = { ...stock, b1: true };
  expect(sharedMenuView(menu, restocked)).not.toBe(view);
  expect(sharedMenuView(menu, restocked)).toEqual(menuView(menu, restocked));
  const replaced = structuredClone(menu);
  expect(sharedMenuView(replaced, stock)).not.toBe(view);
});
