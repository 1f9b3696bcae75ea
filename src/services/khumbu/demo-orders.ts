import type { KhumbuCatalog } from './fixtures.js';
import type { KhumbuOrder, OrderError, OrderLine } from './model.js';
import { createOrder, posCancel, settle } from './transitions.js';

/**
 * A demo client's orders at start, built with the real transitions so each is consistent: two the POS
 * accepted, one it refused (an item out of stock), one cancelled at the restaurant, one on HOLD waiting
 * for fire. All in the first active store of the fixtures, in the hours before `now`.
 *
 * @example
 * khumbuDemoOrders(catalog, Date.now()).map((o) => o.status); // ['SUCCESS', 'SUCCESS', 'FAILED', 'CANCELLED', 'HOLD']
 */
type Plan = { minutesAgo: number; hold?: true; refuse?: OrderError; cancelAfterMinutes?: number; quantity: number };

const PLANS: Plan[] = [
  { minutesAgo: 200, quantity: 2 },
  { minutesAgo: 150, quantity: 1 },
  { minutesAgo: 120, quantity: 3, refuse: { code: 'KS-2003', reason: 'Item 123 (Pizza) is out of stock at store {store}.' } },
  { minutesAgo: 90, quantity: 1, cancelAfterMinutes: 12 },
  { minutesAgo: 20, quantity: 2, hold: true },
];

export function khumbuDemoOrders(catalog: KhumbuCatalog, now: number): KhumbuOrder[] {
  const found = catalog.stores().find((s) => s.store.status === 'ACT');
  if (!found) return [];
  const { store, market } = found;
  return PLANS.map((plan, i) => {
    const at = now - plan.minutesAgo * 60_000;
    const providerOrderId = `demo-khumbu-${String(i + 1).padStart(3, '0')}`;
    const items: OrderLine[] = [{ id: '123', type: 'ITEM', name: 'Pizza', price: 100, quantity: plan.quantity, categoryId: '12345', options: [{ id: 'OptionId1', name: 'Cheese', price: 5, quantity: 1, modifierId: '1111', options: [] }] }];
    const subTotal = plan.quantity * 105;
    const tax = Math.round(subTotal * market.taxRate * 100) / 100;
    const request = {
      providerOrderId, marketName: market.name, orderNotificationType: plan.hold ? 'HOLD' : 'CREATE',
      storeInformation: { providerStoreId: store.providerStoreId, partnerStoreId: store.partnerStoreId },
      customerInformation: { id: String(i + 1), firstName: 'Demo', lastName: `Guest ${i + 1}`, phone: '48500100200' },
      payments: { subTotal, tax, total: subTotal + tax, paymentMethod: 'CARD', currencyCode: market.currency },
      serviceMode: { fulfillmentMode: 'PICK_UP' },
      orderItems: items,
    };
    let order = createOrder({
      ksOrderId: `${String(at).padStart(13, '0').slice(-13)}${String(i + 1).padStart(4, '0')}`, now: at, posDelayMs: store.posDelaySeconds * 1000,
      providerOrderId, providerOrderNumber: `DEMO${i + 1}`, provider: market.provider, partner: market.partner, market: market.name,
      providerStoreId: store.providerStoreId, partnerStoreId: store.partnerStoreId, notificationType: plan.hold ? 'HOLD' : 'CREATE', request, items,
    });
    const refusal = plan.refuse ? { ...plan.refuse, reason: plan.refuse.reason.replace('{store}', store.providerStoreId) } : null;
    order = settle(order, at + store.posDelaySeconds * 1000, { decide: () => refusal, cancel: () => null }).order;
    if (plan.cancelAfterMinutes) {
      const cancelled = posCancel(order, at + plan.cancelAfterMinutes * 60_000, 'Kitchen closed early (demo)');
      if (!cancelled.ok) throw new Error(`Khumbu demo order ${providerOrderId}: ${cancelled.error}`);
      order = cancelled.value.order;
    }
    return order;
  });
}
