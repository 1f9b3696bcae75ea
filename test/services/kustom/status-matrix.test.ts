import { expect, test } from 'vitest';
import type { Order, OrderStatus } from '../../../src/services/kustom/model.js';
import * as T from '../../../src/services/kustom/transitions.js';
import { ctx, inStatus } from './order-factory.js';

/**
 * Every cell of the reference's status matrix (kustom.md "Status model"), as pure transitions.
 * Each cell: the operation on an order of 10000 in that status → the next status, or the refusal.
 */
type Outcome = { status: OrderStatus } | { code: string; http: number };
type Op = (o: Order) => ReturnType<typeof T.cancel> | { ok: true; value: { order: Order } } | { ok: false; error: { status: number; code: string } };

const ops: Record<string, Op> = {
  capture: (o) => T.capture(o, { captured_amount: 1000 }, ctx()),
  cancel: (o) => T.cancel(o, ctx()),
  refund: (o) => T.refund(o, { refunded_amount: 1000 }, ctx()),
  'PATCH authorization': (o) => T.updateAuthorization(o, { order_amount: 9000 }, ctx()),
  'release remaining': (o) => T.releaseRemainingAuthorization(o, ctx()),
  'extend auth time': (o) => T.extendAuthorizationTime(o, ctx()),
  'merchant-references': (o) => T.updateMerchantReferences(o, { merchant_reference1: 'R1' }, ctx()),
  'customer-details': (o) => T.updateConsumerDetails(o, { shipping_address: { city: 'Malmö' } }, ctx()),
  acknowledge: (o) => T.acknowledge(o, ctx()),
  'shipping-info': (o) => T.appendOrderShippingInfo(o, [{ shipping_company: 'PostNord', tracking_number: '123' }], ctx()),
};

const ok = (status: OrderStatus): Outcome => ({ status });
const no = (code: string, http = 403): Outcome => ({ code, http });
const S = ['AUTHORIZED', 'PART_CAPTURED', 'CAPTURED', 'CANCELLED', 'EXPIRED', 'CLOSED'] as const;

// Rows: operation; columns: AUTHORIZED, PART_CAPTURED, CAPTURED, CANCELLED, EXPIRED, CLOSED.
const MATRIX: Record<string, Outcome[]> = {
  capture: [ok('PART_CAPTURED'), ok('PART_CAPTURED'), no('CAPTURE_NOT_ALLOWED'), no('CAPTURE_NOT_ALLOWED'), no('CAPTURE_NOT_ALLOWED'), no('CAPTURE_NOT_ALLOWED')],
  cancel: [ok('CANCELLED'), no('CANCEL_NOT_ALLOWED'), no('CANCEL_NOT_ALLOWED'), no('CANCEL_NOT_ALLOWED'), no('CANCEL_NOT_ALLOWED'), no('CANCEL_NOT_ALLOWED')],
  refund: [no('REFUND_NOT_ALLOWED'), ok('PART_CAPTURED'), ok('CAPTURED'), no('REFUND_NOT_ALLOWED'), no('REFUND_NOT_ALLOWED'), no('REFUND_NOT_ALLOWED')],
  'PATCH authorization': [ok('AUTHORIZED'), ok('PART_CAPTURED'), no('NOT_ALLOWED'), no('NOT_ALLOWED'), no('NOT_ALLOWED'), no('NOT_ALLOWED')],
  'release remaining': [no('NOT_ALLOWED'), ok('CAPTURED'), no('NOT_ALLOWED'), no('NOT_ALLOWED'), no('NOT_ALLOWED'), no('NOT_ALLOWED')],
  'extend auth time': [ok('AUTHORIZED'), ok('PART_CAPTURED'), no('NOT_ALLOWED'), no('NOT_ALLOWED'), no('NOT_ALLOWED'), no('NOT_ALLOWED')],
  'merchant-references': [ok('AUTHORIZED'), ok('PART_CAPTURED'), ok('CAPTURED'), no('NOT_ALLOWED'), ok('EXPIRED'), ok('CLOSED')],
  'customer-details': [ok('AUTHORIZED'), ok('PART_CAPTURED'), no('NOT_ALLOWED'), no('NOT_ALLOWED'), no('NOT_ALLOWED'), no('NOT_ALLOWED')],
  acknowledge: S.map(ok),
  'shipping-info': S.map(ok),
};

const cells = Object.entries(MATRIX).flatMap(([op, row]) => row.map((outcome, i) => [op, S[i] as OrderStatus, outcome] as const));

test.each(cells)('%s on %s', (op, status, expected) => {
  const before = inStatus(status);
  const r = (ops[op] as Op)(before);
  if ('status' in expected) {
    expect(r.ok, JSON.stringify(r.ok ? '' : r.error)).toBe(true);
    if (!r.ok) return;
    const after = 'order' in r.value ? r.value.order : (r.value as Order);
    expect(after.status).toBe(expected.status);
  } else {
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(expected.code);
    expect(r.error.status).toBe(expected.http);
  }
});

test('refund on EXPIRED succeeds when the order had captures', () => {
  const r = T.refund(inStatus('EXPIRED', { withCapture: true }), { refunded_amount: 1000 }, ctx());
  expect(r.ok && r.value.order.status).toBe('EXPIRED');
});

test('a refused transition leaves the order untouched', () => {
  const o = inStatus('CANCELLED');
  const copy = structuredClone(o);
  T.capture(o, { captured_amount: 1 }, ctx());
  T.refund(o, { refunded_amount: 1 }, ctx());
  expect(o).toEqual(copy);
});
