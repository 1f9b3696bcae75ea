import { fail, ok, type Result } from '../../core/result.js';
import { badValue, failure, type KustomFailure } from './failures.js';
import {
  AUTHORIZATION_LIFETIME_MS, MAX_AUTHORIZATION_MS, RAISABLE_PAYMENT_METHODS, iso, isOpen, remainingAuthorized,
  type Address, type Capture, type HistoryEntry, type Order, type OrderLine, type OrderStatus, type Refund, type ShippingInfo,
} from './model.js';

/**
 * The Kustom Order Management status matrix and money rules, as pure functions.
 * Each takes the order, the request and `now` (epoch ms) and returns the next order or the failure
 * the real API answers. Nothing here touches HTTP, storage or the real clock.
 *
 * @example
 * const r = capture(order, { captured_amount: 500 }, { now, newId: () => id });
 * if (r.ok) save(r.value.order); else reply(r.error);
 */
export interface Ctx {
  now: number;
  newId: () => string;
}

type R<T = Order> = Result<T, KustomFailure>;

const notAllowed = (msg: string) => fail(failure(403, 'NOT_ALLOWED', msg));

function step(order: Order, now: number, event: string, status: OrderStatus, amount?: number): Order {
  const entry: HistoryEntry = { at: iso(now), event, status, ...(amount !== undefined ? { amount } : {}) };
  return { ...order, status, sandbox: { ...order.sandbox, history: [...order.sandbox.history, entry] } };
}

export interface CaptureInput {
  captured_amount: number;
  description?: string | undefined;
  reference?: string | undefined;
  order_lines?: OrderLine[] | undefined;
  shipping_info?: ShippingInfo[] | undefined;
  shipping_delay?: number | undefined;
}

export function capture(order: Order, input: CaptureInput, ctx: Ctx): R<{ order: Order; capture: Capture }> {
  // Klarna's Capture has captured_amount ≥ 1: a capture of nothing is a bad value (the route's schema refuses it first).
  if (!(input.captured_amount >= 1)) return fail(badValue('captured_amount'));
  if (!isOpen(order) || order.fraud_status !== 'ACCEPTED') {
    return fail(failure(403, 'CAPTURE_NOT_ALLOWED', 'Capture not allowed'));
  }
  if (input.captured_amount > remainingAuthorized(order)) {
    return fail(failure(403, 'CAPTURE_NOT_ALLOWED', 'Captured amount is higher than the remaining authorized amount. Capture not possible.'));
  }
  const cap: Capture = {
    capture_id: ctx.newId(),
    klarna_reference: `${order.klarna_reference}-${order.captures.length + 1}`,
    captured_amount: input.captured_amount,
    captured_at: iso(ctx.now),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.reference !== undefined ? { reference: input.reference } : {}),
    order_lines: input.order_lines ?? [],
    refunded_amount: 0,
    ...(order.billing_address ? { billing_address: order.billing_address } : {}),
    ...(order.shipping_address ? { shipping_address: order.shipping_address } : {}),
    shipping_info: input.shipping_info ?? [],
  };
  const captured = order.captured_amount + input.captured_amount;
  const status: OrderStatus = captured >= order.order_amount ? 'CAPTURED' : 'PART_CAPTURED';
  const next = step({ ...order, captured_amount: captured, captures: [...order.captures, cap], sandbox: { ...order.sandbox, acknowledged: true } }, ctx.now, 'captured', status, input.captured_amount);
  return ok({ order: next, capture: cap });
}

export interface RefundInput {
  refunded_amount: number;
  description?: string | undefined;
  reference?: string | undefined;
  order_lines?: OrderLine[] | undefined;
}

export function refund(order: Order, input: RefundInput, ctx: Ctx): R<{ order: Order; refund: Refund }> {
  const refundable = order.status === 'PART_CAPTURED' || order.status === 'CAPTURED' || order.status === 'CLOSED' || order.status === 'EXPIRED';
  if (!refundable || order.captures.length === 0) {
    return fail(failure(403, 'REFUND_NOT_ALLOWED', 'Order has no captures. Refund not possible.'));
  }
  if (input.refunded_amount > order.captured_amount - order.refunded_amount) {
    return fail(failure(403, 'REFUND_NOT_ALLOWED', 'Over refund is not allowed. Refund not possible.'));
  }
  const ref: Refund = {
    refund_id: ctx.newId(),
    refunded_amount: input.refunded_amount,
    refunded_at: iso(ctx.now),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.reference !== undefined ? { reference: input.reference } : {}),
    order_lines: input.order_lines ?? [],
  };
  // Spread the refunded money over the captures, oldest first.
  let left = input.refunded_amount;
  const captures = order.captures.map((c) => {
    const take = Math.min(left, c.captured_amount - c.refunded_amount);
    left -= take;
    return take > 0 ? { ...c, refunded_amount: c.refunded_amount + take } : c;
  });
  const refunded = order.refunded_amount + input.refunded_amount;
  const status: OrderStatus = order.status === 'CAPTURED' && refunded >= order.captured_amount ? 'CLOSED' : order.status;
  const next = step({ ...order, refunded_amount: refunded, refunds: [...order.refunds, ref], captures }, ctx.now, 'refunded', status, input.refunded_amount);
  return ok({ order: next, refund: ref });
}

