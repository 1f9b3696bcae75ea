import type { EnqueueInput } from '../../core/delivery.js';
import type { Receivers } from '../../core/receivers.js';
import type { KhumbuOrder, MarketDef, Menu, MenuHours, StoreDef, StoreStatus } from './model.js';
import type { StatusEvent } from './transitions.js';

/**
 * Khumbu → provider webhooks in the documented shapes, delivered to the tenant's registered receiver
 * (or the built-in inbox) and retried on the sandbox clock until the receiver answers exactly 200.
 * Each delivery carries `X-Sandbox-Webhook: <kind>` so one receiver URL can tell the five apart. An Order
 * Status's retries count from when the POS answered, even if the sandbox noticed later (a clock jump).
 *
 * @example
 * const hooks = khumbuWebhooks(receivers);
 * unit.enqueue(hooks.storeStatus(tenant, market, store, 'INA')); // sent once the unit has committed
 */
export const WEBHOOK_KINDS = ['orderStatus', 'storeStatus', 'menuUpdate', 'menuItemUpdate', 'menuHoursUpdate'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

const storeInformation = (s: Pick<StoreDef, 'providerStoreId' | 'partnerStoreId'>) => ({ providerStoreId: s.providerStoreId, partnerStoreId: s.partnerStoreId });
const publisher = (market: MarketDef, store: StoreDef) => ({ providerName: market.provider, partnerName: market.partner, marketName: market.name, storeInformation: storeInformation(store) });

export function orderStatusPayload(order: KhumbuOrder, event: StatusEvent) {
  return {
    providerOrderId: order.providerOrderId,
    providerOrderNumber: order.providerOrderNumber,
    providerName: order.provider,
    partnerName: order.partner,
    marketName: order.market,
    storeInformation: storeInformation(order),
    orderStatus: event.orderStatus,
    ...(event.error ? { error: { reason: event.error.reason, code: event.error.code } } : {}),
  };
}

/** Builds the deliveries (a unit of work enqueues them: sent only once the change that caused them has committed). */
export function khumbuWebhooks(receivers: Receivers) {
  const send = (tenant: string, kind: WebhookKind, body: unknown, extra: { key?: string; at?: number } = {}): EnqueueInput => ({
    service: 'khumbu', tenant, kind, url: receivers.get('khumbu', tenant) ?? null, until: '200',
    headers: { 'x-sandbox-webhook': kind }, body: JSON.stringify(body), ...extra,
  });
  return {
    orderStatus: (tenant: string, order: KhumbuOrder, event: StatusEvent) => send(tenant, 'orderStatus', orderStatusPayload(order, event), { key: `order:${order.ksOrderId}`, at: event.at }),
    storeStatus: (tenant: string, market: MarketDef, store: StoreDef, storeStatus: StoreStatus) =>
      send(tenant, 'storeStatus', { partnerName: market.partner, marketName: market.name, storeInformation: storeInformation(store), storeStatus }),
    menuUpdate: (tenant: string, market: MarketDef, store: StoreDef, menus: Menu[]) => send(tenant, 'menuUpdate', { ...publisher(market, store), menus }),
    menuItemUpdate: (tenant: string, market: MarketDef, store: StoreDef, items: { id: string; inStock: boolean }[]) =>
      send(tenant, 'menuItemUpdate', { ...publisher(market, store), menuItems: items }),
    menuHoursUpdate: (tenant: string, market: MarketDef, store: StoreDef, menuHours: MenuHours) => send(tenant, 'menuHoursUpdate', { ...publisher(market, store), menuHours }),
  };
}

export type KhumbuWebhooks = ReturnType<typeof khumbuWebhooks>;
