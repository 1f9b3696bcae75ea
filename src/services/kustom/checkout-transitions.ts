import { fail, ok, type Result } from '../../core/result.js';
import { badValue, failure, readOnlyOrder, type KustomFailure } from './failures.js';
import { AUTHORIZATION_LIFETIME_MS, iso, type Address, type CheckoutOrder, type InitialPaymentMethod, type Order, type OrderLine } from './model.js';

/**
 * Kustom Checkout v3 rules as pure functions: money consistency, create/update/abort, and the
 * emulated shopper completing the purchase (with the playground's magic e-mails).
 *
 * @example
 * const r = validateCheckoutMoney({ order_amount: 100, order_tax_amount: 20, order_lines: [...] });
 */
type MoneyFields = Pick<CheckoutOrder, 'order_amount' | 'order_tax_amount' | 'order_lines'>;

/** Expected tax in a tax-inclusive line: `total − total·10000/(10000+rate)`. */
export function expectedTax(totalAmount: number, taxRate: number): number {
  return Math.round(totalAmount - (totalAmount * 10000) / (10000 + taxRate));
}

/** Line totals, tax and order sums must agree; each disagreement is named like Klarna does. */
export function validateCheckoutMoney(order: MoneyFields): Result<void, KustomFailure> {
  const bad: string[] = [];
  let sum = 0;
  let tax = 0;
  let salesTax = 0;
  let hasSalesTax = false;
  order.order_lines.forEach((l: OrderLine, i) => {
    if (l.total_amount !== l.quantity * l.unit_price - (l.total_discount_amount ?? 0)) bad.push(`order_lines[${i}].total_amount`);
    else if (Math.abs(l.total_tax_amount - expectedTax(l.total_amount, l.tax_rate)) > 1) bad.push(`order_lines[${i}].total_tax_amount`);
    sum += l.total_amount;
    tax += l.total_tax_amount;
    if (l.type === 'sales_tax') {
      hasSalesTax = true;
      salesTax += l.total_amount;
    }
  });
  if (bad.length) return fail(badValue(...bad));
  if (order.order_amount !== sum) bad.push('order_amount');
  if (order.order_tax_amount !== (hasSalesTax ? salesTax + tax : tax)) bad.push('order_tax_amount');
  return bad.length ? fail(badValue(...bad)) : ok(undefined);
}

export interface CheckoutInput extends MoneyFields {
  purchase_country: string;
  purchase_currency: string;
  locale: string;
  merchant_urls: CheckoutOrder['merchant_urls'];
  [extra: string]: unknown;
}

export function createCheckout(input: CheckoutInput, ctx: { now: number; orderId: string; snippet: string }): Result<CheckoutOrder, KustomFailure> {
  const money = validateCheckoutMoney(input);
  if (!money.ok) return money;
  const at = iso(ctx.now);
  return ok({
    ...input,
    order_id: ctx.orderId,
    status: 'checkout_incomplete',
    purchase_country: input.purchase_country.toUpperCase(),
    purchase_currency: input.purchase_currency.toUpperCase(),
    html_snippet: ctx.snippet,
    started_at: at,
    last_modified_at: at,
  });
}

/** Only an incomplete, not aborted checkout can change; what the update leaves out stays. */
export function updateCheckout(current: CheckoutOrder, aborted: boolean, patch: Partial<CheckoutInput>, now: number): Result<CheckoutOrder, KustomFailure> {
  if (current.status !== 'checkout_incomplete' || aborted) return fail(readOnlyOrder());
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  const next = { ...current, ...defined, order_id: current.order_id, status: current.status, last_modified_at: iso(now) } as CheckoutOrder;
  const money = validateCheckoutMoney(next);
  if (!money.ok) return money;
  return ok(next);
}

export function abortCheckout(current: CheckoutOrder): Result<void, KustomFailure> {
  if (current.status !== 'checkout_incomplete') return fail(readOnlyOrder());
  return ok(undefined);
}

/** What a magic e-mail asks for. */
export type MagicOutcome = { kind: 'accept' } | { kind: 'denied' } | { kind: 'pending'; to: 'ACCEPTED' | 'REJECTED'; minutes: number };

