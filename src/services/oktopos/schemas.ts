import { z } from '@hono/zod-openapi';
import { ORDER_TYPES, PAYMENT_STATUSES } from './model.js';

/**
 * The Order-Api's bodies as zod schemas: what /openapi/oktopos.json documents and what the routes
 * check. Objects accept fields they do not name. Money is `{value: "19.95", currency: "EUR"}`.
 *
 * @example
 * OrderSchema.safeParse(body)
 */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const isZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const dateTime = z.string().regex(DATETIME, 'an ISO 8601 date-time with offset, e.g. 2026-05-01T12:00:00+02:00').refine((s) => Number.isFinite(Date.parse(s)), 'not a real date');
const str = (max = 255) => z.string().max(max);
/** The vendor's `/^[\w\d\. \-]+$/u`, where (as in PHP's PCRE with /u) word characters are Unicode letters, marks, digits and connectors. */
const INTERMEDIARY = /^[\p{L}\p{M}\p{N}\p{Pc}. -]+$/u;

export const Money = z.looseObject({
  value: z.string().regex(/^-?\d{1,9}(\.\d{1,4})?$/, 'a decimal as a string, e.g. "19.95"'),
  currency: z.string().refine((c) => CURRENCIES.has(c), 'an ISO 4217 currency code, e.g. EUR'),
}).openapi('OktoMoney', { example: { value: '19.95', currency: 'EUR' } });

const Payment = z.looseObject({
  referenceId: str().optional(),
  paymentMethod: str(64).optional(),
  price: Money,
  status: z.enum(PAYMENT_STATUSES).optional(),
  paymentReceived: z.union([z.boolean(), dateTime]).optional(),
}).openapi('OktoPayment');

const Customer = z.looseObject({
  gender: str(32).optional(), givenName: str().optional(), familyName: str().optional(), phone: str(64).optional(), email: str().optional(),
  address: z.looseObject({ additionalAddress: str().optional(), street: str().optional(), houseNumber: str(32).optional(), zip: str(32).optional(), city: str().optional() }).optional(),
}).openapi('OktoCustomer');

const Location = z.looseObject({ table: z.number().int().min(0).optional(), seat: z.number().int().min(0).optional() }).openapi('OktoLocation');

const PurchaseTime = z.looseObject({ timestamp: dateTime, timezone: z.string().refine(isZone, 'an IANA time zone, e.g. Europe/Berlin') }).openapi('OktoPurchaseTime');

/** The instant of a pickup time in either form (ISO string or `{timestamp, timezone}`). */
export function pickupInstant(t: string | { timestamp: string }): { iso: string; ms: number } {
  const iso = typeof t === 'string' ? t : t.timestamp;
  return { iso, ms: Date.parse(iso) };
}

const id = z.union([z.number().int().min(1), z.string().regex(/^\d+$/)]);

export const Item = z.looseObject({
  basketItemId: z.number().int().min(1),
  mainBasketItemId: z.number().int().min(1),
  productId: z.uuid().optional().openapi({ description: 'The article\'s uuid (see GET /v1/articles).' }),
  externalId: str(64).optional().openapi({ description: 'The article id; must exist in GET /v1/articles when given.' }),
  name: str().optional(),
  quantity: z.number().positive().max(10_000),
  price: Money.openapi({ description: 'Unit price.' }),
  distributionChannel: z.looseObject({ id: id.optional(), token: z.enum(['INHOUSE', 'TAKEAWAY', 'DELIVERY']).optional() }).optional(),
  tax: z.looseObject({ taxRateId: id.optional(), taxRate: z.string().regex(/^\d{1,2}(\.\d{1,2})?$/).optional() }).optional(),
  comment: str(1000).optional(),
}).openapi('OktoItem');

export const OrderSchema = z.looseObject({
  orderId: z.string().trim().min(1).max(255).openapi({ description: 'Unique id of this order in the sending system.' }),
  payment: Payment,
  customer: Customer.optional(),
  location: Location.optional(),
  items: z.array(Item).min(1).max(500),
  status: z.string().trim().min(1).max(64).openapi({ description: 'Free text. `new`, `accepted` or `in_preparation` start the sandbox\'s kitchen.', example: 'new' }),
  purchaseTime: PurchaseTime,
  pickup: z.looseObject({
    pickupToken: str(64).optional(),
    // The vendor's schema is not public: both forms a client may send are taken.
    pickupTime: z.union([dateTime, PurchaseTime]).optional().openapi({ description: 'An ISO 8601 date-time with offset, or a PurchaseTime-shaped `{timestamp, timezone}`.' }),
  }).optional().openapi('OktoPickup'),
  orderType: z.enum(ORDER_TYPES).optional(),
  tipTransactions: z.array(z.looseObject({ referenceId: str().optional(), paymentMethod: str(64).optional(), price: Money })).max(50).optional(),
  sessionToken: str().optional(),
  intermediary: z.string().max(255).regex(INTERMEDIARY, 'letters, digits, _ . space and - only').optional()
    // zod-to-openapi writes a flagged regex as "…$/u"; the document gets the bare source (JSON Schema patterns are Unicode).
    .openapi({ pattern: INTERMEDIARY.source, description: 'The marketplace the order came from: `/^[\\w\\d\\. \\-]+$/u` with Unicode word characters.' }),
}).openapi('OktoOrder');

export const StoredOrder = OrderSchema.extend({ internalId: z.number().int() }).openapi('OktoReadyOrder');

export const StatusRequest = z.looseObject({
  orderId: z.number().int().min(1).openapi({ description: 'The internalId that order/create answered.' }),
  status: z.string().trim().min(1).max(64),
  payload: z.record(z.string(), z.unknown()).optional(),
}).openapi('OktoStatusRequest');

export const PaymentStatusRequest = z.looseObject({
  orderId: z.string().min(1).max(255).openapi({ description: 'The sender\'s own orderId (a string), not the internalId.' }),
  status: z.enum(PAYMENT_STATUSES),
  date: z.string().min(1).refine((s) => Number.isFinite(Date.parse(s)), 'a date, e.g. 2026-05-01T12:00:00+02:00'),
}).openapi('OktoPaymentStatusRequest');

export const Created = z.object({ internalId: z.number().int() }).openapi('OktoCreated');
export const Success = z.object({ success: z.literal(true) }).openapi('OktoSuccess');

export const ErrorEnvelope = z.object({
  items: z.array(z.unknown()),
  messages: z.array(z.object({
    data: z.object({ action: z.string(), controller: z.string(), module: z.string(), request_time: z.string() }),
    index: z.number().int(), text: z.string(), text_ns: z.string(), type: z.literal('error'),
  })),
  success: z.literal(false),
  timestamp: z.number().int(),
  version: z.string(),
}).openapi('OktoError');

export const Article = z.object({
  id: z.number().int(), uuid: z.uuid(), externalId: z.string(), name: z.string(), category: z.string(),
  price: Money, taxRateId: z.number().int(), distributionChannelIds: z.array(z.number().int()), active: z.boolean(),
}).openapi('OktoArticle');
export const TaxRate = z.object({ id: z.number().int(), name: z.string(), rate: z.string() }).openapi('OktoTaxRate');
export const DistributionChannel = z.object({ id: z.number().int(), token: z.enum(['INHOUSE', 'TAKEAWAY', 'DELIVERY']), name: z.string() }).openapi('OktoDistributionChannel');
