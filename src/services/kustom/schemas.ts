import { z } from '@hono/zod-openapi';
import { ORDER_LINE_TYPES, ORDER_STATUSES, SHIPPING_METHODS } from './model.js';

/**
 * Zod schemas of the Kustom (Klarna) Order Management API with the official swagger's limits.
 * They validate requests and generate /openapi/kustom.json.
 *
 * @example
 * CaptureRequest.safeParse({ captured_amount: 100 }).success; // true
 */
const str = (max: number) => z.string().max(max);
const int = () => z.number().int();
const MONEY_MAX = 100_000_000;
export const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;


export const ProductIdentifiers = z.object({
  category_path: str(750).optional(),
  global_trade_item_number: str(50).optional(),
  manufacturer_part_number: str(70).optional(),
  brand: str(70).optional(),
}).openapi('ProductIdentifiers');

export const OrderLine = z.object({
  type: z.enum(ORDER_LINE_TYPES),
  reference: str(255).optional(),
  name: str(255),
  quantity: int().min(0).max(100_000),
  quantity_unit: str(10).optional(),
  unit_price: int().max(MONEY_MAX),
  tax_rate: int().min(0),
  total_amount: int().max(MONEY_MAX),
  total_discount_amount: int().min(0).max(MONEY_MAX).optional(),
  total_tax_amount: int().max(MONEY_MAX),
  merchant_data: str(1024).optional(),
  product_url: str(1024).optional(),
  image_url: str(1024).optional(),
  product_identifiers: ProductIdentifiers.optional(),
}).openapi('OrderLine');

export const Address = z.object({
  given_name: str(100).optional(),
  family_name: str(100).optional(),
  title: str(20).optional(),
  street_address: str(100).optional(),
  street_address2: str(100).optional(),
  postal_code: str(10).optional(),
  city: str(200).optional(),
  region: str(200).optional(),
  country: z.string().regex(/^[A-Za-z]{2}$/).optional(),
  email: str(100).optional(),
  phone: str(100).optional(),
}).openapi('Address');

export const ShippingInfo = z.object({
  shipping_company: str(100).optional(),
  shipping_method: z.enum(SHIPPING_METHODS).optional(),
  tracking_number: str(100).optional(),
  tracking_uri: str(1024).optional(),
  return_shipping_company: str(100).optional(),
  return_tracking_number: str(100).optional(),
  return_tracking_uri: str(1024).optional(),
}).openapi('ShippingInfo');

export const CaptureRequest = z.object({
  // The swagger's CaptureObject says minimum 0, its Capture minimum 1: a capture of nothing is refused.
  captured_amount: int().min(1).max(MONEY_MAX),
  description: str(255).optional(),
  reference: str(255).optional(),
  order_lines: z.array(OrderLine).max(1000).optional(),
  shipping_info: z.array(ShippingInfo).max(500).optional(),
  shipping_delay: int().min(0).optional(),
}).openapi('CaptureObject');

export const RefundRequest = z.object({
  refunded_amount: int().min(0).max(MONEY_MAX),
  description: str(255).optional(),
  reference: str(255).optional(),
  order_lines: z.array(OrderLine).max(1000).optional(),
}).openapi('RefundObject');

export const UpdateAuthorizationRequest = z.object({
  order_amount: int().min(0).max(MONEY_MAX),
  description: str(255).optional(),
  order_lines: z.array(OrderLine).max(1000).optional(),
}).openapi('UpdateAuthorization');

export const MerchantReferencesRequest = z.object({
  merchant_reference1: str(255).optional(),
  merchant_reference2: str(255).optional(),
}).openapi('UpdateMerchantReferences');

export const ConsumerDetailsRequest = z.object({
  shipping_address: Address.optional(),
  billing_address: Address.optional(),
}).openapi('UpdateConsumer');

export const ShippingInfoRequest = z.object({
  shipping_info: z.array(ShippingInfo).min(1).max(500),
}).openapi('UpdateShippingInfo');

export const Capture = z.object({
  capture_id: z.string(),
  klarna_reference: z.string(),
  captured_amount: int().min(1),
  captured_at: z.string(),
  description: z.string().optional(),
  reference: z.string().optional(),
  order_lines: z.array(OrderLine),
  refunded_amount: int(),
  billing_address: Address.optional(),
  shipping_address: Address.optional(),
  shipping_info: z.array(ShippingInfo),
}).openapi('Capture');

export const Refund = z.object({
  refund_id: z.string(),
  refunded_amount: int(),
  refunded_at: z.string(),
  description: z.string().optional(),
  reference: z.string().optional(),
  order_lines: z.array(OrderLine),
}).openapi('Refund');

const nonNegative = () => int().min(0);
const SelectedShippingOption = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  tms_reference: z.string().optional(),
  carrier: z.string().optional(),
  method: z.string().optional(),
  price: nonNegative().optional(),
  tax_amount: nonNegative().optional(),
  tax_rate: nonNegative().optional(),
  location: z.object({ id: z.string().optional(), name: z.string().optional(), address: Address.optional() }).optional(),
  timeslot: z.object({ id: z.string().optional(), start: z.string().optional(), end: z.string().optional() }).optional(),
  carrier_product: z.object({ name: z.string().optional(), identifier: z.string().optional() }).optional(),
  selected_addons: z.array(z.object({ type: z.string(), price: nonNegative(), external_id: z.string().optional(), user_input: z.string().optional() })).optional(),
}).openapi('SelectedShippingOption');

export const Order = z.object({
  order_id: z.string(),
  status: z.enum(ORDER_STATUSES),
  fraud_status: z.enum(['ACCEPTED', 'PENDING', 'REJECTED']),
  order_amount: int(),
  original_order_amount: int(),
  captured_amount: int(),
  refunded_amount: int(),
  remaining_authorized_amount: int(),
  purchase_currency: z.string(),
  locale: z.string(),
  order_lines: z.array(OrderLine),
  merchant_reference1: z.string().optional(),
  merchant_reference2: z.string().optional(),
  klarna_reference: z.string(),
  customer: z.object({ date_of_birth: z.string().openapi({ format: 'date' }).optional(), national_identification_number: z.string().optional() }).optional(),
  billing_address: Address.optional(),
  shipping_address: Address.optional(),
  created_at: z.string(),
  purchase_country: z.string(),
  expires_at: z.string(),
  captures: z.array(Capture),
  refunds: z.array(Refund),
  merchant_data: z.string().optional(),
  initial_payment_method: z.object({ type: z.string(), description: z.string().optional(), number_of_installments: int().optional() }),
  selected_shipping_option: SelectedShippingOption.optional(),
  shipping_info: z.array(ShippingInfo),
}).openapi('Order');

export const ErrorEnvelope = z.object({
  error_code: z.string(),
  error_messages: z.array(z.string()),
  correlation_id: z.string(),
}).openapi('ErrorMessage');

export const OrderIdParams = z.object({
  order_id: z.string().regex(UUID_PATTERN).openapi({ param: { name: 'order_id', in: 'path' }, description: 'The order id (a UUID).' }),
});
export const CaptureParams = OrderIdParams.extend({
  capture_id: z.string().openapi({ param: { name: 'capture_id', in: 'path' } }),
});
export const RefundParams = OrderIdParams.extend({
  refund_id: z.string().openapi({ param: { name: 'refund_id', in: 'path' } }),
});

export const IdempotencyHeaders = z.object({
  'klarna-idempotency-key': z.string().max(255).optional().openapi({
    description: 'Retries with the same key within 24 h get the first response; the operation happens once.',
  }),
});