const CANCEL_REFUSALS: Partial<Record<OrderStatus, string>> = {
  PART_CAPTURED: 'Order has previous captures. Cancel not possible.',
  CAPTURED: 'Order has previous captures. Cancel not possible.',
  CLOSED: 'Order has previous captures. Cancel not possible.',
  CANCELLED: 'Order is already cancelled. Cancel not possible.',
  EXPIRED: 'Order is expired. Cancel not possible.',
};

export function cancel(order: Order, ctx: Pick<Ctx, 'now'>): R {
  const refusal = CANCEL_REFUSALS[order.status];
  if (refusal) return fail(failure(403, 'CANCEL_NOT_ALLOWED', refusal));
  return ok(step(order, ctx.now, 'cancelled', 'CANCELLED'));
}

export interface UpdateAuthorizationInput {
  order_amount: number;
  description?: string | undefined;
  order_lines?: OrderLine[] | undefined;
}

export function updateAuthorization(order: Order, input: UpdateAuthorizationInput, ctx: Pick<Ctx, 'now'>): R {
  if (order.status === 'CANCELLED') return notAllowed('Can not update a cancelled order.');
  if (!isOpen(order)) return notAllowed('Update not allowed.');
  if (input.order_amount < order.captured_amount) {
    return notAllowed(`Resulting authorization amount ${input.order_amount} cannot be less than the captured amount ${order.captured_amount} for order. Order authorization cannot be updated`);
  }
  const raising = input.order_amount > order.order_amount;
  if (raising && !(RAISABLE_PAYMENT_METHODS as readonly string[]).includes(order.initial_payment_method.type)) {
    return notAllowed('Update not allowed.');
  }
  const status: OrderStatus = order.captured_amount > 0 && input.order_amount === order.captured_amount ? 'CAPTURED' : order.status;
  return ok(step({ ...order, order_amount: input.order_amount, order_lines: input.order_lines ?? [] }, ctx.now, 'authorization_updated', status, input.order_amount));
}

export function releaseRemainingAuthorization(order: Order, ctx: Pick<Ctx, 'now'>): R {
  switch (order.status) {
    case 'PART_CAPTURED':
      return ok(step(order, ctx.now, 'remaining_authorization_released', 'CAPTURED', order.order_amount - order.captured_amount));
    case 'CAPTURED':
    case 'CLOSED':
      return notAllowed('Order is fully captured. Remaining authorization cannot be released.');
    case 'EXPIRED':
      return notAllowed('Order is expired. Remaining authorization cannot be released.');
    default:
      return notAllowed('Can not release when order is cancelled or has no captures.');
  }
}

export function extendAuthorizationTime(order: Order, ctx: Pick<Ctx, 'now'>): R {
  if (order.status === 'EXPIRED') return notAllowed('Order is expired. Authorization time cannot be extended.');
  if (order.status === 'CANCELLED') return notAllowed('Can not update a cancelled order.');
  if (!isOpen(order)) return notAllowed('Order is fully captured. Authorization time cannot be extended.');
  const next = ctx.now + AUTHORIZATION_LIFETIME_MS;
  if (next > Date.parse(order.created_at) + MAX_AUTHORIZATION_MS) {
    return notAllowed('Authorization time cannot be extended beyond 90 days after the purchase.');
  }
  return ok(step({ ...order, expires_at: iso(next) }, ctx.now, 'authorization_extended', order.status));
}

export interface MerchantReferencesInput {
  merchant_reference1?: string | undefined;
  merchant_reference2?: string | undefined;
}

