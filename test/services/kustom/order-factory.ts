import { fakeOrder } from '../../../src/services/kustom/fixtures.js';
import { seededFaker } from '../../../src/core/ids.js';
import type { Order, OrderStatus } from '../../../src/services/kustom/model.js';
import * as T from '../../../src/services/kustom/transitions.js';

/** Orders in every status, built only with the pure transitions (so they are consistent). */
export const T0 = Date.parse('2026-01-01T00:00:00.000Z');
let n = 0;
const newId = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
export const ctx = (now = T0 + 3600_000) => ({ now, newId });

export function base(amount = 10000, paymentType = 'INVOICE'): Order {
  return fakeOrder(seededFaker(7), T0, { orderId: newId(), reference: 'K4MADNY' }, {
    order_amount: amount, original_order_amount: amount, initial_payment_method: { type: paymentType },
  });
}

function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(`setup failed: ${JSON.stringify(r.error)}`);
  return r.value;
}

/** An order of 10000 in the given status. PART_CAPTURED has 4000 captured; EXPIRED has none unless `withCapture`. */
export function inStatus(status: OrderStatus, opts: { withCapture?: boolean; paymentType?: string } = {}): Order {
  const o = base(10000, opts.paymentType);
  switch (status) {
    case 'AUTHORIZED': return o;
    case 'PART_CAPTURED': return must(T.capture(o, { captured_amount: 4000 }, ctx())).order;
    case 'CAPTURED': return must(T.capture(o, { captured_amount: 10000 }, ctx())).order;
    case 'CANCELLED': return must(T.cancel(o, ctx()));
    case 'EXPIRED': {
      const pre = opts.withCapture ? must(T.capture(o, { captured_amount: 4000 }, ctx())).order : o;
      return T.settle(pre, T0 + 29 * 86400_000).order;
    }
    case 'CLOSED': {
      const cap = must(T.capture(o, { captured_amount: 10000 }, ctx())).order;
      return must(T.refund(cap, { refunded_amount: 10000 }, ctx())).order;
    }
  }
}
