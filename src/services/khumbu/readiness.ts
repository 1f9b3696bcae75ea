import type { JournalEntry } from '../../core/journal.js';
import { answerLost, check, coverageArea, deliveryEvidence, droppedOnTheWay, entryEvidence, touched, type Evidence, type ReadinessInput, type ServiceReadiness } from '../../core/readiness/report.js';
import { TOKEN_TTL_SECONDS } from './auth.js';
import type { KhumbuOrder, OrderEvent } from './model.js';

/**
 * Khumbu's go-live checks and its order lifecycle (the POS's outcomes) as coverage (see core/readiness/report.ts).
 *
 * @example
 * const r = khumbuReadiness(input, await repo.list(tenant)); r.checks.map((c) => c.verdict);
 */

/** A token fetched again with more than this much of the previous one's life left is fetched too early. */
export const TOKEN_RENEW_WINDOW_SECONDS = 300;
/** Khumbu waits this long for a webhook receiver's 200. */
export const WEBHOOK_ANSWER_MS = 5000;
/** Every status an order's history can show: the POS outcomes and the steps before them. */
const LIFECYCLE: OrderEvent['status'][] = ['HOLD', 'RECEIVED', 'SUCCESS', 'FAILED', 'CANCEL_REQUESTED', 'CANCELLED', 'CANCEL_FAILED'];
const FINAL = new Set(['FAILED', 'CANCELLED']);

