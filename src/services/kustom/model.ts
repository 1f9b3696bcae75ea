/**
 * Kustom (Klarna) Order Management domain types, as stored. Pure: no Hono, lowdb, faker or Date.now.
 *
 * Amounts are integers in minor units; timestamps are ISO 8601 strings with milliseconds and `Z`.
 *
 * @example
 * const open = isOpen(order); // AUTHORIZED or PART_CAPTURED
 */
export const ORDER_STATUSES = ['AUTHORIZED', 'PART_CAPTURED', 'CAPTURED', 'CANCELLED', 'EXPIRED', 'CLOSED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type FraudStatus = 'ACCEPTED' | 'PENDING' | 'REJECTED';

/** Order Management's order line types (its swagger's `order_line.type`; `return_fee` is not one). */
export const ORDER_LINE_TYPES = ['physical', 'discount', 'shipping_fee', 'sales_tax', 'store_credit', 'gift_card', 'digital', 'surcharge'] as const;

/** Payment method types whose authorization may be raised (reference: sandbox decision). */
export const RAISABLE_PAYMENT_METHODS = ['INVOICE', 'FIXED_AMOUNT', 'DIRECT_DEBIT', 'ACCOUNT'] as const;

export const DAY_MS = 24 * 3600_000;
/** Default authorization lifetime, and the length of one extension. */
export const AUTHORIZATION_LIFETIME_MS = 28 * DAY_MS;
/** An authorization is never extended beyond created_at + 90 days. */
export const MAX_AUTHORIZATION_MS = 90 * DAY_MS;

export const SHIPPING_METHODS = ['PickUpStore', 'Home', 'BoxReg', 'BoxUnreg', 'PickUpPoint', 'Own', 'Postal', 'DHLPackstation', 'Digital'] as const;

export interface OrderLine {
  type: (typeof ORDER_LINE_TYPES)[number];
  reference?: string;
  name: string;
  quantity: number;
  quantity_unit?: string;
  unit_price: number;
  tax_rate: number;
  total_amount: number;
  total_discount_amount?: number;
  total_tax_amount: number;
  merchant_data?: string;
  product_url?: string;
  image_url?: string;
  product_identifiers?: { category_path?: string; global_trade_item_number?: string; manufacturer_part_number?: string; brand?: string; color?: string; size?: string };
}

export interface Address {
  given_name?: string;
  family_name?: string;
  title?: string;
  street_address?: string;
  street_address2?: string;
  postal_code?: string;
  city?: string;
  region?: string;
  country?: string;
  email?: string;
  phone?: string;
}

export interface ShippingInfo {
  shipping_company?: string;
  shipping_method?: (typeof SHIPPING_METHODS)[number];
  tracking_number?: string;
  tracking_uri?: string;
  return_shipping_company?: string;
  return_tracking_number?: string;
  return_tracking_uri?: string;
}

export interface Capture {
  capture_id: string;
  klarna_reference: string;
  captured_amount: number;
  captured_at: string;
  description?: string;
  reference?: string;
  order_lines: OrderLine[];
  refunded_amount: number;
  billing_address?: Address;
  shipping_address?: Address;
  shipping_info: ShippingInfo[];
}

export interface Refund {
  refund_id: string;
  refunded_amount: number;
  refunded_at: string;
  description?: string;
  reference?: string;
  order_lines: OrderLine[];
}

export interface InitialPaymentMethod {
  type: string;
  description?: string;
  number_of_installments?: number;
}

/** One step of an order's life, for the dashboard's timeline. */
export interface HistoryEntry {
  at: string;
  event: string;
  status: OrderStatus;
  amount?: number;
}

export interface Order {
  order_id: string;
  status: OrderStatus;
  fraud_status: FraudStatus;
  order_amount: number;
  original_order_amount: number;
  captured_amount: number;
  refunded_amount: number;
  purchase_currency: string;
  purchase_country: string;
  locale: string;
  order_lines: OrderLine[];
  merchant_reference1?: string;
  merchant_reference2?: string;
  klarna_reference: string;
  customer?: { date_of_birth?: string; national_identification_number?: string };
  billing_address?: Address;
  shipping_address?: Address;
  created_at: string;
  expires_at: string;
  captures: Capture[];
  refunds: Refund[];
  merchant_data?: string;
  initial_payment_method: InitialPaymentMethod;
  selected_shipping_option?: SelectedShippingOption;
  shipping_info: ShippingInfo[];
  /** Sandbox bookkeeping, never on the wire. */
  sandbox: {
    acknowledged: boolean;
    /** When a PENDING fraud status resolves, and to what. */
    fraud_resolution?: { at: string; to: 'ACCEPTED' | 'REJECTED' };
    /** Where fraud-decision notifications go (Checkout `merchant_urls.notification`). */
    notification_url?: string;
    /** Captures whose payment due date was extended (see due-date.ts), by capture id. */
    due_date_extensions?: Record<string, { number_of_days: number; fee: number; at: string }>;
    history: HistoryEntry[];
  };
}

/** Order Management's view of the shipping option the shopper chose in checkout (SelectedShippingOptionDto). */
export interface SelectedShippingOption {
  id?: string;
  name?: string;
  tms_reference?: string;
  carrier?: string;
  method?: string;
  price?: number;
  tax_amount?: number;
  tax_rate?: number;
  location?: { id?: string; name?: string; address?: Address };
  timeslot?: { id?: string; start?: string; end?: string };
  carrier_product?: { name?: string; identifier?: string };
  selected_addons?: { type: string; price: number; external_id?: string; user_input?: string }[];
}

/** AUTHORIZED or PART_CAPTURED: money can still be captured. */
export function isOpen(order: Pick<Order, 'status'>): boolean {
  return order.status === 'AUTHORIZED' || order.status === 'PART_CAPTURED';
}

/** `order_amount − captured_amount` while open, else 0. */
export function remainingAuthorized(order: Order): number {
  return isOpen(order) ? order.order_amount - order.captured_amount : 0;
}

/** ISO 8601 with milliseconds and Z, from epoch ms. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A Checkout v3 order line: `type` is optional there (Order Management takes such a line as `physical`). */
export type CheckoutOrderLine = Omit<OrderLine, 'type'> & { type?: OrderLine['type'] };

/** A Checkout v3 order as stored: what the merchant sent plus what Kustom adds. */
export interface CheckoutOrder {
  order_id: string;
  status: 'checkout_incomplete' | 'checkout_complete';
  purchase_country: string;
  purchase_currency: string;
  locale: string;
  order_amount: number;
  order_tax_amount: number;
  order_lines: CheckoutOrderLine[];
  merchant_urls: { terms: string; checkout: string; confirmation: string; push: string; notification?: string; [k: string]: string | undefined };
  billing_address?: Address;
  shipping_address?: Address;
  html_snippet: string;
  started_at: string;
  last_modified_at: string;
  completed_at?: string;
  /** Everything else the merchant sent (options, merchant references, …), echoed back. */
  [extra: string]: unknown;
}

/** Sandbox bookkeeping of a checkout order, kept beside it (never on the wire). */
export interface CheckoutMeta {
  aborted: boolean;
  /** A fraud review fixed in advance (a scenario's `fraud_status` outcome): wins over the magic e-mails. */
  fraud?: { to: 'ACCEPTED' | 'REJECTED'; minutes: number };
}
