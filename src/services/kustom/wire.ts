import { remainingAuthorized, type CheckoutOrder, type Order } from './model.js';

/**
 * What Kustom sends on the wire: the stored order minus sandbox bookkeeping, plus derived fields,
 * in the order Klarna's API lists them.
 *
 * @example
 * c.json(orderToWire(order), 200);
 */
export function orderToWire(o: Order) {
  return {
    order_id: o.order_id,
    status: o.status,
    fraud_status: o.fraud_status,
    order_amount: o.order_amount,
    original_order_amount: o.original_order_amount,
    captured_amount: o.captured_amount,
    refunded_amount: o.refunded_amount,
    remaining_authorized_amount: remainingAuthorized(o),
    purchase_currency: o.purchase_currency,
    locale: o.locale,
    order_lines: o.order_lines,
    ...(o.merchant_reference1 !== undefined ? { merchant_reference1: o.merchant_reference1 } : {}),
    ...(o.merchant_reference2 !== undefined ? { merchant_reference2: o.merchant_reference2 } : {}),
    klarna_reference: o.klarna_reference,
    ...(o.customer ? { customer: o.customer } : {}),
    ...(o.billing_address ? { billing_address: o.billing_address } : {}),
    ...(o.shipping_address ? { shipping_address: o.shipping_address } : {}),
    created_at: o.created_at,
    purchase_country: o.purchase_country,
    expires_at: o.expires_at,
    captures: o.captures,
    refunds: o.refunds,
    ...(o.merchant_data !== undefined ? { merchant_data: o.merchant_data } : {}),
    initial_payment_method: o.initial_payment_method,
    ...(o.selected_shipping_option ? { selected_shipping_option: o.selected_shipping_option } : {}),
    shipping_info: o.shipping_info,
  };
}

const wireJson = new WeakMap<Order, string>();

/**
 * The wire form as JSON text, kept per order object: orders are replaced, never edited, so a GET of an
 * order that has not changed serialises nothing.
 */
export function orderToWireJson(o: Order): string {
  let text = wireJson.get(o);
  if (text === undefined) {
    text = JSON.stringify(orderToWire(o));
    wireJson.set(o, text);
  }
  return text;
}

export function checkoutToWire(o: CheckoutOrder): CheckoutOrder {
  return o;
}

/** The order as the dashboard sees it: the wire form plus its timeline and acknowledgement. */
export function orderToAdmin(o: Order) {
  return { ...orderToWire(o), acknowledged: o.sandbox.acknowledged, history: o.sandbox.history };
}
