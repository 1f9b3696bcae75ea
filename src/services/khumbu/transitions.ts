import type { Result } from '../../core/result.js';
import { ks, withHint, withStatus, type KhumbuFailure } from './failures.js';
import type { KhumbuOrder, OrderError, OrderEvent, OrderStatusEvent, PendingStep } from './model.js';

/**
 * The order lifecycle, pure:
 * ```
 * CREATE → RECEIVED → (POS, after its delay) → SUCCESS | FAILED
 * HOLD   → HOLD → fire → RECEIVED → SUCCESS | FAILED
 * any but CANCELLED → cancel → (POS, after its delay) → CANCELLED | CANCEL_FAILED (status unchanged)
 * POS-initiated cancel → CANCELLED at once
 * ```
 * Every POS answer is an Order Status event, which the repo sends as a webhook.
 *
 * @example
 * let order = createOrder({ …, notificationType: 'CREATE', now, posDelayMs: 5000 });
 * ({ order } = settle(order, now + 5000, { decide: () => null, cancel: () => null })); // SUCCESS
 */
export type CreateInput = Pick<KhumbuOrder, 'ksOrderId' | 'providerOrderId' | 'providerOrderNumber' | 'provider' | 'partner' | 'market' | 'providerStoreId' | 'partnerStoreId' | 'notificationType' | 'request' | 'items'> & {
  now: number;
  posDelayMs: number;
};

export interface StatusEvent {
  at: number;
  orderStatus: OrderStatusEvent;
  error: OrderError | null;
}

/** What the POS says when a step falls due: null for yes, or why not. */
export interface PosVerdicts {
  decide(order: KhumbuOrder): OrderError | null;
  cancel(order: KhumbuOrder): OrderError | null;
}

const iso = (t: number) => new Date(t).toISOString();

function record(order: KhumbuOrder, at: number, status: OrderEvent['status'], note: string): OrderEvent[] {
  return [...order.history, { at: iso(at), status, note }];
}

export function createOrder(input: CreateInput): KhumbuOrder {
  const hold = input.notificationType === 'HOLD';
  const base = {
    ksOrderId: input.ksOrderId,
    providerOrderId: input.providerOrderId,
    providerOrderNumber: input.providerOrderNumber,
    provider: input.provider,
    partner: input.partner,
    market: input.market,
    providerStoreId: input.providerStoreId,
    partnerStoreId: input.partnerStoreId,
    notificationType: input.notificationType,
    status: hold ? 'HOLD' : 'RECEIVED',
    pending: hold ? null : { kind: 'decide', dueAt: input.now + input.posDelayMs },
    error: null,
    createdAt: iso(input.now),
    updatedAt: iso(input.now),
    request: input.request,
    items: input.items,
    history: [],
  } satisfies KhumbuOrder;
  return { ...base, history: record(base, input.now, base.status, hold ? 'Held: waits for fire.' : 'Sent to the POS.') };
}

/** Fire: only an order on HOLD, which then goes to the POS. */
export function fireOrder(order: KhumbuOrder, now: number, posDelayMs: number): Result<KhumbuOrder, KhumbuFailure> {
  if (order.status !== 'HOLD' || order.pending) {
    return { ok: false, error: withHint(withStatus(ks('KS-0010', 'orderStatus'), 409), `order ${order.ksOrderId} is ${order.pending?.kind === 'cancel' ? 'being cancelled' : order.status}; only an order created with orderNotificationType HOLD can be fired, once`) };
  }
  const next: KhumbuOrder = { ...order, status: 'RECEIVED', pending: { kind: 'decide', dueAt: now + posDelayMs }, updatedAt: iso(now) };
  return { ok: true, value: { ...next, history: record(order, now, 'RECEIVED', 'Fired: sent to the POS.') } };
}

/** A provider's cancel: the POS answers after its delay. A second cancel while one is pending is refused too. */
export function requestCancel(order: KhumbuOrder, now: number, posDelayMs: number, notes?: string): Result<KhumbuOrder, KhumbuFailure> {
  if (order.status === 'CANCELLED' || order.pending?.kind === 'cancel') {
    return { ok: false, error: withHint(ks('KS-1005'), order.status === 'CANCELLED' ? `order ${order.ksOrderId} was cancelled at ${lastAt(order, 'CANCELLED')}` : `a cancel of order ${order.ksOrderId} is already with the POS`) };
  }
  const pending: PendingStep = { kind: 'cancel', dueAt: now + posDelayMs, by: 'provider', ...(notes ? { notes } : {}), resume: order.pending };
  const next: KhumbuOrder = { ...order, pending, updatedAt: iso(now) };
  return { ok: true, value: { ...next, history: record(order, now, 'CANCEL_REQUESTED', notes ? `Cancel requested: ${notes}` : 'Cancel requested.') } };
}

