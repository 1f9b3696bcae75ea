import { expect, test } from 'vitest';
import { remainingAuthorized } from '../../../src/services/kustom/model.js';
import * as T from '../../../src/services/kustom/transitions.js';
import { base, ctx, inStatus, T0 } from './order-factory.js';

test('capture below the remaining amount → PART_CAPTURED, remaining shrinks, capture reference numbered', () => {
  const r = T.capture(base(10000), { captured_amount: 3000 }, ctx());
  if (!r.ok) throw new Error('capture refused');
  expect(r.value.order.status).toBe('PART_CAPTURED');
  expect(remainingAuthorized(r.value.order)).toBe(7000);
  expect(r.value.capture.klarna_reference).toBe('K4MADNY-1');
  expect(r.value.order.sandbox.acknowledged).toBe(true);
});

test('capture reaching the order amount → CAPTURED with nothing remaining', () => {
  const r = T.capture(inStatus('PART_CAPTURED'), { captured_amount: 6000 }, ctx());
  expect(r.ok && r.value.order.status).toBe('CAPTURED');
  expect(r.ok && remainingAuthorized(r.value.order)).toBe(0);
  expect(r.ok && r.value.capture.klarna_reference).toBe('K4MADNY-2');
});

test('capture above the remaining amount is refused with the exact message', () => {
  const r = T.capture(inStatus('PART_CAPTURED'), { captured_amount: 6001 }, ctx());
  expect(r.ok ? null : r.error.messages).toEqual(['Captured amount is higher than the remaining authorized amount. Capture not possible.']);
});

test('capture while fraud_status is PENDING is refused', () => {
  const r = T.capture({ ...base(), fraud_status: 'PENDING' }, { captured_amount: 1 }, ctx());
  expect(r.ok ? null : r.error.code).toBe('CAPTURE_NOT_ALLOWED');
});

test('refund above captured − refunded is an over-refund', () => {
  const r = T.refund(inStatus('PART_CAPTURED'), { refunded_amount: 4001 }, ctx());
  expect(r.ok ? null : r.error.messages).toEqual(['Over refund is not allowed. Refund not possible.']);
});

test('refund reaching the captured amount on a CAPTURED order → CLOSED; partial keeps the status', () => {
  const part = T.refund(inStatus('CAPTURED'), { refunded_amount: 4000 }, ctx());
  if (!part.ok) throw new Error('refund refused');
  expect(part.value.order.status).toBe('CAPTURED');
  const rest = T.refund(part.value.order, { refunded_amount: 6000 }, ctx());
  expect(rest.ok && rest.value.order.status).toBe('CLOSED');
  expect(rest.ok && rest.value.order.captures[0]?.refunded_amount).toBe(10000);
});

test('refund on a PART_CAPTURED order reaching its captured amount keeps PART_CAPTURED', () => {
  const r = T.refund(inStatus('PART_CAPTURED'), { refunded_amount: 4000 }, ctx());
  expect(r.ok && r.value.order.status).toBe('PART_CAPTURED');
});

test('authorization cannot go below the captured amount (exact message)', () => {
  const r = T.updateAuthorization(inStatus('PART_CAPTURED'), { order_amount: 3999 }, ctx());
  expect(r.ok ? null : r.error.messages).toEqual(['Resulting authorization amount 3999 cannot be less than the captured amount 4000 for order. Order authorization cannot be updated']);
});

test('raising the authorization: allowed for INVOICE, refused for CARD', () => {
  expect(T.updateAuthorization(base(10000, 'INVOICE'), { order_amount: 12000 }, ctx()).ok).toBe(true);
  const card = T.updateAuthorization(base(10000, 'CARD'), { order_amount: 12000 }, ctx());
  expect(card.ok ? null : card.error.messages).toEqual(['Update not allowed.']);
});

