import { expect, test } from 'vitest';
import { DEFAULT_FIXTURES_DIR } from '../../src/sandbox.js';
import { loadOktoFixtures } from '../../src/services/oktopos/fixtures.js';
import { checkItems } from '../../src/services/oktopos/items.js';
import { createOrder, isReady, nextDueAt, setPaymentStatus, setStatus, settle } from '../../src/services/oktopos/kitchen.js';
import type { OrderRequest } from '../../src/services/oktopos/model.js';

/** The OktoPOS kitchen and item preconditions as pure functions. */
const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const MIN = 60_000;
const req = (status = 'new'): OrderRequest => ({ orderId: 'o', status, payment: { price: { value: '1.00', currency: 'EUR' } }, items: [], purchaseTime: { timestamp: '2026-01-01T11:00:00+01:00', timezone: 'Europe/Berlin' } });

test('the kitchen steps at 10 %, 20 % and 100 % of the preparation time, each stamped at its own time', () => {
  const o = createOrder(req(), { internalId: 1, now: T0, prepMs: 10 * MIN });
  expect(nextDueAt(o)).toBe(T0 + MIN);
  expect(settle(o, T0 + MIN - 1)).toBe(o);
  const later = settle(o, T0 + 60 * MIN);
  expect(later.status).toBe('ready');
  expect(later.kitchen).toBeNull();
  expect(later.history.map((h) => [h.status, h.at])).toEqual([
    ['new', '2026-01-01T10:00:00.000Z'], ['accepted', '2026-01-01T10:01:00.000Z'], ['in_preparation', '2026-01-01T10:02:00.000Z'], ['ready', '2026-01-01T10:10:00.000Z'],
  ]);
  expect(isReady(later)).toBe(true);
  expect(nextDueAt(later)).toBeNull();
});

test('an order created mid-way starts there: in_preparation is ready after the remaining 80 %', () => {
  const o = createOrder(req('in_preparation'), { internalId: 1, now: T0, prepMs: 10 * MIN });
  expect(nextDueAt(o)).toBe(T0 + 8 * MIN);
  expect(createOrder(req('ready'), { internalId: 2, now: T0, prepMs: MIN }).kitchen).toBeNull();
  expect(createOrder(req('Bestellt'), { internalId: 3, now: T0, prepMs: MIN }).kitchen).toBeNull();
});

test('a set status stops the kitchen; payment status lands on the payment', () => {
  const o = setStatus(createOrder(req(), { internalId: 1, now: T0, prepMs: MIN }), 'accepted', T0 + 1);
  expect(o.kitchen).toBeNull();
  expect(settle(o, T0 + 99 * MIN).status).toBe('accepted');
  const paid = setPaymentStatus(o, 'paid', '2026-01-01', T0 + 2);
  expect(paid.payment).toMatchObject({ status: 'paid', statusDate: '2026-01-01' });
  expect(paid.status).toBe('accepted');
});

test('item preconditions against the fixtures', () => {
  const fx = loadOktoFixtures(DEFAULT_FIXTURES_DIR);
  const a = fx.articles[0];
  expect(checkItems([{ basketItemId: 1, mainBasketItemId: 1, externalId: a?.externalId, productId: a?.uuid }], fx)).toBeNull();
  expect(checkItems([{ basketItemId: 1, mainBasketItemId: 2, name: 'x' }], fx)?.status).toBe(400);
  expect(checkItems([{ basketItemId: 1, mainBasketItemId: 1, externalId: 'constructor' }], fx)?.status).toBe(422);
  expect(checkItems([{ basketItemId: 1, mainBasketItemId: 1, name: 'x', tax: { taxRateId: '2', taxRate: '19' } }], fx)).toBeNull();
});
