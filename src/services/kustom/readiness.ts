import {
  answerLost, check, coverageArea, deliveryEvidence, droppedOnTheWay, entryEvidence, groupBy, touched,
  type Evidence, type ReadinessInput, type ServiceReadiness,
} from '../../core/readiness/report.js';
import type { JournalEntry } from '../../core/journal.js';
import { ORDER_STATUSES, type Order } from './model.js';
import { PUSH_SCHEDULE } from './webhooks.js';

/**
 * Kustom's go-live checks and its status matrix as coverage (see core/readiness/report.ts).
 *
 * @example
 * const r = kustomReadiness(input, await repo.all(tenant)); r.checks.map((c) => c.verdict);
 */

/** Order Management operations that change an order: the columns of the status matrix. */
export const MATRIX_OPERATIONS = [
  'acknowledgeOrder', 'captureOrder', 'refundOrder', 'cancelOrder', 'updateAuthorization', 'extendAuthorizationTime',
  'releaseRemainingAuthorization', 'updateConsumerDetails', 'updateMerchantReferences', 'appendOrderShippingInfo',
  'appendShippingInfo', 'extendDueDate',
] as const;

const MONEY_WRITES = new Set(['captureOrder', 'refundOrder']);
const ok = (e: JournalEntry) => e.status >= 200 && e.status < 300 && !e.fault;
const orderOfPush = (key: string | null) => (key?.startsWith('push:') ? key.slice(5) : undefined);

