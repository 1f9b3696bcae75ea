/**
 * Khumbu's domain, pure: markets, stores and menus from the fixtures, and orders with their lifecycle.
 * No Hono, lowdb, faker or Date here: time arrives as epoch ms.
 *
 * @example
 * const order: KhumbuOrder = { ksOrderId: '17301056466671495', status: 'RECEIVED', … };
 */
export const NOTIFICATION_TYPES = ['CREATE', 'HOLD', 'CREATE_ORDER'] as const;
export const FULFILLMENT_MODES = ['PICK_UP', 'DELIVERY', 'DINE_IN', 'DRIVE_THRU', 'CURBSIDE'] as const;
export const PAYMENT_METHODS = ['CARD', 'CASH', 'ONLINE', 'VOUCHER'] as const;
export const ITEM_TYPES = ['ITEM', 'COMBO', 'MODIFIER'] as const;
export const ORDER_STATUS_EVENTS = ['SUCCESS', 'FAILED', 'CANCELLED', 'CANCEL_FAILED'] as const;
export const STORE_STATUSES = ['ACT', 'INA'] as const;
export const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;

export type NotificationType = (typeof NOTIFICATION_TYPES)[number];
export type OrderStatusEvent = (typeof ORDER_STATUS_EVENTS)[number];
export type StoreStatus = (typeof STORE_STATUSES)[number];
export type Day = (typeof DAYS)[number];

/** Where an order stands. RECEIVED waits for the POS; HOLD waits for fire. */
export type OrderStatus = 'HOLD' | 'RECEIVED' | 'SUCCESS' | 'FAILED' | 'CANCELLED';

export interface MenuOption {
  optionId: string;
  name: string;
  price: number;
  inStock: boolean;
  /** Nested choices under this option (a sandbox extension; the sample's AmericanCheese under Cheese). */
  optionGroups?: OptionGroup[];
}

export interface OptionGroup {
  optionGroupId: string;
  name: string;
  minQuantity: number;
  maxQuantity: number;
  options: MenuOption[];
}

export interface ItemVariation {
  itemVariationId: string;
  name: string;
  price: number;
  inStock: boolean;
  optionGroups: OptionGroup[];
}

export interface MenuItem {
  itemId: string;
  name: string;
  itemVariations: ItemVariation[];
}

export interface Category {
  categoryId: string;
  name: string;
  items: MenuItem[];
}

export interface Menu {
  id: string;
  name: string;
  categories: Category[];
}

export interface MenuDayTime {
  day: Day;
  startTime: string;
  endTime: string;
}

export interface MenuHours {
  menuId: string;
  menuDayTime: MenuDayTime[];
}

/** A store as the fixtures define it (shared by all tenants). */
export interface StoreDef {
  providerStoreId: string;
  partnerStoreId: string;
  name: string;
  status: StoreStatus;
  /** Seconds of sandbox time the POS takes to answer. */
  posDelaySeconds: number;
  menus: Menu[];
  menuHours: MenuHours[];
}

export interface MarketDef {
  provider: string;
  partner: string;
  name: string;
  currency: string;
  timeZone: string;
  /** Tax added on top of the subtotal when a cart is recomputed, e.g. 0.08. */
  taxRate: number;
  stores: StoreDef[];
}

/** A tenant's live view of a store: what the POS side changed since the seed. */
export interface StoreState {
  status: StoreStatus;
  posDelaySeconds: number;
  /** Replaced menus (published by admin); absent = the fixture's. */
  menus?: Menu[];
  menuHours?: MenuHours[];
  /** Stock overrides by item, variation or option id. */
  stock: Record<string, boolean>;
}

/** An order line as the provider sent it (options nest). */
export interface OrderLine {
  id: string;
  type?: string | undefined;
  name?: string | undefined;
  price?: number | undefined;
  quantity: number;
  options?: OrderLine[] | undefined;
  [extra: string]: unknown;
}

export interface OrderError {
  reason: string;
  code: string;
}

export type OrderEvent = {
  at: string;
  status: OrderStatus | 'CANCEL_REQUESTED' | 'CANCEL_FAILED';
  note: string;
};

/** What the simulated POS will do next, and when (tenant time, epoch ms). */
export type PendingStep =
  | { kind: 'decide'; dueAt: number }
  | { kind: 'cancel'; dueAt: number; by: 'provider'; notes?: string | undefined; resume: PendingStep | null };

/** A type, not an interface, so it fits the admin API's open JSON schema. */
export type KhumbuOrder = {
  ksOrderId: string;
  providerOrderId: string;
  providerOrderNumber: string;
  provider: string;
  partner: string;
  market: string;
  providerStoreId: string;
  partnerStoreId: string;
  notificationType: 'CREATE' | 'HOLD';
  status: OrderStatus;
  pending: PendingStep | null;
  error: OrderError | null;
  createdAt: string;
  updatedAt: string;
  /** The create request as received. */
  request: Record<string, unknown>;
  items: OrderLine[];
  history: OrderEvent[];
  /** What the POS will answer regardless of menu and store (a scenario's `webhook` outcome): null = yes. */
  forced?: { decide?: OrderError | null; cancel?: OrderError | null };
};
