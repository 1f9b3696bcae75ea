import { z } from '@hono/zod-openapi';
import { DAYS, FULFILLMENT_MODES, ITEM_TYPES, NOTIFICATION_TYPES, ORDER_STATUS_EVENTS, PAYMENT_METHODS, STORE_STATUSES } from './model.js';

/**
 * Khumbu's request, response, error and webhook bodies as zod schemas: what /openapi/khumbu.json
 * documents and what the routes validate. Objects accept fields they do not name (partners send more).
 * A failed check becomes a KS code in errors.ts (missing → KS-0006/0007/0011, bad enum → KS-0016/0017/0021/0022).
 *
 * @example
 * CreateOrderRequest.parse(body)
 */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const money = z.number().min(0).max(10_000_000);
const text = (max = 255) => z.string().trim().min(1).max(max);
/** `2024-12-20 06:57:14.496591`: no zone (the zone is the store's TIME_ZONE). */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,9})?$/;

export interface OrderItemInput {
  id: string;
  type?: (typeof ITEM_TYPES)[number] | undefined;
  name?: string | undefined;
  price?: number | undefined;
  quantity: number;
  categoryId?: string | undefined;
  modifierId?: string | undefined;
  options?: OrderItemInput[] | undefined;
  [extra: string]: unknown;
}

export const OrderItem: z.ZodType<OrderItemInput> = z.lazy(() => z.looseObject({
  id: text(64),
  type: z.enum(ITEM_TYPES).optional(),
  name: z.string().max(255).optional(),
  price: money.optional(),
  quantity: z.number().int().min(1).max(999),
  categoryId: z.string().max(64).optional(),
  modifierId: z.string().max(64).optional(),
  options: z.array(OrderItem).max(100).optional(),
})).openapi('KhumbuOrderItem', { description: 'An order line; options nest recursively. `id` is an item variation id (or item id) of the store\'s menu.' });

const StoreInformation = z.looseObject({
  providerStoreId: text(64),
  partnerStoreId: text(64).optional(),
  additionalProperties: z.record(z.string(), z.string()).optional().openapi({ example: { REVENUE_CENTER_ID: '103', ORDER_TYPE_ID: '10', TENDER_MEDIA_ID: '908', TIME_ZONE: 'Europe/Warsaw' } }),
}).openapi('KhumbuStoreInformation');

const currencyCode = z.string().refine((c) => CURRENCIES.has(c), { message: 'not an ISO 4217 currency code' });

const Payments = z.looseObject({
  subTotal: money.optional(),
  tax: money.optional(),
  tip: money.optional(),
  discount: money.optional(),
  total: money,
  paymentMethod: z.enum(PAYMENT_METHODS),
  currencyCode,
}).openapi('KhumbuPayments');

const CartPayments = z.looseObject({
  subTotal: money.optional(),
  tax: money.optional(),
  tip: money.optional(),
  discount: money.optional(),
  deliveryFee: money.optional(),
  serviceFee: money.optional(),
  total: money.optional(),
  paymentMethod: z.enum(PAYMENT_METHODS).optional(),
  currencyCode: currencyCode.optional(),
}).openapi('KhumbuCartPayments');

const Customer = z.looseObject({
  id: z.string().max(64).optional(),
  phone: z.string().max(32).optional(),
  firstName: z.string().max(100).optional(),
  lastName: z.string().max(100).optional(),
  email: z.string().max(254).optional(),
}).openapi('KhumbuCustomerInformation');

const ServiceMode = z.looseObject({ fulfillmentMode: z.enum(FULFILLMENT_MODES) }).openapi('KhumbuServiceMode');

const providerOrderId = text(100).openapi({ example: '5334a0dc-8a5e-4a2c-9c53-3a4f3b1f8e21' });

export const CreateOrderRequest = z.looseObject({
  providerOrderId,
  providerOrderNumber: z.string().max(64).optional().openapi({ description: 'Sandbox extension: the number shown to the guest; echoed in Order Status webhooks (default: from providerOrderId).' }),
  marketName: text(100),
  storeInformation: StoreInformation,
  orderNotificationType: z.enum(NOTIFICATION_TYPES).openapi({ description: '`CREATE` sends the order to the POS; `HOLD` keeps it until `order/fire`.' }),
  createdTimestamp: z.string().regex(TIMESTAMP).optional(),
  updatedTimestamp: z.string().regex(TIMESTAMP).optional(),
  customerInformation: Customer.optional(),
  payments: Payments,
  serviceMode: ServiceMode,
  orderItems: z.array(OrderItem).min(1).max(200),
}).openapi('KhumbuCreateOrderRequest');

export const ValidateCartRequest = z.looseObject({
  providerOrderId,
  marketName: text(100).optional(),
  storeInformation: StoreInformation,
  orderNotificationType: z.enum(NOTIFICATION_TYPES).optional().openapi({ description: '`CREATE_ORDER` for a cart.' }),
  createdTimestamp: z.string().regex(TIMESTAMP).optional(),
  updatedTimestamp: z.string().regex(TIMESTAMP).optional(),
  customerInformation: Customer.optional(),
  payments: CartPayments.optional(),
  serviceMode: ServiceMode.optional(),
  orderItems: z.array(OrderItem).min(1).max(200),
}).openapi('KhumbuValidateCartRequest');

export const CancelOrderRequest = z.looseObject({
  ksOrderId: z.string().regex(/^\d{1,30}$/).optional(),
  partnerOrderId: z.string().max(100).optional(),
  providerOrderId,
  storeInformation: z.looseObject({ providerStoreId: text(64), partnerStoreId: text(64).optional() }),
  cancellationNotes: z.string().max(1000).optional(),
}).openapi('KhumbuCancelOrderRequest');

