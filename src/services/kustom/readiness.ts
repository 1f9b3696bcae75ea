import {
  answerLost, check, coverageArea, deliveryEvidence, entryEvidence, groupBy, touched,
  type Evidence, type ReadinessInput, type ServiceReadiness,
} from '../../core/readiness/report.js';
import type { JournalEntry } from '../../core/journal.js';
import { ORDER_STATUSES, type Order } from './model.js';

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
  const acks = groupBy(entries.filter((e) => e.operation === 'acknowledgeOrder' && ok(e)), (e) => e.subject);

  // 1. Every order with a push is acknowledged, before the push gives up (an order acknowledged before its
  // first push passes; one not yet pushed nor acknowledged is not judged yet).
  const ackFailures: Evidence[] = [];
  const ackPasses: Evidence[] = [];
  for (const d of deliveries.filter((x) => x.kind === 'push')) {
    const orderId = orderOfPush(d.key);
    const ack = orderId === undefined ? undefined : acks.get(orderId)?.[0];
    const last = d.attempts.at(-1);
    if (!ack && !last) continue;
    if (!ack) ackFailures.push(deliveryEvidence(d, `order ${orderId}: push sent ${d.attempts.length} time(s)${d.state === 'failed' ? ', its retries ran out' : ''}, never acknowledged${d.state === 'cancelled' ? ' (it stopped on a capture or cancel)' : ''}`, orderId));
    else if (last && d.state === 'failed' && ack.at > last.at) ackFailures.push(entryEvidence(ack, `order ${orderId}: acknowledged only after its push retries ran out (${last.at})`));
    else ackPasses.push(entryEvidence(ack, `order ${orderId}: acknowledged after ${d.attempts.length} push(es)`));
  }

  // 2. Captures and refunds carry an idempotency key.
  const moneyWrites = entries.filter((e) => MONEY_WRITES.has(e.operation));
  const keyless = moneyWrites.filter((e) => !e.idempotencyKey);

  // 3. A capture or refund whose answer was lost is retried with the same key.
  const retryFailures: Evidence[] = [];
  const retryPasses: Evidence[] = [];
  for (const [, same] of groupBy(moneyWrites, (e) => `${e.operation} ${e.path}`)) {
    for (let i = 0; i + 1 < same.length; i++) {
      const lost = same[i]!;
      if (!answerLost(lost)) continue;
      const retry = same[i + 1]!;
      const reused = lost.idempotencyKey !== undefined && retry.idempotencyKey === lost.idempotencyKey;
      if (reused) retryPasses.push(entryEvidence(retry, `retry of #${lost.id} with the same key`));
      else {
        const twice = lost.fault === 'commit_then_drop' && ok(retry) ? ': the money moved twice' : '';
        retryFailures.push(entryEvidence(lost, `#${lost.id} got no usable answer (${lost.fault ?? lost.status})`));
        const why = !lost.idempotencyKey ? 'the first request carried no key to reuse' : !retry.idempotencyKey ? 'it carried no key' : 'it used another key';
        retryFailures.push(entryEvidence(retry, `its retry #${retry.id}: ${why}${twice}`));
      }
    }
  }

  // 4. Nothing is captured once the authorization expired.
  const afterExpiry = entries.filter((e) => e.operation === 'captureOrder' && e.from === 'EXPIRED');
  const expiredSeen = orders.some((o) => o.status === 'EXPIRED') || entries.some((e) => e.from === 'EXPIRED');

  // 5. The push is answered with a 2xx.
  const badPushes = pushes.flatMap((d) => d.attempts.filter((a) => a.status === null || a.status < 200 || a.status > 299)
    .map((a) => ({ ...deliveryEvidence(d, `push of order ${orderOfPush(d.key)} answered ${a.status ?? a.error ?? 'nothing'}`, orderOfPush(d.key)), at: a.at })));

  const checks = [
    check({
      id: 'kustom.acknowledge', title: 'Every order is acknowledged before its push retries run out', level: 'must',
      advice: 'On each push (and after your confirmation page), POST /ordermanagement/v1/orders/{order_id}/acknowledge once you have stored the order. Unacknowledged orders are cancelled by Kustom.',
    }, { exercised: ackPasses.length > 0, failures: ackFailures, passes: ackPasses }),
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
