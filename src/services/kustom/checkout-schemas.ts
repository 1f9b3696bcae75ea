import { z } from '@hono/zod-openapi';
import { Address, ProductIdentifiers } from './schemas.js';

/**
 * Zod schemas of Kustom Checkout v3 (`/checkout/v3/orders`) with the official OpenAPI's limits.
 *
 * @example
 * CheckoutCreateRequest.safeParse(body);
 */
const int = () => z.number().int();
const url = () => z.string().max(2000);

export const CheckoutOrderLine = z.object({
  type: z.enum(['physical', 'discount', 'shipping_fee', 'sales_tax', 'store_credit', 'gift_card', 'digital', 'surcharge']).optional(),
  reference: z.string().max(255).optional(),
  name: z.string().min(1).max(255),
  quantity: int().min(0),
  quantity_unit: z.string().max(10).optional(),
  unit_price: int().max(100_000_000),
  tax_rate: int().min(0).max(10_000),
  total_amount: int().max(100_000_000),
  total_discount_amount: int().min(0).optional(),
  total_tax_amount: int(),
  merchant_data: z.string().max(1024).optional(),
  product_url: z.string().max(1024).optional(),
  image_url: z.string().max(1024).optional(),
  product_identifiers: ProductIdentifiers.extend({ color: z.string().max(64).optional(), size: z.string().max(64).optional() }).optional(),
  subscription: z.object({
    name: z.string().optional(),
    interval: z.enum(['DAY', 'WEEK', 'MONTH', 'YEAR']),
    interval_count: int().min(1),
  }).optional().openapi({ description: 'The line is a subscription, renewed every interval_count intervals.' }),
  shipping_attributes: z.object({
    weight: int().min(0).optional().openapi({ description: 'Grams.' }),
    dimensions: z.object({ height: int().min(0).optional(), width: int().min(0).optional(), length: int().min(0).optional() }).optional().openapi({ description: 'Millimetres.' }),
    tags: z.array(z.string()).optional(),
  }).optional(),
}).openapi('CheckoutOrderLine');

export const MerchantUrls = z.object({
  terms: url(),
  checkout: url(),
  confirmation: url(),
  push: url(),
  validation: url().optional(),
  notification: url().optional(),
  cancellation_terms: url().optional(),
  shipping_option_update: url().optional(),
  address_update: url().optional(),
  country_change: url().optional(),
}).openapi('MerchantUrls');

const CheckoutAddress = Address.extend({
  street_name: z.string().optional(),
  street_number: z.string().optional(),
  house_extension: z.string().optional(),
  care_of: z.string().optional(),
});

