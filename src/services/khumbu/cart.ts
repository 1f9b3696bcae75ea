import { priceLine, type LineProblem, type MenuView, type PricedLine } from './menu.js';
import type { OrderLine } from './model.js';

/**
 * Validate Cart, pure: the cart recomputed against the store's menu — current prices, availability,
 * unknown items — and the payments recomputed from them.
 *
 * Money is summed in minor units (cents). A line costs quantity × (its price + its options), where an
 * option costs its quantity × (its price + its own options): an option's quantity is per one of its parent.
 * Unknown and unavailable lines (and options) are left out of the subtotal. Tax is the market's rate on
 * the subtotal; tip, discount, delivery and service fee are the cart's own.
 *
 * @example
 * adjustCart({ providerOrderId: 'p1', orderItems: [{ id: '123', price: 90, quantity: 1 }] }, view, 0.08)
 * // valid: false, adjustments: [{ id: '123', type: 'PRICE_CHANGE', requestedPrice: 90, actualPrice: 100 }]
 */
export interface CartPayments {
  subTotal?: number | undefined;
  tax?: number | undefined;
  tip?: number | undefined;
  discount?: number | undefined;
  deliveryFee?: number | undefined;
  serviceFee?: number | undefined;
  total?: number | undefined;
  paymentMethod?: string | undefined;
  currencyCode?: string | undefined;
}

export interface CartRequest {
  providerOrderId: string;
  payments?: CartPayments | undefined;
  orderItems: OrderLine[];
}

export type AdjustmentType = 'PRICE_CHANGE' | 'UNAVAILABLE' | 'UNKNOWN_ITEM';

export interface Adjustment {
  id: string;
  type: AdjustmentType;
  requestedPrice?: number;
  actualPrice?: number;
}

export interface CartLine extends OrderLine {
  price: number;
  isAvailable: boolean;
  options: CartLine[];
}

export interface CartAnswer {
  providerOrderId: string;
  valid: boolean;
  payments: Required<Pick<CartPayments, 'subTotal' | 'tax' | 'tip' | 'discount' | 'deliveryFee' | 'serviceFee' | 'total'>> & Pick<CartPayments, 'paymentMethod' | 'currencyCode'>;
  orderItems: CartLine[];
  adjustments: Adjustment[];
}

export const cents = (amount: number): number => Math.round(amount * 100);
export const fromCents = (c: number): number => c / 100;

/** The cost of a priced line in cents (0 when unknown or unavailable). */
export function lineCents(p: PricedLine): number {
  if (!p.known || !p.isAvailable) return 0;
  const options = p.options.reduce((sum, o) => sum + lineCents(o), 0);
  return p.line.quantity * (cents(p.price) + options);
}

function toCartLine(p: PricedLine): CartLine {
  return { ...p.line, price: p.price, isAvailable: p.isAvailable, options: p.options.map(toCartLine) };
}

function toAdjustment(problem: LineProblem): Adjustment {
  if (problem.kind === 'PRICE_CHANGE') return { id: problem.id, type: 'PRICE_CHANGE', requestedPrice: problem.requestedPrice, actualPrice: problem.actualPrice };
  return { id: problem.id, type: problem.kind };
}

export function adjustCart(cart: CartRequest, view: MenuView, taxRate: number): CartAnswer {
  const problems: LineProblem[] = [];
  const priced = cart.orderItems.map((line, i) => {
    const r = priceLine(view, line, `orderItems[${i}]`);
    problems.push(...r.problems);
    return r.priced;
  });
  const p = cart.payments ?? {};
  const subTotal = priced.reduce((sum, l) => sum + lineCents(l), 0);
  const tax = Math.round(subTotal * taxRate);
  const tip = cents(p.tip ?? 0);
  const discount = cents(p.discount ?? 0);
  const deliveryFee = cents(p.deliveryFee ?? 0);
  const serviceFee = cents(p.serviceFee ?? 0);
  const total = Math.max(0, subTotal + tax + tip + deliveryFee + serviceFee - discount);
  return {
    providerOrderId: cart.providerOrderId,
    valid: problems.length === 0,
    payments: {
      subTotal: fromCents(subTotal), tax: fromCents(tax), tip: fromCents(tip), discount: fromCents(discount),
      deliveryFee: fromCents(deliveryFee), serviceFee: fromCents(serviceFee), total: fromCents(total),
      ...(p.paymentMethod !== undefined ? { paymentMethod: p.paymentMethod } : {}),
      ...(p.currencyCode !== undefined ? { currencyCode: p.currencyCode } : {}),
    },
    orderItems: priced.map(toCartLine),
    adjustments: problems.map(toAdjustment),
  };
}