export function updateMerchantReferences(order: Order, input: MerchantReferencesInput, ctx: Pick<Ctx, 'now'>): R {
  if (order.status === 'CANCELLED') return notAllowed('Can not update a cancelled order.');
  return ok(step({
    ...order,
    ...(input.merchant_reference1 !== undefined ? { merchant_reference1: input.merchant_reference1 } : {}),
    ...(input.merchant_reference2 !== undefined ? { merchant_reference2: input.merchant_reference2 } : {}),
  }, ctx.now, 'merchant_references_updated', order.status));
}

export interface ConsumerDetailsInput {
  shipping_address?: Address | undefined;
  billing_address?: Address | undefined;
}

export function updateConsumerDetails(order: Order, input: ConsumerDetailsInput, ctx: Pick<Ctx, 'now'>): R {
  if (order.status === 'CANCELLED') return notAllowed('Can not update a cancelled order.');
  if (!isOpen(order)) return notAllowed('Update not allowed.');
  if (input.billing_address && order.initial_payment_method.type === 'ACCOUNT') {
    return notAllowed('Billing address cannot be updated for user account order. Customer details cannot be updated.');
  }
  for (const a of [input.billing_address, input.shipping_address]) {
    if (a?.country !== undefined && a.country.toUpperCase() !== order.purchase_country.toUpperCase()) {
      return fail(failure(422, 'INVALID_ADDRESS', 'The shipping and/or billing address is invalid'));
    }
  }
  return ok(step({
    ...order,
    ...(input.billing_address ? { billing_address: input.billing_address } : {}),
    ...(input.shipping_address ? { shipping_address: input.shipping_address } : {}),
  }, ctx.now, 'customer_details_updated', order.status));
}

/** Acknowledge: allowed in every status, changes no status. */
export function acknowledge(order: Order, ctx: Pick<Ctx, 'now'>): R {
  if (order.sandbox.acknowledged) return ok(order);
  return ok(step({ ...order, sandbox: { ...order.sandbox, acknowledged: true } }, ctx.now, 'acknowledged', order.status));
}

/** Order-level shipping info: allowed in every status, appended. */
export function appendOrderShippingInfo(order: Order, info: ShippingInfo[], ctx: Pick<Ctx, 'now'>): R {
  return ok(step({ ...order, shipping_info: [...order.shipping_info, ...info] }, ctx.now, 'shipping_info_added', order.status));
}

export function findCapture(order: Order, captureId: string): Capture | undefined {
  return order.captures.find((c) => c.capture_id === captureId);
}

/** Capture-level shipping info, appended to that capture. The caller has checked the capture exists. */
export function appendCaptureShippingInfo(order: Order, captureId: string, info: ShippingInfo[], ctx: Pick<Ctx, 'now'>): R {
  const captures = order.captures.map((c) => (c.capture_id === captureId ? { ...c, shipping_info: [...c.shipping_info, ...info] } : c));
  return ok(step({ ...order, captures }, ctx.now, 'capture_shipping_info_added', order.status));
}

/** What the passing of time does to an order: fraud decisions resolve, authorizations expire. */
export interface Settled {
  order: Order;
  /** Notifications the merchant is owed (Klarna's `event_type`). */
  events: ('FRAUD_RISK_ACCEPTED' | 'FRAUD_RISK_REJECTED')[];
}

export function settle(order: Order, now: number): Settled {
  let o = order;
  const events: Settled['events'] = [];
  const res = o.sandbox.fraud_resolution;
  if (o.fraud_status === 'PENDING' && res && Date.parse(res.at) <= now) {
    const at = Date.parse(res.at);
    const { fraud_resolution: _done, ...sandbox } = o.sandbox;
    o = { ...o, fraud_status: res.to, sandbox };
    if (res.to === 'REJECTED') {
      o = step(o, at, 'fraud_rejected', o.status === 'AUTHORIZED' ? 'CANCELLED' : o.status);
      events.push('FRAUD_RISK_REJECTED');
    } else {
      o = step(o, at, 'fraud_accepted', o.status);
      events.push('FRAUD_RISK_ACCEPTED');
    }
  }
  if (isOpen(o) && Date.parse(o.expires_at) <= now) {
    o = step(o, Date.parse(o.expires_at), 'expired', 'EXPIRED');
  }
  return { order: o, events };
}

/** The moment this order next changes by itself, or null. */
export function nextDueAt(order: Order): number | null {
  const times: number[] = [];
  if (order.fraud_status === 'PENDING' && order.sandbox.fraud_resolution) times.push(Date.parse(order.sandbox.fraud_resolution.at));
  if (isOpen(order)) times.push(Date.parse(order.expires_at));
  return times.length ? Math.min(...times) : null;
}
