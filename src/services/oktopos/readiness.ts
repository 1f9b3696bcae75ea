import type { JournalEntry } from '../../core/journal.js';
import { check, coverageArea, entryEvidence, touched, type Evidence, type ReadinessInput, type ServiceReadiness } from '../../core/readiness/report.js';
import { KITCHEN_STEPS, LATER_STATUSES, PAYMENT_STATUSES, type OktoOrder } from './model.js';

/**
 * OktoPOS's go-live checks and its order statuses (kitchen, explicit, payment) as coverage (see core/readiness/report.ts).
 *
 * @example
 * const r = oktoposReadiness(input, await repo.list(tenant)); r.checks.map((c) => c.verdict);
 */

/** A till's ready list is polled at most once in this long (by the wall clock and by sandbox time). */
export const POLL_INTERVAL_MS = 5000;
/** A ready order not yet handed over is judged once it has been ready this long (sandbox time). */
export const READY_GRACE_MS = 60 * 60_000;
const FINAL = new Set<string>(LATER_STATUSES);
/** Statuses that hand the order to the customer: it is paid by then. */
const HANDED_OVER = new Set(['picked_up', 'delivered', 'closed']);

const orderName = (o: OktoOrder) => `order ${o.internalId} (${o.orderId})`;
const recordEvidence = (o: OktoOrder, at: string, note: string): Evidence => ({ subject: String(o.internalId), at, note });

export function oktoposReadiness(input: ReadinessInput, tillOrders: OktoOrder[]): ServiceReadiness {
  const { entries } = input;
  const orders = touched(tillOrders, (o) => String(o.internalId), entries);

  // 1. The ready list is polled politely: a poll counts as too soon when neither clock moved the interval
  // between the two requests' starts (less a tenth, for a timer's jitter).
  const polls = entries.filter((e) => e.operation === 'getReadyOrders' && e.status === 200);
  const tooSoon: Evidence[] = [];
  const started = (iso: string, e: JournalEntry) => Date.parse(iso) - e.durationMs;
  for (let i = 1; i < polls.length; i++) {
    const [a, b] = [polls[i - 1]!, polls[i]!];
    const gap = Math.round(Math.max(started(b.recordedAt, b) - started(a.recordedAt, a), started(b.at, b) - started(a.at, a)));
    if (gap < POLL_INTERVAL_MS * 0.9) tooSoon.push(entryEvidence(b, `polled ${gap} ms after #${a.id}`));
  }

  // 2. Every order that became ready is later set to a final status (judged once it has been ready a while:
  // a guest may be on the way).
  const finalised = (o: OktoOrder) => o.history.slice(o.history.findIndex((h) => h.status === 'ready') + 1).some((h) => h.source === 'api' && FINAL.has(h.status));
  const readyFor = (o: OktoOrder) => input.now - Date.parse(o.history.find((h) => h.status === 'ready')!.at);
  const ready = orders.filter((o) => o.history.some((h) => h.status === 'ready') && (finalised(o) || readyFor(o) >= READY_GRACE_MS));
  const unfinished = ready.filter((o) => !finalised(o));

  // 3. An order handed over unpaid gets its payment status: paid (another status sent is not enough).
  const handedOver = orders.filter((o) => HANDED_OVER.has(o.status));
  const paymentSent = (o: OktoOrder) => o.history.some((h) => h.source === 'payment');
  const unpaid = handedOver.filter((o) => o.payment?.status !== 'paid');

  const checks = [
    check({
      id: 'oktopos.poll-interval', title: `The ready list is polled at most once every ${POLL_INTERVAL_MS / 1000} s per till`, level: 'must',
      advice: `Poll GET /v1/order/ready on a timer of ${POLL_INTERVAL_MS / 1000} s or more per till (not in a loop, not per open order).`,
    }, { exercised: polls.length > 0, failures: tooSoon }),
    check({
      id: 'oktopos.ready-finalised', title: 'Every ready order is later set to a final status', level: 'must',
      advice: `When the customer has the order (an order is judged once it has been ready for ${READY_GRACE_MS / 60_000} minutes), POST /v1/order/status with its internalId and one of ${LATER_STATUSES.join(', ')}; otherwise it stays on the ready list.`,
    }, {
      exercised: ready.length > 0,
      failures: unfinished.map((o) => recordEvidence(o, o.updatedAt, `${orderName(o)} is ${o.status}: ready, never set to ${LATER_STATUSES.join(', ')}`)),
      passes: ready.filter((o) => !unfinished.includes(o)).slice(0, 3).map((o) => recordEvidence(o, o.updatedAt, `${orderName(o)} set to ${o.status}`)),
    }),
    check({
      id: 'oktopos.payment-status', title: 'Payment status is sent for orders paid on pickup or delivery', level: 'must',
      advice: 'Once the customer has paid an order that was created unpaid, POST /v1/order/payment-status with your orderId and status paid.',
    }, {
      exercised: unpaid.length > 0 || handedOver.some(paymentSent),
      failures: unpaid.map((o) => recordEvidence(o, o.updatedAt, `${orderName(o)} was ${o.status} with payment ${o.payment?.status ?? 'unset'}${paymentSent(o) ? '' : ', and no payment status was sent'}`)),
    }),
  ];

  const kitchen = coverageArea('kitchen', 'Kitchen steps reached', KITCHEN_STEPS, orders.flatMap((o) => o.history.filter((h) => h.source !== 'api' && h.source !== 'payment').map((h) => h.status)));
  const explicit = coverageArea('explicit-statuses', 'Statuses set by the integration', LATER_STATUSES, orders.flatMap((o) => o.history.filter((h) => h.source === 'api').map((h) => h.status)));
  const payments = coverageArea('payment-statuses', 'Payment statuses sent', PAYMENT_STATUSES, orders.flatMap((o) => o.history.filter((h) => h.source === 'payment').map((h) => h.status.replace(/^payment:/, ''))));
  return { checks, coverage: [kitchen, explicit, payments] };
}