test('authorization update keeps original_order_amount, replaces order lines (none sent deletes them)', () => {
  const o = base(10000);
  const r = T.updateAuthorization(o, { order_amount: 8000 }, ctx());
  expect(r.ok && r.value.original_order_amount).toBe(10000);
  expect(r.ok && r.value.order_amount).toBe(8000);
  expect(r.ok && r.value.order_lines).toEqual([]);
});

test('lowering a PART_CAPTURED authorization to the captured amount → CAPTURED', () => {
  const r = T.updateAuthorization(inStatus('PART_CAPTURED'), { order_amount: 4000 }, ctx());
  expect(r.ok && r.value.status).toBe('CAPTURED');
});

test('release remaining on PART_CAPTURED → CAPTURED with nothing remaining', () => {
  const r = T.releaseRemainingAuthorization(inStatus('PART_CAPTURED'), ctx());
  expect(r.ok && remainingAuthorized(r.value)).toBe(0);
});

test('extend: expires_at = now + 28 days; refused past created_at + 90 days', () => {
  const now = T0 + 10 * 86400_000;
  const r = T.extendAuthorizationTime(base(), { now });
  expect(r.ok && r.value.expires_at).toBe(new Date(now + 28 * 86400_000).toISOString());
  const late = T.extendAuthorizationTime(base(), { now: T0 + 63 * 86400_000 });
  expect(late.ok).toBe(false);
});

test('expiry: an open order past expires_at becomes EXPIRED with nothing remaining', () => {
  const o = base();
  expect(T.settle(o, Date.parse(o.expires_at) - 1).order.status).toBe('AUTHORIZED');
  const expired = T.settle(o, Date.parse(o.expires_at)).order;
  expect(expired.status).toBe('EXPIRED');
  expect(remainingAuthorized(expired)).toBe(0);
  expect(T.settle(inStatus('PART_CAPTURED'), Date.parse(o.expires_at) + 1).order.status).toBe('EXPIRED');
});

test('fraud PENDING resolves at its time: accepted stays AUTHORIZED, rejected cancels', () => {
  const at = new Date(T0 + 600_000).toISOString();
  const pending = { ...base(), fraud_status: 'PENDING' as const };
  const acc = T.settle({ ...pending, sandbox: { ...pending.sandbox, fraud_resolution: { at, to: 'ACCEPTED' as const } } }, T0 + 600_000);
  expect([acc.order.fraud_status, acc.order.status, acc.events]).toEqual(['ACCEPTED', 'AUTHORIZED', ['FRAUD_RISK_ACCEPTED']]);
  const rej = T.settle({ ...pending, sandbox: { ...pending.sandbox, fraud_resolution: { at, to: 'REJECTED' as const } } }, T0 + 600_000);
  expect([rej.order.fraud_status, rej.order.status, rej.events]).toEqual(['REJECTED', 'CANCELLED', ['FRAUD_RISK_REJECTED']]);
});

test('billing address of an ACCOUNT order cannot change; a foreign country is an invalid address', () => {
  const acc = T.updateConsumerDetails(base(10000, 'ACCOUNT'), { billing_address: { city: 'X' } }, ctx());
  expect(acc.ok ? null : acc.error.messages[0]).toBe('Billing address cannot be updated for user account order. Customer details cannot be updated.');
  const o = base();
  const foreign = T.updateConsumerDetails(o, { shipping_address: { country: o.purchase_country === 'DE' ? 'SE' : 'DE' } }, ctx());
  expect(foreign.ok ? null : [foreign.error.status, foreign.error.code]).toEqual([422, 'INVALID_ADDRESS']);
});

test('every step lands in the timeline', () => {
  const o = inStatus('CLOSED');
  expect(o.sandbox.history.map((h) => h.event)).toEqual(['authorized', 'captured', 'refunded']);
});

test('a capture of nothing (or less) is a bad value, in any status', () => {
  for (const amount of [0, -1]) {
    const r = T.capture(base(10000), { captured_amount: amount }, ctx());
    expect(r.ok ? null : r.error).toMatchObject({ status: 400, code: 'BAD_VALUE', messages: ['Bad value: captured_amount'] });
  }
});
