import { expect, test } from 'vitest';
import { extendDueDate, extendDueDateOptions } from '../../../src/services/kustom/due-date.js';
import * as T from '../../../src/services/kustom/transitions.js';
import { base, ctx, T0 } from './order-factory.js';

function captured(amount = 10000, paymentType = 'INVOICE') {
  const r = T.capture(base(10000, paymentType), { captured_amount: amount }, ctx());
  if (!r.ok) throw new Error('capture refused');
  return { order: r.value.order, capture: r.value.capture };
}

test('a pay-later capture with money owed on it is offered 7, 14 and 30 days, at 0.1 % of what is owed per day', () => {
  const { order, capture } = captured(10000);
  expect(extendDueDateOptions(order, capture)).toEqual({ currency: order.purchase_currency, options: [{ number_of_days: 7, amount: 70 }, { number_of_days: 14, amount: 140 }, { number_of_days: 30, amount: 300 }] });
});

test('extending records the extension and its fee in the timeline; the capture is offered nothing more and refused again', () => {
  const { order, capture } = captured(10000);
  const r = extendDueDate(order, capture, 14, T0 + 7200_000);
  if (!r.ok) throw new Error('refused');
  expect(r.value.sandbox.due_date_extensions).toEqual({ [capture.capture_id]: { number_of_days: 14, fee: 140, at: '2026-01-01T02:00:00.000Z' } });
  expect(r.value.sandbox.history.at(-1)).toMatchObject({ event: 'due_date_extended', amount: 140 });
  expect(r.value.captures).toEqual(order.captures); // Klarna's Capture has no due date to show it
  expect(extendDueDateOptions(r.value, capture).options).toEqual([]);
  const again = extendDueDate(r.value, capture, 7, T0);
  expect(again.ok ? null : again.error).toMatchObject({ status: 403, code: 'NOT_ALLOWED', messages: [`Due date has already been extended for capture ${capture.capture_id}.`] });
});

test('no options, and 403 NOT_ALLOWED, for an order not paid by invoice or a capture refunded in full; a period not offered is 403, a bad number 400', () => {
  const card = captured(10000, 'CARD');
  expect(extendDueDateOptions(card.order, card.capture).options).toEqual([]);
  expect(extendDueDate(card.order, card.capture, 7, T0)).toMatchObject({ ok: false, error: { status: 403, code: 'NOT_ALLOWED' } });

  const { order, capture } = captured(10000);
  const refunded = T.refund(order, { refunded_amount: 10000 }, ctx());
  if (!refunded.ok) throw new Error('refund refused');
  const cap = refunded.value.order.captures[0]!;
  expect(cap.refunded_amount).toBe(10000);
  expect(extendDueDateOptions(refunded.value.order, cap).options).toEqual([]);
  expect(extendDueDate(refunded.value.order, cap, 7, T0)).toMatchObject({ ok: false, error: { status: 403, messages: [`Capture ${cap.capture_id} is fully refunded. Due date cannot be extended.`] } });

  expect(extendDueDate(order, capture, 10, T0)).toMatchObject({ ok: false, error: { status: 403, code: 'NOT_ALLOWED' } });
  expect(extendDueDate(order, capture, 0, T0)).toMatchObject({ ok: false, error: { status: 400, code: 'BAD_VALUE' } });
});