export const FireOrderRequest = z.looseObject({
  providerOrderId,
  ksOrderId: z.string().regex(/^\d{1,30}$/).optional(),
  marketName: text(100).optional(),
  storeInformation: z.looseObject({ providerStoreId: text(64), partnerStoreId: text(64).optional() }),
}).openapi('KhumbuFireOrderRequest', { description: 'Not published by Khumbu; the sandbox\'s decision.' });

export const Accepted = z.object({
  ksOrderId: z.string().regex(/^\d{17}$/),
  providerOrderId: z.string(),
  status: z.literal('ACCEPTED'),
  message: z.string(),
}).openapi('KhumbuAccepted');

const CartLine: z.ZodType<unknown> = z.lazy(() => z.looseObject({
  id: z.string(), price: z.number(), quantity: z.number(), isAvailable: z.boolean(), options: z.array(CartLine),
})).openapi('KhumbuCartLine');

export const ValidateCartResponse = z.object({
  providerOrderId: z.string(),
  valid: z.boolean(),
  payments: z.looseObject({ subTotal: z.number(), tax: z.number(), tip: z.number(), discount: z.number(), deliveryFee: z.number(), serviceFee: z.number(), total: z.number() }),
  orderItems: z.array(CartLine),
  adjustments: z.array(z.object({
    id: z.string(),
    type: z.enum(['PRICE_CHANGE', 'UNAVAILABLE', 'UNKNOWN_ITEM']),
    requestedPrice: z.number().optional(),
    actualPrice: z.number().optional(),
  })),
}).openapi('KhumbuValidateCartResponse');

export const KsError = z.object({ code: z.string().regex(/^KS-\d{4}$/), message: z.string() }).openapi('KhumbuError', { example: { code: 'KS-0018', message: 'Duplicate order request found, ignoring request. Provider order id: 5334a0dc' } });
export const GatewayError = z.object({ message: z.string() }).openapi('KhumbuGatewayError', { example: { message: 'Unauthorized' } });

export const TokenResponse = z.object({
  access_token: z.string(),
  expires_in: z.literal(3600),
  token_type: z.literal('Bearer'),
}).openapi('KhumbuToken');
export const TokenError = z.object({ error: z.enum(['invalid_request', 'invalid_client', 'unsupported_grant_type', 'invalid_scope']) }).openapi('KhumbuTokenError');
export const TokenRequest = z.object({
  grant_type: z.literal('client_credentials'),
  client_id: z.string().optional().openapi({ description: 'Or send HTTP Basic base64(client_id:client_secret).' }),
  client_secret: z.string().optional(),
  scope: z.literal('access/all').optional(),
}).openapi('KhumbuTokenRequest');

// Webhook payloads (Khumbu → provider).
const HookStore = z.object({ providerStoreId: z.string(), partnerStoreId: z.string() });
export const OrderStatusWebhook = z.object({
  providerOrderId: z.string(), providerOrderNumber: z.string(), providerName: z.string(), partnerName: z.string(), marketName: z.string(),
  storeInformation: HookStore,
  orderStatus: z.enum(ORDER_STATUS_EVENTS),
  error: z.object({ reason: z.string(), code: z.string() }).optional(),
}).openapi('KhumbuOrderStatusWebhook');
export const StoreStatusWebhook = z.object({
  partnerName: z.string(), marketName: z.string(), storeInformation: HookStore, storeStatus: z.enum(STORE_STATUSES),
}).openapi('KhumbuStoreStatusWebhook');

const MenuOptionSchema: z.ZodType<unknown> = z.lazy(() => z.object({
  optionId: z.string(), name: z.string(), price: z.number(), inStock: z.boolean(), optionGroups: z.array(OptionGroupSchema).optional(),
})).openapi('KhumbuMenuOption');
const OptionGroupSchema: z.ZodType<unknown> = z.lazy(() => z.object({
  optionGroupId: z.string(), name: z.string(), minQuantity: z.number().int().min(0), maxQuantity: z.number().int().min(0), options: z.array(MenuOptionSchema),
})).openapi('KhumbuOptionGroup');
export const MenuSchema = z.object({
  id: z.string().min(1), name: z.string().min(1),
  categories: z.array(z.object({
    categoryId: z.string().min(1), name: z.string().min(1),
    items: z.array(z.object({
      itemId: z.string().min(1), name: z.string().min(1),
      itemVariations: z.array(z.object({
        itemVariationId: z.string().min(1), name: z.string().min(1), price: money, inStock: z.boolean(), optionGroups: z.array(OptionGroupSchema),
      })).min(1),
    })),
  })),
}).openapi('KhumbuMenu');
const Publisher = { providerName: z.string(), partnerName: z.string(), marketName: z.string(), storeInformation: HookStore };
export const MenuUpdateWebhook = z.object({ ...Publisher, menus: z.array(MenuSchema) }).openapi('KhumbuMenuUpdateWebhook');
export const MenuItemUpdateWebhook = z.object({ ...Publisher, menuItems: z.array(z.object({ id: z.string(), inStock: z.boolean() })) }).openapi('KhumbuMenuItemUpdateWebhook');
export const MenuDayTime = z.object({
  day: z.enum(DAYS),
  startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/),
  endTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/),
});
export const MenuHoursSchema = z.object({ menuId: z.string().min(1), menuDayTime: z.array(MenuDayTime).max(7 * 24) }).openapi('KhumbuMenuHours');
export const MenuHoursUpdateWebhook = z.object({ ...Publisher, menuHours: MenuHoursSchema }).openapi('KhumbuMenuHoursUpdateWebhook');