export function kustomReadiness(input: ReadinessInput, tenantOrders: Order[]): ServiceReadiness {
  const { entries, deliveries } = input;
  const orders = touched(tenantOrders, (o) => o.order_id, entries);
  const pushes = deliveries.filter((d) => d.kind === 'push' && d.attempts.length > 0);
  const byId = new Map(tenantOrders.map((o) => [o.order_id, o]));

  // 1. Every order with a push is acknowledged (an acknowledge, or a capture, which acknowledges too; a
  // cancelled order needs none) before the push gives up. One still being pushed is not judged yet.
  const acks = groupBy(entries.filter((e) => e.operation === 'acknowledgeOrder' && ok(e)), (e) => e.subject);
  const ackFailures: Evidence[] = [];
  const ackPasses: Evidence[] = [];
  for (const d of deliveries.filter((x) => x.kind === 'push' && !x.replayOf)) {
    const orderId = orderOfPush(d.key);
    const order = orderId === undefined ? undefined : byId.get(orderId);
    const ack = orderId === undefined ? undefined : acks.get(orderId)?.[0];
    const last = d.attempts.at(-1);
    // The push repeats until the order is acknowledged, whatever it is answered: over once every attempt of its schedule was made.
    const over = d.attempts.length >= PUSH_SCHEDULE.length;
    if (ack && last && over && ack.at > last.at) ackFailures.push(entryEvidence(ack, `order ${orderId}: acknowledged only after its push retries ran out (${last.at})`));
    else if (ack) ackPasses.push(entryEvidence(ack, `order ${orderId}: acknowledged${last ? ` after ${d.attempts.length} push(es)` : ' before its first push'}`));
    else if (order?.sandbox.acknowledged || order?.status === 'CANCELLED') ackPasses.push(deliveryEvidence(d, `order ${orderId}: ${order.status === 'CANCELLED' ? 'cancelled' : 'captured (which acknowledges it)'}`, orderId));
    else if (over) ackFailures.push(deliveryEvidence(d, `order ${orderId}: pushed ${d.attempts.length} times until the retries ran out, never acknowledged`, orderId));
  }

  // 2. Captures and refunds carry an idempotency key.
  const moneyWrites = entries.filter((e) => MONEY_WRITES.has(e.operation));
  const keyless = moneyWrites.filter((e) => !e.idempotencyKey);

  // 3. A capture or refund whose answer was lost is retried with the same key: some later request of the
  // same operation on the same order carries the key and gets an answer (not lost again, not a 429).
  const retryFailures: Evidence[] = [];
  const retryPasses: Evidence[] = [];
  for (const [, same] of groupBy(moneyWrites, (e) => `${e.operation} ${e.path}`)) {
    same.forEach((lost, i) => {
      if (!answerLost(lost)) return;
      const later = same.slice(i + 1);
      const answered = (e: JournalEntry) => !answerLost(e) && e.status !== 429;
      const reuse = lost.idempotencyKey === undefined ? undefined : later.find((e) => e.idempotencyKey === lost.idempotencyKey && answered(e));
      if (reuse) return void retryPasses.push(entryEvidence(reuse, `retry of #${lost.id} with the same key`));
      const retry = lost.idempotencyKey === undefined ? later[0] : later.find((e) => e.idempotencyKey !== lost.idempotencyKey);
      if (!retry) return; // retried with its key only, and not answered yet: not judged yet
      const twice = lost.fault === 'commit_then_drop' && ok(retry) ? ': the money moved twice' : '';
      const why = !lost.idempotencyKey ? 'the first request carried no key to reuse' : !retry.idempotencyKey ? 'it carried no key' : 'it used another key';
      retryFailures.push(entryEvidence(lost, `#${lost.id} got no usable answer (${lost.fault ?? lost.status})`));
      retryFailures.push(entryEvidence(retry, `its retry #${retry.id}: ${why}${twice}`));
    });
  }

  // 4. Nothing is captured once the authorization expired.
  const afterExpiry = entries.filter((e) => e.operation === 'captureOrder' && e.from === 'EXPIRED');
  const expiredSeen = orders.some((o) => o.status === 'EXPIRED') || entries.some((e) => e.from === 'EXPIRED');

  // 5. The push is answered with a 2xx.
  const badPushes = pushes.flatMap((d) => d.attempts.filter((a) => !droppedOnTheWay(a) && (a.status === null || a.status < 200 || a.status > 299))
    .map((a) => ({ ...deliveryEvidence(d, `push of order ${orderOfPush(d.key)} answered ${a.status ?? a.error ?? 'nothing'}`, orderOfPush(d.key)), at: a.at })));

  const checks = [
    check({
      id: 'kustom.acknowledge', title: 'Every order is acknowledged before its push retries run out', level: 'must',
      advice: 'On each push (and after your confirmation page), POST /ordermanagement/v1/orders/{order_id}/acknowledge once you have stored the order. Unacknowledged orders are cancelled by Kustom.',
    }, { exercised: ackPasses.length > 0, failures: ackFailures, passes: ackPasses, detail: ackFailures.length || ackPasses.length ? undefined : 'No order pushed yet, or every pushed one is still being pushed (it is judged once acknowledged, or once its retries run out).' }),
    check({
      id: 'kustom.idempotency-key', title: 'Captures and refunds carry Klarna-Idempotency-Key', level: 'must',
      advice: 'Send a fresh Klarna-Idempotency-Key (a UUID) with every capture and refund, and keep it for that operation\'s retries.',
    }, { exercised: moneyWrites.length > 0, failures: keyless.map((e) => entryEvidence(e, `${e.method} ${e.path} → ${e.status} without Klarna-Idempotency-Key`)), passes: moneyWrites.slice(0, 3).map((e) => entryEvidence(e)) }),
    check({
      id: 'kustom.retry-same-key', title: 'After a 5xx, a timeout or a dropped answer, the retry reuses the key (no double capture)', level: 'must',
      advice: 'When a capture or refund gets no answer you can trust (5xx, timeout, connection dropped), retry the same request with the same Klarna-Idempotency-Key: the sandbox, like Kustom, answers the first result instead of moving the money again.',
    }, { exercised: retryPasses.length + retryFailures.length > 0, failures: retryFailures, passes: retryPasses }),
    check({
      id: 'kustom.no-capture-after-expiry', title: 'Nothing is captured after the authorization expired', level: 'must',
      advice: 'Read the order (expires_at, status) before capturing; an EXPIRED order cannot be captured. Capture before expires_at, or extend the authorization time.',
    }, { exercised: expiredSeen, failures: afterExpiry.map((e) => entryEvidence(e, `capture of expired order ${e.subject} → ${e.status}${e.errorCode ? ` ${e.errorCode}` : ''}`)) }),
    check({
      id: 'kustom.push-2xx', title: 'The push is answered with a 2xx', level: 'advice',
      advice: 'Answer the push with 200 (or any 2xx) as soon as it arrives, then fetch the order; do the work after answering.',
    }, { exercised: pushes.length > 0, failures: badPushes }),
  ];

  const matrix = coverageArea('status-matrix', 'Status matrix (operation on order status)',
    MATRIX_OPERATIONS.flatMap((op) => ORDER_STATUSES.map((s) => `${op} on ${s}`)),
    entries.filter((e) => e.from !== undefined && (MATRIX_OPERATIONS as readonly string[]).includes(e.operation)).map((e) => `${e.operation} on ${e.from}`));
  const statuses = coverageArea('order-statuses', 'Order statuses the tenant\'s orders are in now', ORDER_STATUSES, orders.map((o) => o.status));
  return { checks, coverage: [matrix, statuses] };
}