const hex = z.string().regex(/^#[A-Fa-f0-9]{6}$/);

const checkbox = { text: z.string(), checked: z.boolean(), required: z.boolean() };

/** Checkout options, each as Klarna's OpenAPI declares it (an option it does not declare is not kept). */
export const CheckoutOptions = z.object({
  acquiring_channel: z.enum(['ECOMMERCE', 'MOTO', 'IN_STORE', 'TELESALES']).optional(),
  additional_checkbox: z.object(checkbox).optional(),
  additional_checkboxes: z.array(z.object({ id: z.string(), ...checkbox })).optional(),
  additional_merchant_terms: z.string().optional(),
  allow_separate_shipping_address: z.boolean().optional(),
  allowed_customer_types: z.array(z.enum(['person', 'organization'])).min(1).max(2).optional(),
  auto_capture: z.boolean().optional(),
  color_button: hex.optional(),
  color_button_text: hex.optional(),
  color_checkbox: hex.optional(),
  color_checkbox_checkmark: hex.optional(),
  color_header: hex.optional(),
  color_link: hex.optional(),
  date_of_birth_mandatory: z.boolean().optional(),
  enable_discount_module: z.boolean().optional(),
  national_identification_number_mandatory: z.boolean().optional(),
  phone_mandatory: z.boolean().optional(),
  radius_border: z.string().optional().openapi({ example: '5px' }),
  require_client_validation: z.boolean().optional(),
  require_validate_callback_success: z.boolean().optional(),
  shipping_details: z.string().optional(),
  show_subtotal_detail: z.boolean().optional(),
  show_vat_registration_number_field: z.boolean().optional(),
  title_mandatory: z.boolean().optional(),
  vat_removed: z.boolean().optional(),
  verify_national_identification_number: z.boolean().optional(),
}).openapi('CheckoutOptions');

const ShippingOption = z.object({
  id: z.string(),
  name: z.string().min(1).max(255),
  description: z.string().optional(),
  promo: z.string().optional(),
  price: int().min(0),
  preselected: z.boolean().optional(),
  tax_amount: int().min(0),
  tax_rate: int().min(0),
  shipping_method: z.string().optional(),
  tms_reference: z.string().optional(),
  delivery_details: z.object({
    carrier: z.string().optional(),
    product: z.object({ name: z.string().optional(), identifier: z.string().optional() }).optional(),
    timeslot: z.object({ id: z.string().optional(), start: z.string().optional(), end: z.string().optional() }).optional(),
    pickup_location: z.object({ id: z.string().optional(), name: z.string().optional(), address: CheckoutAddress.optional() }).optional(),
  }).optional(),
  selected_addons: z.array(z.object({ type: z.string().optional(), price: int().min(0).optional(), external_id: z.string().optional(), user_input: z.string().optional() })).optional(),
}).openapi('ShippingOption');

/** An external payment method or checkout shown beside Kustom's (`payment_provider`). */
const PaymentProvider = z.object({
  name: z.string().max(255),
  redirect_url: z.string().min(7).max(2000),
  image_url: z.string().max(2000).optional(),
  fee: int().optional(),
  description: z.string().max(500).optional(),
  countries: z.array(z.string()).optional(),
  label: z.enum(['continue', 'complete']).optional(),
}).openapi('PaymentProvider');

const DiscountLine = z.object({
  name: z.string().min(1).max(255),
  quantity: int().min(0),
  unit_price: int().max(0),
  tax_rate: int().max(10_000),
  total_amount: int().max(0),
  total_tax_amount: int(),
  reference: z.string().max(255).optional(),
  merchant_data: z.string().max(1024).optional(),
}).openapi('DiscountLine');

/** Fields a merchant may send on create and update. */
const writable = {
  purchase_country: z.string().regex(/^[A-Za-z]{2}$/),
  purchase_currency: z.string().regex(/^[A-Za-z]{3}$/),
  locale: z.string().regex(/^[A-Za-z]{2}(?:-[A-Za-z]{2})*$/),
  order_amount: int().min(0),
  order_tax_amount: int().min(0),
  order_lines: z.array(CheckoutOrderLine).max(1000),
  merchant_urls: MerchantUrls,
  billing_address: CheckoutAddress.optional(),
  shipping_address: CheckoutAddress.optional(),
  customer: z.object({ type: z.enum(['person', 'organization']).optional(), gender: z.string().optional(), date_of_birth: z.string().optional(), organization_registration_id: z.string().optional(), vat_id: z.string().optional() }).optional(),
  merchant_reference1: z.string().max(255).optional(),
  merchant_reference2: z.string().max(255).optional(),
  options: CheckoutOptions.optional(),
  shipping_countries: z.array(z.string().regex(/^[A-Za-z]{2}$/)).optional(),
  billing_countries: z.array(z.string().regex(/^[A-Za-z]{2}$/)).optional(),
  shipping_options: z.array(ShippingOption).optional(),
  merchant_data: z.string().max(6000).optional(),
  recurring: z.boolean().optional(),
  tags: z.array(z.string()).optional(),
  gui: z.object({ options: z.array(z.string()).optional() }).optional(),
  attachment: z.object({
    content_type: z.string().openapi({ example: 'application/vnd.klarna.internal.emd-v2+json' }),
    body: z.string().openapi({ description: 'The extra merchant data, serialised as JSON.' }),
  }).optional(),
  external_payment_methods: z.array(PaymentProvider).optional(),
  external_checkouts: z.array(PaymentProvider).optional(),
  discount_lines: z.array(DiscountLine).optional(),
};

export const CheckoutCreateRequest = z.object(writable).openapi('CheckoutOrderCreate');

/** An update sends only what changes; what it leaves out stays. */
export const CheckoutUpdateRequest = z.object(writable).partial().openapi('CheckoutOrderUpdate');

export const CheckoutOrder = z.object({
  order_id: z.string(),
  status: z.enum(['checkout_incomplete', 'checkout_complete']),
  ...writable,
  html_snippet: z.string(),
  started_at: z.string(),
  last_modified_at: z.string(),
  completed_at: z.string().optional(),
  selected_shipping_option: ShippingOption.optional().openapi({ description: 'Set when the shopper completes the purchase: the preselected option, else the first one offered.' }),
}).openapi('CheckoutOrder');