export function magicOutcome(email: string | undefined): MagicOutcome {
  const local = email?.split('@')[0] ?? '';
  if (/\+denied$/i.test(local)) return { kind: 'denied' };
  const m = /\+pend-(accept|reject)-(\d{1,4})$/i.exec(local);
  if (m?.[1] && m[2]) return { kind: 'pending', to: m[1].toLowerCase() === 'accept' ? 'ACCEPTED' : 'REJECTED', minutes: Number(m[2]) };
  return { kind: 'accept' };
}

export interface CompleteInput {
  now: number;
  email?: string | undefined;
  klarnaReference: string;
  /** Used when the checkout has no billing address. */
  fallbackAddress: Address;
  paymentMethod?: InitialPaymentMethod | undefined;
  /** A fraud review fixed in advance: the order completes PENDING and resolves to `to` after `minutes`. */
  fraud?: { to: 'ACCEPTED' | 'REJECTED'; minutes: number } | undefined;
}

export type Completion =
  | { outcome: 'denied' }
  | { outcome: 'authorized'; checkout: CheckoutOrder; order: Order };

/** The shopper presses "Buy": the checkout completes and an AUTHORIZED order appears in OM. */
export function completeCheckout(current: CheckoutOrder, aborted: boolean, input: CompleteInput): Result<Completion, KustomFailure> {
  if (current.status !== 'checkout_incomplete' || aborted) return fail(failure(409, 'CONFLICT', `Checkout order ${current.order_id} is ${aborted ? 'aborted' : 'already complete'}; only an incomplete checkout can be completed.`));
  const email = input.email ?? current.billing_address?.email ?? input.fallbackAddress.email;
  const magic: MagicOutcome = input.fraud ? { kind: 'pending', ...input.fraud } : magicOutcome(email);
  if (magic.kind === 'denied') return ok({ outcome: 'denied' });
  const at = iso(input.now);
  const billing: Address = { ...input.fallbackAddress, country: current.purchase_country, ...current.billing_address, ...(email ? { email } : {}) };
  const shipping: Address = current.shipping_address ? { ...current.shipping_address } : billing;
  const checkout: CheckoutOrder = { ...current, status: 'checkout_complete', billing_address: billing, shipping_address: shipping, completed_at: at, last_modified_at: at };
  const pending = magic.kind === 'pending';
  const order: Order = {
    order_id: current.order_id,
    status: 'AUTHORIZED',
    fraud_status: pending ? 'PENDING' : 'ACCEPTED',
    order_amount: current.order_amount,
    original_order_amount: current.order_amount,
    captured_amount: 0,
    refunded_amount: 0,
    purchase_currency: current.purchase_currency,
    purchase_country: current.purchase_country,
    locale: current.locale,
    order_lines: current.order_lines,
    ...(typeof current['merchant_reference1'] === 'string' ? { merchant_reference1: current['merchant_reference1'] } : {}),
    ...(typeof current['merchant_reference2'] === 'string' ? { merchant_reference2: current['merchant_reference2'] } : {}),
    ...(typeof current['merchant_data'] === 'string' ? { merchant_data: current['merchant_data'] } : {}),
    klarna_reference: input.klarnaReference,
    billing_address: billing,
    shipping_address: shipping,
    created_at: at,
    expires_at: iso(input.now + AUTHORIZATION_LIFETIME_MS),
    captures: [],
    refunds: [],
    initial_payment_method: input.paymentMethod ?? { type: 'INVOICE', description: 'Pay later' },
    shipping_info: [],
    sandbox: {
      acknowledged: false,
      ...(pending ? { fraud_resolution: { at: iso(input.now + magic.minutes * 60_000), to: magic.to } } : {}),
      ...(current.merchant_urls.notification ? { notification_url: current.merchant_urls.notification } : {}),
      history: [{ at, event: 'authorized', status: 'AUTHORIZED', amount: current.order_amount }],
    },
  };
  return ok({ outcome: 'authorized', checkout, order });
}
