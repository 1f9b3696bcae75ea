import { expect, test } from 'vitest';
import type { KhumbuOrder } from '../../../src/services/khumbu/model.js';
import { cancelVerdict, createOrder, fireOrder, nextDueAt, posCancel, requestCancel, settle, type PosVerdicts } from '../../../src/services/khumbu/transitions.js';

/** The order lifecycle as pure transitions, without HTTP. */
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const yes: PosVerdicts = { decide: () => null, cancel: () => null };
const base = (type: 'CREATE' | 'HOLD' = 'CREATE') => createOrder({
  ksOrderId: '17672256000001234', providerOrderId: 'p1', providerOrderNumber: 'P1', provider: 'standardprovider', partner: 'simphony', market: 'plkpl',
  providerStoreId: '48002', partnerStoreId: '48002', notificationType: type, request: {}, items: [{ id: '123', quantity: 1 }], now: T0, posDelayMs: 5000,
});
const ok = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
};

test('CREATE is RECEIVED with the POS decision due after the delay; nothing happens before', () => {
  const o = base();
  expect(o).toMatchObject({ status: 'RECEIVED', pending: { kind: 'decide', dueAt: T0 + 5000 } });
  expect(nextDueAt(o)).toBe(T0 + 5000);
  expect(settle(o, T0 + 4999, yes)).toEqual({ order: o, events: [] });
});

test('the POS decision: SUCCESS, or FAILED with the verdict as error; stamped at the due time', () => {
  const good = settle(base(), T0 + 60_000, yes);
  expect(good.order).toMatchObject({ status: 'SUCCESS', pending: null, updatedAt: '2026-01-01T00:00:05.000Z' });
  expect(good.events).toEqual([{ at: T0 + 5000, orderStatus: 'SUCCESS', error: null }]);
  const bad = settle(base(), T0 + 5000, { ...yes, decide: () => ({ code: 'KS-2003', reason: 'no pizza' }) });
  expect(bad.order).toMatchObject({ status: 'FAILED', error: { code: 'KS-2003', reason: 'no pizza' } });
  expect(bad.events[0]?.orderStatus).toBe('FAILED');
});

test('HOLD waits for fire; fire only once, only on HOLD (409 KS-0010)', () => {
  const held = base('HOLD');
  expect(held).toMatchObject({ status: 'HOLD', pending: null });
  expect(nextDueAt(held)).toBeNull();
  const fired = ok(fireOrder(held, T0 + 1000, 2000));
  expect(fired).toMatchObject({ status: 'RECEIVED', pending: { kind: 'decide', dueAt: T0 + 3000 } });
  const again = fireOrder(fired, T0 + 1500, 2000);
  expect(again.ok).toBe(false);
  if (!again.ok) expect(again.error).toMatchObject({ status: 409, code: 'KS-0010', message: 'Invalid value provided for the field \'orderStatus\'' });
  expect(fireOrder(base(), T0, 0).ok).toBe(false);
});

test('a cancel replaces a pending decision; when the POS refuses the cancel, the decision resumes', () => {
  const cancelling = ok(requestCancel(base(), T0 + 1000, 5000, 'changed mind'));
  expect(cancelling.pending).toMatchObject({ kind: 'cancel', dueAt: T0 + 6000, notes: 'changed mind', resume: { kind: 'decide', dueAt: T0 + 5000 } });
  expect(requestCancel(cancelling, T0 + 2000, 0).ok).toBe(false); // KS-1005 while pending
  const refused = settle(cancelling, T0 + 6000, { ...yes, cancel: () => ({ code: 'KS-0019', reason: 'Store is inactive.' }) });
  expect(refused.events.map((e) => e.orderStatus)).toEqual(['CANCEL_FAILED', 'SUCCESS']);
  expect(refused.order.status).toBe('SUCCESS');
  const done = settle(cancelling, T0 + 6000, yes);
  expect(done.events.map((e) => e.orderStatus)).toEqual(['CANCELLED']);
  const second = requestCancel(done.order, T0 + 7000, 0);
  expect(second.ok).toBe(false);
  if (!second.ok) expect(second.error).toMatchObject({ status: 409, code: 'KS-1005' });
});

test('POS-initiated cancel is immediate; refused for a cancelled or failed order', () => {
  const r = ok(posCancel(base(), T0 + 10, 'out of dough'));
  expect(r.order).toMatchObject({ status: 'CANCELLED', pending: null });
  expect(r.event).toEqual({ at: T0 + 10, orderStatus: 'CANCELLED', error: null });
  expect(posCancel(r.order, T0 + 20, 'again').ok).toBe(false);
  const failed: KhumbuOrder = { ...base(), status: 'FAILED', pending: null, error: { code: 'KS-2003', reason: 'x' } };
  expect(posCancel(failed, T0, 'x').ok).toBe(false);
});

test('cancelVerdict: store inactive → KS-0019; failed order → KS-2003; otherwise the POS cancels', () => {
  expect(cancelVerdict(base(), false)).toMatchObject({ code: 'KS-0019' });
  expect(cancelVerdict({ ...base(), status: 'FAILED' }, true)).toMatchObject({ code: 'KS-2003' });
  expect(cancelVerdict(base(), true)).toBeNull();
});

test('the history records every step in order', () => {
  const held = base('HOLD');
  const fired = ok(fireOrder(held, T0 + 1000, 1000));
  const { order } = settle(fired, T0 + 2000, yes);
  expect(order.history.map((h) => h.status)).toEqual(['HOLD', 'RECEIVED', 'SUCCESS']);
});
