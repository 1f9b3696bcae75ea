import { KITCHEN_STEPS, STEP_AT, type KitchenStep, type Kitchen, type OktoOrder, type OrderEvent, type OrderRequest, type PaymentStatus } from './model.js';

/**
 * The kitchen and the order's status, pure. A created order whose status is a kitchen step (`new`,
 * `accepted`, `in_preparation`) moves on by itself: accepted at 10 % of the preparation time,
 * in_preparation at 20 %, ready at 100 %. A status the client sets always wins and stops the kitchen
 * for that order. Ready orders are the ones `GET /v1/order/ready` lists.
 *
 * @example
 * let o = createOrder(req, { internalId: 1001, now, prepMs: 15 * 60_000 });
 * o = settle(o, now + 15 * 60_000); // status 'ready'
 */
const iso = (t: number) => new Date(t).toISOString();

const isStep = (s: string): s is KitchenStep => (KITCHEN_STEPS as readonly string[]).includes(s);

export function createOrder(req: OrderRequest, p: { internalId: number; now: number; prepMs: number }): OktoOrder {
  const kitchen: Kitchen | null = isStep(req.status) && req.status !== 'ready' ? { startedAt: p.now, prepMs: p.prepMs, from: req.status } : null;
  return {
    ...req,
    internalId: p.internalId,
    createdAt: iso(p.now),
    updatedAt: iso(p.now),
    kitchen,
    history: [{ at: iso(p.now), status: req.status, source: 'create' }],
  };
}

/** The kitchen steps still ahead of the order, each with the time it is reached. */
function stepsAhead(order: OktoOrder): { step: KitchenStep; at: number }[] {
  const k = order.kitchen;
  if (!k) return [];
  const fromShare = STEP_AT[k.from];
  const current = KITCHEN_STEPS.indexOf(order.status as KitchenStep);
  return KITCHEN_STEPS.slice(current + 1).map((step) => ({ step, at: k.startedAt + Math.round(Math.max(0, STEP_AT[step] - fromShare) * k.prepMs) }));
}

/** Applies every kitchen step due by `now`, each stamped at its own time. */
export function settle(order: OktoOrder, now: number): OktoOrder {
  if (!order.kitchen || !isStep(order.status)) return order;
  const due = stepsAhead(order).filter((s) => s.at <= now);
  if (!due.length) return order;
  const events: OrderEvent[] = due.map((s) => ({ at: iso(s.at), status: s.step, source: 'kitchen' }));
  const last = due[due.length - 1] as { step: KitchenStep; at: number };
  return { ...order, status: last.step, kitchen: last.step === 'ready' ? null : order.kitchen, updatedAt: iso(last.at), history: [...order.history, ...events] };
}

/** When the kitchen next moves the order, or null. */
export function nextDueAt(order: OktoOrder): number | null {
  return stepsAhead(order)[0]?.at ?? null;
}

/** The kitchen stops moving this order on (it keeps its status until the client sets one). */
export function stallKitchen(order: OktoOrder, now: number): OktoOrder {
  if (!order.kitchen) return order;
  return { ...order, kitchen: null, updatedAt: iso(now), history: [...order.history, { at: iso(now), status: order.status, source: 'kitchen', payload: { stalled: true } }] };
}

/** This order gets its own preparation time, counted from when the kitchen started it. */
export function retimeKitchen(order: OktoOrder, prepMs: number): OktoOrder {
  if (!order.kitchen) return order;
  return { ...order, kitchen: { ...order.kitchen, prepMs } };
}

/** The client sets a status: it wins, and the kitchen stops for this order. */
export function setStatus(order: OktoOrder, status: string, now: number, payload?: Record<string, unknown>): OktoOrder {
  return { ...order, status, kitchen: null, updatedAt: iso(now), history: [...order.history, { at: iso(now), status, source: 'api', ...(payload ? { payload } : {}) }] };
}

/** The payment's status (and its date) is stored on the order's payment. */
export function setPaymentStatus(order: OktoOrder, status: PaymentStatus, date: string, now: number): OktoOrder {
  return {
    ...order,
    payment: { ...order.payment, status, statusDate: date },
    updatedAt: iso(now),
    history: [...order.history, { at: iso(now), status: `payment:${status}`, source: 'payment', payload: { date } }],
  };
}

export const isReady = (order: OktoOrder) => order.status === 'ready';
