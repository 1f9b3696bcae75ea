import { expect, test } from 'vitest';
import { CLIENT, kh, madeOrders, sampleOrder } from '../helpers/khumbu.js';
import { makeApi } from '../helpers/sandbox.js';

/** Validate Cart: the cart recomputed against the store's menu as it is now. */
const cart = (items: unknown[], payments: Record<string, unknown> = { tip: 2, discount: 1, deliveryFee: 5, serviceFee: 1.5, paymentMethod: 'CARD', currencyCode: 'PLN' }) =>
  sampleOrder({ orderNotificationType: 'CREATE_ORDER', storeInformation: { providerStoreId: '48002' }, payments, orderItems: items });

test('a cart at menu prices is valid; payments are recomputed (subtotal, tax at the market rate, fees, tip, discount)', async () => {
  const api = await makeApi();
  const res = await kh(api, 'orders/adjustcart', { body: cart([{ id: '123', name: 'Pizza', price: 100, quantity: 2, options: [{ id: 'OptionId1', price: 5, quantity: 1, options: [{ id: 'id2', price: 2, quantity: 1 }] }] }]) });
  expect(res.status).toBe(200);
  const body = await res.json();
  // 2 × (100 + 1 × (5 + 1 × 2)) = 214; tax 8 % = 17.12; + tip 2 + delivery 5 + service 1.5 − discount 1
  expect(body).toMatchObject({ valid: true, adjustments: [], payments: { subTotal: 214, tax: 17.12, tip: 2, discount: 1, deliveryFee: 5, serviceFee: 1.5, total: 238.62, paymentMethod: 'CARD', currencyCode: 'PLN' } });
  expect(body.orderItems[0]).toMatchObject({ id: '123', price: 100, isAvailable: true, options: [{ id: 'OptionId1', price: 5, isAvailable: true, options: [{ id: 'id2', price: 2, isAvailable: true }] }] });
  expect(await madeOrders(api)).toEqual([]); // a cart is not an order
});

test('the three adjustments: PRICE_CHANGE, UNAVAILABLE, UNKNOWN_ITEM; only what can be sold is charged', async () => {
  const api = await makeApi();
  await api.sb.admin.khumbu.setItemStock(CLIENT, '48002', 'id2', false);
  const res = await kh(api, 'orders/adjustcart', {
    body: cart([
      { id: '123', price: 90, quantity: 1, options: [{ id: 'OptionId1', price: 5, quantity: 1, options: [{ id: 'id2', price: 2, quantity: 1 }] }] },
      { id: 'ghost-burger', name: 'Ghost burger', price: 20, quantity: 1 },
    ], {}),
  });
  const body = await res.json();
  expect(body.valid).toBe(false);
  expect(body.adjustments).toEqual([
    { id: '123', type: 'PRICE_CHANGE', requestedPrice: 90, actualPrice: 100 },
    { id: 'id2', type: 'UNAVAILABLE' },
    { id: 'ghost-burger', type: 'UNKNOWN_ITEM' },
  ]);
  expect(body.orderItems[0]).toMatchObject({ price: 100, isAvailable: true, options: [{ options: [{ id: 'id2', isAvailable: false }] }] });
  expect(body.orderItems[1]).toMatchObject({ id: 'ghost-burger', price: 20, isAvailable: false });
  expect(body.payments).toMatchObject({ subTotal: 105, tax: 8.4, total: 113.4 });
});

test('generated menu items are priced from the menu; an out-of-stock generated variation is UNAVAILABLE', async () => {
  const api = await makeApi();
  const store = await api.sb.admin.khumbu.getStore(CLIENT, '48002');
  const variations = store.menus.flatMap((m) => m.categories.slice(1).flatMap((c) => c.items.flatMap((i) => i.itemVariations)));
  const inStock = variations.find((v) => v.inStock && v.optionGroups.every((g) => g.minQuantity === 0));
  const outOfStock = variations.find((v) => !v.inStock);
  expect(inStock && outOfStock).toBeTruthy();
  const body = await (await kh(api, 'orders/adjustcart', { body: cart([{ id: inStock?.itemVariationId, quantity: 3 }, { id: outOfStock?.itemVariationId, quantity: 1 }], {}) })).json();
  expect(body.orderItems[0].price).toBe(inStock?.price);
  expect(body.payments.subTotal).toBeCloseTo(3 * (inStock?.price ?? 0), 2);
  expect(body.adjustments).toEqual([{ id: outOfStock?.itemVariationId, type: 'UNAVAILABLE' }]);
});

test('adjustcart errors: CREATE instead of CREATE_ORDER → KS-0010, inactive store → KS-0019, unknown store → KS-1001, missing items → KS-0011', async () => {
  const api = await makeApi();
  const wrongType = await kh(api, 'orders/adjustcart', { body: sampleOrder() });
  expect(wrongType.status).toBe(400);
  expect(await wrongType.json()).toMatchObject({ code: 'KS-0010', message: 'Invalid value provided for the field \'orderNotificationType\'' });
  const closed = await kh(api, 'orders/adjustcart', { body: { ...cart([{ id: '123', quantity: 1 }]), storeInformation: { providerStoreId: '48003' } } });
  expect(closed.status).toBe(409);
  expect(await closed.json()).toMatchObject({ code: 'KS-0019' });
  const unknown = await kh(api, 'orders/adjustcart', { body: { ...cart([{ id: '123', quantity: 1 }]), storeInformation: { providerStoreId: '1' } } });
  expect(await unknown.json()).toMatchObject({ code: 'KS-1001' });
  const empty = await kh(api, 'orders/adjustcart', { body: cart([]) });
  expect(await empty.json()).toMatchObject({ code: 'KS-0011', message: 'The \'orderItems\' field is required and cannot be left blank or missing.' });
});
