import { expect, test } from 'vitest';
import * as CT from '../../../src/services/kustom/checkout-transitions.js';
import type { CheckoutOrder } from '../../../src/services/kustom/model.js';
import { checkoutBody, line } from '../../helpers/sandbox.js';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const create = (body = checkoutBody()) => CT.createCheckout(body as CT.CheckoutInput, { now: T0, orderId: 'co-1', snippet: '<div></div>' });

test('a consistent checkout is created incomplete', () => {
  const r = create();
  expect(r.ok && r.value.status).toBe('checkout_incomplete');
});

test('order_amount must equal the sum of the lines', () => {
  const r = create({ ...checkoutBody(), order_amount: 9999 });
  expect(r.ok ? null : r.error.messages).toEqual(['Bad value: order_amount']);
});

test('a line total must be quantity × unit price − discount, and its tax must match its rate', () => {
  const body = checkoutBody();
  const bad = { ...body, order_lines: [{ ...line(10000), total_amount: 9000 }] };
  expect((create(bad as never) as { ok: false; error: { messages: string[] } }).error.messages).toEqual(['Bad value: order_lines[0].total_amount']);
  const badTax = { ...body, order_lines: [{ ...line(10000), total_tax_amount: 1 }] };
  expect((create(badTax as never) as { ok: false; error: { messages: string[] } }).error.messages).toEqual(['Bad value: order_lines[0].total_tax_amount']);
});

test('order_tax_amount must equal the sum of line taxes', () => {
  const r = create({ ...checkoutBody(), order_tax_amount: 1 });
  expect(r.ok ? null : r.error.messages).toEqual(['Bad value: order_tax_amount']);
});

test('update keeps what it leaves out, and is refused once complete or aborted', () => {
  const co = create();
  if (!co.ok) throw new Error('create');
  const up = CT.updateCheckout(co.value, false, { merchant_reference1: 'X1' }, T0 + 1000);
  expect(up.ok && [up.value['merchant_reference1'], up.value.order_amount]).toEqual(['X1', 10000]);
  const done: CheckoutOrder = { ...co.value, status: 'checkout_complete' };
  expect(CT.updateCheckout(done, false, {}, T0).ok).toBe(false);
  const aborted = CT.updateCheckout(co.value, true, {}, T0);
  expect(aborted.ok ? null : aborted.error.code).toBe('READ_ONLY_ORDER');
});

test.each([
  ['anna@example.com', { kind: 'accept' }],
  ['anna+denied@example.com', { kind: 'denied' }],
  ['anna+pend-accept-5@example.com', { kind: 'pending', to: 'ACCEPTED', minutes: 5 }],
  ['anna+pend-reject-12@example.com', { kind: 'pending', to: 'REJECTED', minutes: 12 }],
])('magic e-mail %s', (email, outcome) => {
  expect(CT.magicOutcome(email)).toEqual(outcome);
});

test('completion makes an AUTHORIZED order with the same id, 28 days to expiry', () => {
  const co = create();
  if (!co.ok) throw new Error('create');
  const r = CT.completeCheckout(co.value, false, { now: T0, klarnaReference: 'ABCDEFG', fallbackAddress: { given_name: 'Anna', email: 'anna@example.com' } });
  if (!r.ok || r.value.outcome !== 'authorized') throw new Error('complete');
  expect(r.value.order.order_id).toBe('co-1');
  expect(r.value.order.status).toBe('AUTHORIZED');
  expect(r.value.order.expires_at).toBe(new Date(T0 + 28 * 86400_000).toISOString());
  expect(r.value.checkout.status).toBe('checkout_complete');
});

test('pend-reject completion gives a PENDING order resolving after NN minutes', () => {
  const co = create();
  if (!co.ok) throw new Error('create');
  const r = CT.completeCheckout(co.value, false, { now: T0, email: 'x+pend-reject-3@example.com', klarnaReference: 'R', fallbackAddress: {} });
  if (!r.ok || r.value.outcome !== 'authorized') throw new Error('complete');
  expect(r.value.order.fraud_status).toBe('PENDING');
  expect(r.value.order.sandbox.fraud_resolution).toEqual({ at: new Date(T0 + 3 * 60_000).toISOString(), to: 'REJECTED' });
});

test('Order Management takes an untyped checkout line as physical and drops checkout-only line fields', () => {
  const { type: _t, ...untyped } = line(100);
  expect(CT.omLine({ ...untyped, subscription: { interval: 'MONTH', interval_count: 1 } } as never)).toEqual({ ...untyped, type: 'physical' });
  expect(CT.omLine({ ...untyped, type: 'digital' })).toEqual({ ...untyped, type: 'digital' });
});

test('the shopper ends with the preselected shipping option, else the first; none offered, none chosen', () => {
  const a = { id: 'a', name: 'A', price: 0, tax_amount: 0, tax_rate: 0 };
  const b = { ...a, id: 'b', preselected: true };
  expect(CT.chosenShippingOption([a, b])?.id).toBe('b');
  expect(CT.chosenShippingOption([a, { ...b, preselected: false }])?.id).toBe('a');
  expect(CT.chosenShippingOption([])).toBeUndefined();
  expect(CT.chosenShippingOption(undefined)).toBeUndefined();
  expect(CT.omShippingOption({ ...a, shipping_method: 'PickUpPoint', delivery_details: { pickup_location: { id: 'p', name: 'Shop', address: { city: 'Malmö', street_name: 'x' } as never } } }))
    .toEqual({ id: 'a', name: 'A', method: 'PickUpPoint', price: 0, tax_amount: 0, tax_rate: 0, location: { id: 'p', name: 'Shop', address: { city: 'Malmö' } } });
});