/** A cancel made at the restaurant: the order is cancelled at once, whatever the POS was about to do. */
export function posCancel(order: KhumbuOrder, now: number, reason: string): Result<{ order: KhumbuOrder; event: StatusEvent }, string> {
  if (order.status === 'CANCELLED') return { ok: false, error: `Order ${order.ksOrderId} is already cancelled.` };
  if (order.status === 'FAILED') return { ok: false, error: `Order ${order.ksOrderId} failed at the POS (${order.error?.reason ?? 'no reason'}): there is nothing to cancel.` };
  const next: KhumbuOrder = { ...order, status: 'CANCELLED', pending: null, error: null, updatedAt: iso(now), history: record(order, now, 'CANCELLED', `Cancelled at the restaurant: ${reason}`) };
  return { ok: true, value: { order: next, event: { at: now, orderStatus: 'CANCELLED', error: null } } };
}

/** Applies every POS step that has fallen due by `now`, in order. */
export function settle(order: KhumbuOrder, now: number, verdicts: PosVerdicts): { order: KhumbuOrder; events: StatusEvent[] } {
  const pos = withForced(verdicts);
  let current = order;
  const events: StatusEvent[] = [];
  while (current.pending && current.pending.dueAt <= now) {
    const step = current.pending;
    const at = step.dueAt;
    if (step.kind === 'decide') {
      const error = pos.decide(current);
      const status = error ? 'FAILED' : 'SUCCESS';
      current = { ...current, status, pending: null, error, updatedAt: iso(at), history: record(current, at, status, error ? `The POS refused the order: ${error.reason}` : 'The POS accepted the order.') };
      events.push({ at, orderStatus: status, error });
      continue;
    }
    const error = pos.cancel(current);
    if (error) {
      current = { ...current, pending: step.resume ?? null, updatedAt: iso(at), history: record(current, at, 'CANCEL_FAILED', `The POS could not cancel: ${error.reason}`) };
      events.push({ at, orderStatus: 'CANCEL_FAILED', error });
    } else {
      current = { ...current, status: 'CANCELLED', pending: null, error: null, updatedAt: iso(at), history: record(current, at, 'CANCELLED', 'The POS cancelled the order.') };
      events.push({ at, orderStatus: 'CANCELLED', error: null });
    }
  }
  return { order: current, events };
}

/** The POS's next answer to this order's create/fire (`decide`) or cancel, fixed in advance. */
export function forceVerdict(order: KhumbuOrder, step: 'decide' | 'cancel', verdict: OrderError | null): KhumbuOrder {
  return { ...order, forced: { ...order.forced, [step]: verdict } };
}

/** A verdict fixed by {@link forceVerdict} wins over what the POS would say. */
export function withForced(pos: PosVerdicts): PosVerdicts {
  return {
    decide: (o) => (o.forced?.decide !== undefined ? o.forced.decide : pos.decide(o)),
    cancel: (o) => (o.forced?.cancel !== undefined ? o.forced.cancel : pos.cancel(o)),
  };
}

/** When the order next changes by itself (tenant time), or null. */
export function nextDueAt(order: KhumbuOrder): number | null {
  return order.pending?.dueAt ?? null;
}

/** The POS's usual answer to a cancel: a failed order has nothing to cancel. */
export function cancelVerdict(order: KhumbuOrder, storeActive: boolean): OrderError | null {
  if (!storeActive) return { code: 'KS-0019', reason: 'Store is inactive.' };
  if (order.status === 'FAILED') return { code: 'KS-2003', reason: `Order ${order.ksOrderId} was refused by the POS, so there is nothing to cancel.` };
  return null;
}

function lastAt(order: KhumbuOrder, status: OrderEvent['status']): string {
  return [...order.history].reverse().find((e) => e.status === status)?.at ?? order.updatedAt;
}