export function khumbuReadiness(input: ReadinessInput, tenantOrders: KhumbuOrder[]): ServiceReadiness {
  const { entries, deliveries } = input;
  const orders = touched(tenantOrders, (o) => o.ksOrderId, entries);

  // 1. One token, reused until it is about to expire.
  const tokens = entries.filter((e) => e.operation === 'getToken' && e.status === 200);
  const early: Evidence[] = [];
  for (let i = 1; i < tokens.length; i++) {
    // A token fetched again after a 401 (expired, or refused) is what a client should do.
    if (entries.some((e) => e.status === 401 && e.id !== tokens[i]!.id && e.recordedAt >= tokens[i - 1]!.recordedAt && e.recordedAt <= tokens[i]!.recordedAt && e.operation !== 'getToken')) continue;
    const left = TOKEN_TTL_SECONDS - (Date.parse(tokens[i]!.at) - Date.parse(tokens[i - 1]!.at)) / 1000;
    if (left > TOKEN_RENEW_WINDOW_SECONDS) early.push(entryEvidence(tokens[i]!, `a new token while the one from #${tokens[i - 1]!.id} had ${Math.round(left)} s left`));
  }

  // 2. The webhook receiver answers 200 within 5 s.
  const attempted = deliveries.filter((d) => d.attempts.length > 0);
  const slow = attempted.flatMap((d) => d.attempts
    .filter((a) => !droppedOnTheWay(a) && (a.status !== 200 || a.durationMs > WEBHOOK_ANSWER_MS))
    .map((a) => ({ ...deliveryEvidence(d, `${d.kind} webhook answered ${a.status ?? a.error ?? 'nothing'} after ${Math.round(a.durationMs)} ms`), at: a.at })));

  // 3. Only orders on HOLD are fired; 4. nothing is fired or cancelled once FAILED or CANCELLED.
  // A fire retried after its answer was lost (Khumbu has no idempotency key) finds the order fired already: not a fault.
  const fires = entries.filter((e) => e.operation === 'fireOrder' && e.from !== undefined);
  const retriedFire = (e: JournalEntry) => {
    const before = fires.filter((f) => f.subject === e.subject && f.recordedAt <= e.recordedAt && f.id !== e.id).at(-1);
    return before !== undefined && answerLost(before);
  };
  const notHeld = fires.filter((e) => e.from !== 'HOLD' && !FINAL.has(e.from!) && !retriedFire(e));
  // Fired or cancelled once FAILED or CANCELLED, after the Order Status webhook saying so was answered 200:
  // the partner knew (it has no way to read an order but the webhooks).
  const providerIds = new Map(tenantOrders.map((o) => [o.ksOrderId, o.providerOrderId]));
  const knownFinal = new Map<string, string>();
  for (const d of deliveries) {
    const told = d.kind === 'orderStatus' ? finalStatusOf(d.body) : undefined;
    const at = d.attempts.find((a) => a.status === 200)?.at;
    const earlier = told === undefined ? undefined : knownFinal.get(told);
    if (told && at && (earlier === undefined || at < earlier)) knownFinal.set(told, at);
  }
  const afterFinal = entries.filter((e) => {
    if ((e.operation !== 'fireOrder' && e.operation !== 'cancelOrder') || !FINAL.has(e.from ?? '')) return false;
    const knownAt = knownFinal.get(providerIds.get(e.subject ?? '') ?? '');
    return knownAt !== undefined && knownAt <= e.at;
  });
  const finalSeen = orders.some((o) => FINAL.has(o.status)) || afterFinal.length > 0;

  const checks = [
    check({
      id: 'khumbu.token-reuse', title: 'One token is reused until it is about to expire', level: 'must',
      advice: `Cache the access token and send it with every request; fetch a new one only within ${TOKEN_RENEW_WINDOW_SECONDS / 60} minutes of expires_in (${TOKEN_TTL_SECONDS} s), or after a 401.`,
    }, { exercised: tokens.length > 0, failures: early, passes: tokens.slice(0, 3).map((e) => entryEvidence(e)) }),
    check({
      id: 'khumbu.webhook-200', title: `The webhook receiver answers 200 within ${WEBHOOK_ANSWER_MS / 1000} s`, level: 'must',
      advice: 'Answer every webhook with 200 at once and process it afterwards (a queue); any other status, or a slow answer, makes Khumbu send it again.',
    }, { exercised: attempted.length > 0, failures: slow }),
    check({
      id: 'khumbu.fire-hold-only', title: 'Only orders created with HOLD are fired', level: 'must',
      advice: 'Fire (order/fire) only an order you created with orderNotificationType HOLD and have not fired yet; a CREATE order goes to the POS by itself.',
    }, { exercised: fires.length > 0, failures: notHeld.map((e) => entryEvidence(e, `fire of order ${e.subject}, which was ${e.from} → ${e.status}${e.errorCode ? ` ${e.errorCode}` : ''}`)) }),
    check({
      id: 'khumbu.final-states', title: 'FAILED and CANCELLED orders are final: no fire or cancel after them', level: 'must',
      advice: 'Handle the FAILED and CANCELLED Order Status webhooks: mark the order final, tell the customer, and send nothing more for it.',
    }, { exercised: finalSeen, failures: afterFinal.map((e) => entryEvidence(e, `${e.operation === 'fireOrder' ? 'fire' : 'cancel'} of order ${e.subject}, already ${e.from} → ${e.status}${e.errorCode ? ` ${e.errorCode}` : ''}`)) }),
  ];

  const lifecycle = coverageArea('pos-outcomes', 'Order lifecycle and POS outcomes reached', LIFECYCLE, orders.flatMap((o) => o.history.map((h) => h.status)));
  const flows = coverageArea('order-flows', 'Order flows', ['CREATE', 'HOLD'], orders.map((o) => o.notificationType));
  return { checks, coverage: [lifecycle, flows] };
}

/** The providerOrderId an Order Status webhook announces FAILED or CANCELLED for, if it does. */
function finalStatusOf(body: string): string | undefined {
  try {
    const b = JSON.parse(body) as { orderStatus?: unknown; providerOrderId?: unknown };
    return typeof b.providerOrderId === 'string' && FINAL.has(String(b.orderStatus)) ? b.providerOrderId : undefined;
  } catch {
    return undefined;
  }
}
