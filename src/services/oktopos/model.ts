/**
 * OktoPOS's domain, pure: orders sent into a till, with the kitchen's progression and payment status.
 * No Hono, lowdb, faker or Date here: time arrives as epoch ms.
 *
 * @example
 * const order: OktoOrder = { internalId: 1001, orderId: 'app-42', status: 'new', … };
 */
export const ORDER_TYPES = ['LOCAL', 'PICKUP', 'DELIVERY', 'SHIPPING'] as const;
export const PAYMENT_STATUSES = ['appointed', 'call_for_payment', 'paid', 'canceled', 'error'] as const;
/** The kitchen's steps, in order. */
export const KITCHEN_STEPS = ['new', 'accepted', 'in_preparation', 'ready'] as const;
/** Statuses after ready: a ready order leaves the ready list with one of these. */
export const LATER_STATUSES = ['picked_up', 'delivered', 'closed', 'canceled'] as const;
/** When each kitchen step is reached, as a share of the preparation time. */
export const STEP_AT: Record<(typeof KITCHEN_STEPS)[number], number> = { new: 0, accepted: 0.1, in_preparation: 0.2, ready: 1 };

export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export type KitchenStep = (typeof KITCHEN_STEPS)[number];

export interface Money {
  value: string;
  currency: string;
}

/** The create body as sent (validated), kept on the order. */
export type OrderRequest = {
  orderId: string;
  status: string;
  payment: Record<string, unknown> & { status?: string | undefined };
  items: Record<string, unknown>[];
  purchaseTime: { timestamp: string; timezone: string };
  [field: string]: unknown;
};

export type OrderEvent = {
  at: string;
  status: string;
  source: 'create' | 'kitchen' | 'api' | 'payment';
  payload?: Record<string, unknown> | undefined;
};

/** The kitchen's plan for an order: started at `startedAt` from `from`, ready after `prepMs`. */
export type Kitchen = { startedAt: number; prepMs: number; from: KitchenStep };

export type OktoOrder = OrderRequest & {
  internalId: number;
  createdAt: string;
  updatedAt: string;
  /** Null once the client set a status itself (it then drives the order), or when it never was a kitchen step. */
  kitchen: Kitchen | null;
  history: OrderEvent[];
};
