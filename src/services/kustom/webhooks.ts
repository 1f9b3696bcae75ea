import { everyUntil, type EnqueueInput } from '../../core/delivery.js';

/**
 * Kustom's outbound calls: the checkout push (an empty POST to `merchant_urls.push`, repeated until
 * the order is acknowledged or captured) and fraud-decision notifications.
 *
 * @example
 * unit.enqueue(push({ tenant, orderId, url: 'http://127.0.0.1:3000/push?id={checkout.order.id}' }));
 * unit.cancel(pushKey(orderId)); // acknowledged: the push stops
 */
const MIN = 60_000;
const HOUR = 60 * MIN;

/** About 2 minutes after purchase, then at 5, 15, 30, 60 minutes, then every 4 hours for 48 hours. */
export const PUSH_SCHEDULE: number[] = [2 * MIN, 5 * MIN, 15 * MIN, 30 * MIN, HOUR, ...everyUntil(HOUR, 4 * HOUR, 48 * HOUR)];

export const pushKey = (orderId: string) => `push:${orderId}`;

/** Substitutes Klarna's `{checkout.order.id}` placeholder. */
export function substituteOrderId(url: string, orderId: string): string {
  return url.replaceAll('{checkout.order.id}', encodeURIComponent(orderId));
}

/** The push of a completed checkout, repeated until the order is acknowledged (cancelled by {@link pushKey}). */
export function push(p: { tenant: string; orderId: string; url: string }): EnqueueInput {
  return {
    service: 'kustom',
    tenant: p.tenant,
    kind: 'push',
    key: pushKey(p.orderId),
    url: substituteOrderId(p.url, p.orderId),
    body: '',
    schedule: PUSH_SCHEDULE,
    until: 'cancelled',
  };
}

/** A fraud-decision notification to the order's `notification_url`. */
export function notification(p: { tenant: string; orderId: string; url: string; event: string }): EnqueueInput {
  return {
    service: 'kustom',
    tenant: p.tenant,
    kind: 'notification',
    url: substituteOrderId(p.url, p.orderId),
    body: JSON.stringify({ order_id: p.orderId, event_type: p.event }),
  };
}
