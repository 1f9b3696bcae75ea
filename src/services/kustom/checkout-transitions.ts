import { fail, ok, type Result } from '../../core/result.js';
import { badValue, failure, readOnlyOrder, type KustomFailure } from './failures.js';
import { AUTHORIZATION_LIFETIME_MS, iso, type Address, type CheckoutOrder, type CheckoutOrderLine, type InitialPaymentMethod, type Order, type OrderLine, type SelectedShippingOption } from './model.js';

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
  order.order_lines.forEach((l: CheckoutOrderLine, i) => {
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
  const chosen = chosenShippingOption(current['shipping_options']);
  const checkout: CheckoutOrder = { ...current, status: 'checkout_complete', billing_address: billing, shipping_address: shipping, ...(chosen ? { selected_shipping_option: chosen } : {}), completed_at: at, last_modified_at: at };
  const birth = dateOfBirth(current['customer']);
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
    order_lines: current.order_lines.map(omLine),
    ...(typeof current['merchant_reference1'] === 'string' ? { merchant_reference1: current['merchant_reference1'] } : {}),
    ...(typeof current['merchant_reference2'] === 'string' ? { merchant_reference2: current['merchant_reference2'] } : {}),
    ...(typeof current['merchant_data'] === 'string' ? { merchant_data: current['merchant_data'] } : {}),
    klarna_reference: input.klarnaReference,
    ...(birth ? { customer: { date_of_birth: birth } } : {}),
    billing_address: omAddress(billing),
    shipping_address: omAddress(shipping),
    created_at: at,
    expires_at: iso(input.now + AUTHORIZATION_LIFETIME_MS),
    captures: [],
    refunds: [],
    initial_payment_method: input.paymentMethod ?? { type: 'INVOICE', description: 'Pay later' },
    ...(chosen ? { selected_shipping_option: omShippingOption(chosen) } : {}),
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

/** A checkout line as Order Management holds it: a line sent without `type` is a physical one. */
export function omLine(l: CheckoutOrderLine): OrderLine {
  const { subscription: _s, shipping_attributes: _a, ...line } = l as CheckoutOrderLine & { subscription?: unknown; shipping_attributes?: unknown };
  return { ...line, type: l.type ?? 'physical' };
}

const OM_ADDRESS_FIELDS = ['given_name', 'family_name', 'title', 'street_address', 'street_address2', 'postal_code', 'city', 'region', 'country', 'email', 'phone'] as const;

/** A checkout address in Order Management's fields (checkout's street_name, street_number, care_of, … stay in checkout). */
export function omAddress(a: Address): Address {
  const out: Address = {};
  for (const k of OM_ADDRESS_FIELDS) if (a[k] !== undefined) out[k] = a[k];
  return out;
}

/** A shipping option offered in checkout, as the merchant sent it. */
export interface CheckoutShippingOption {
  id: string;
  name: string;
  price: number;
  tax_amount: number;
  tax_rate: number;
  preselected?: boolean;
  shipping_method?: string;
  tms_reference?: string;
  delivery_details?: { carrier?: string; product?: { name?: string; identifier?: string }; timeslot?: { id?: string; start?: string; end?: string }; pickup_location?: { id?: string; name?: string; address?: Address } };
  selected_addons?: { type?: string; price?: number; external_id?: string; user_input?: string }[];
  [extra: string]: unknown;
}

/** The option the emulated shopper ends with: the preselected one, else the first offered; none when none was offered. */
export function chosenShippingOption(options: unknown): CheckoutShippingOption | undefined {
  if (!Array.isArray(options) || options.length === 0) return undefined;
  const list = options as CheckoutShippingOption[];
  return list.find((o) => o.preselected) ?? list[0];
}

/** Order Management's SelectedShippingOptionDto of a checkout shipping option. */
export function omShippingOption(o: CheckoutShippingOption): SelectedShippingOption {
  const d = o.delivery_details;
  const pickup = d?.pickup_location;
  return {
    id: o.id,
    name: o.name,
    ...(o.tms_reference !== undefined ? { tms_reference: o.tms_reference } : {}),
    ...(d?.carrier !== undefined ? { carrier: d.carrier } : {}),
    ...(o.shipping_method !== undefined ? { method: o.shipping_method } : {}),
    price: o.price,
    tax_amount: o.tax_amount,
    tax_rate: o.tax_rate,
    ...(pickup ? { location: { ...(pickup.id !== undefined ? { id: pickup.id } : {}), ...(pickup.name !== undefined ? { name: pickup.name } : {}), ...(pickup.address ? { address: omAddress(pickup.address) } : {}) } } : {}),
    ...(d?.timeslot ? { timeslot: d.timeslot } : {}),
    ...(d?.product ? { carrier_product: d.product } : {}),
    ...(o.selected_addons?.length ? { selected_addons: o.selected_addons.map((a) => ({ type: a.type ?? 'addon', price: a.price ?? 0, ...(a.external_id !== undefined ? { external_id: a.external_id } : {}), ...(a.user_input !== undefined ? { user_input: a.user_input } : {}) })) } : {}),
  };
}

/** The shopper's date of birth, when checkout's customer gave one as a date (OM's customer.date_of_birth is a `date`). */
function dateOfBirth(customer: unknown): string | undefined {
  const d = (customer as { date_of_birth?: unknown } | undefined)?.date_of_birth;
  return typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : undefined;
}
