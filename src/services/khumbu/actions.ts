import { AdminError } from '../../http/admin-envelope.js';
import type { KhumbuCatalog } from './fixtures.js';
import { MENU_ID } from './fixtures.js';
import { menuIds } from './menu.js';
import type { KhumbuOrder, MarketDef, Menu, MenuDayTime, StoreDef, StoreStatus } from './model.js';
import type { KhumbuRepo } from './repo.js';
import { posCancel } from './transitions.js';
import type { KhumbuWebhooks } from './webhooks.js';

/**
 * What a restaurant does on its side, as admin actions: open or close a store, publish a menu, run
 * out of an item, change menu hours, slow the POS down, cancel an order at the till. Each sends the
 * webhook Khumbu would. The same object serves `/__admin/khumbu` and the in-process `sandbox.admin.khumbu`.
 *
 * @example
 * await sb.admin.khumbu.setStoreStatus('khumbu_demo_client', '48002', 'INA'); // Store Status webhook; orders now fail
 */
export type KhumbuActions = ReturnType<typeof createKhumbuActions>;

export function createKhumbuActions(repo: KhumbuRepo, catalog: KhumbuCatalog, hooks: KhumbuWebhooks) {
  function storeDef(storeId: string): { store: StoreDef; market: MarketDef } {
    const found = catalog.store(storeId);
    if (!found) throw new AdminError(404, 'NOT_FOUND', `No store ${storeId}. Stores: ${catalog.stores().map((s) => s.store.providerStoreId).join(', ')}.`);
    return found;
  }

  /** A store as a client sees it, without its menus (what a status or POS-delay change answers). */
  async function storeSummary(tenant: string, storeId: string) {
    const { store, market } = storeDef(storeId);
    const found = await repo.store(tenant, storeId);
    if (!found) throw new AdminError(404, 'NOT_FOUND', `No store ${storeId}.`);
    return {
      found,
      summary: {
        providerStoreId: store.providerStoreId, partnerStoreId: store.partnerStoreId, name: store.name,
        provider: market.provider, partner: market.partner, market: market.name, currency: market.currency, timeZone: market.timeZone,
        storeStatus: found.state.status, posDelaySeconds: found.state.posDelaySeconds,
      },
    };
  }

  async function storeView(tenant: string, storeId: string) {
    const { found, summary } = await storeSummary(tenant, storeId);
    return { ...summary, menus: repo.menu(found.def, found.state).menus, menuHours: found.state.menuHours ?? found.def.menuHours };
  }

  async function order(tenant: string, ksOrderId: string): Promise<KhumbuOrder> {
    const o = await repo.get(tenant, ksOrderId);
    if (!o) throw new AdminError(404, 'NOT_FOUND', `Client ${tenant} has no order ${ksOrderId}. List them with GET /__admin/khumbu/orders?tenant=${encodeURIComponent(tenant)}.`);
    return o;
  }

  return {
    /** The stores a client sees, with status and POS delay. */
    async listStores(tenant: string) {
      const data = await repo.read(tenant);
      return catalog.stores().map(({ store, market }) => {
        const state = repo.storeState(data, store);
        return { providerStoreId: store.providerStoreId, partnerStoreId: store.partnerStoreId, name: store.name, market: market.name, storeStatus: state.status, posDelaySeconds: state.posDelaySeconds };
      });
    },

    /** One store with its menus as the POS has them now (stock applied) and its menu hours. */
    getStore: storeView,

    /** Opens (ACT) or closes (INA) a store and sends Store Status. Orders to an inactive store fail. */
    async setStoreStatus(tenant: string, storeId: string, storeStatus: StoreStatus) {
      const { store, market } = storeDef(storeId);
      await repo.changeStore(tenant, store, (s) => ({ ...s, status: storeStatus }), () => hooks.storeStatus(tenant, market, store, storeStatus));
      return (await storeSummary(tenant, storeId)).summary; // the menu is GET /__admin/khumbu/stores/{id}'s
    },

    /** Publishes the store's menu (replacing it when `menus` is given) and sends Menu Update with it. */
    async publishMenu(tenant: string, storeId: string, menus?: Menu[]) {
      const { store, market } = storeDef(storeId);
      await repo.changeStore(tenant, store, (s) => (menus ? { ...s, menus, stock: {} } : s), (state) => hooks.menuUpdate(tenant, market, store, repo.menu(store, state).menus));
      return storeView(tenant, storeId);
    },

    /** Puts an item, variation or option in or out of stock and sends Menu Item Update. */
    async setItemStock(tenant: string, storeId: string, itemId: string, inStock: boolean) {
      const { store, market } = storeDef(storeId);
      const current = await repo.store(tenant, storeId);
      if (!current || !menuIds(current.state.menus ?? current.def.menus).has(itemId)) {
        throw new AdminError(404, 'NOT_FOUND', `Store ${storeId}'s menu has no item, variation or option ${itemId}. See GET /__admin/khumbu/stores/${storeId}?tenant=${encodeURIComponent(tenant)}.`);
      }
      await repo.changeStore(tenant, store, (s) => ({ ...s, stock: { ...s.stock, [itemId]: inStock } }), () => hooks.menuItemUpdate(tenant, market, store, [{ id: itemId, inStock }]));
      return { id: itemId, inStock };
    },

    /** Sets a menu's opening hours and sends Menu Hours Update. */
    async setMenuHours(tenant: string, storeId: string, input: { menuId?: string | undefined; menuDayTime: MenuDayTime[] }) {
      const { store, market } = storeDef(storeId);
      const menuHours = { menuId: input.menuId ?? MENU_ID, menuDayTime: input.menuDayTime };
      await repo.changeStore(tenant, store, (s) => ({ ...s, menuHours: [...(s.menuHours ?? store.menuHours).filter((h) => h.menuId !== menuHours.menuId), menuHours] }), () => hooks.menuHoursUpdate(tenant, market, store, menuHours));
      return menuHours;
    },

    /** How many seconds of sandbox time the store's POS takes to answer (0 = at the next tick). */
    async setPosDelay(tenant: string, storeId: string, seconds: number) {
      const { store } = storeDef(storeId);
      await repo.changeStore(tenant, store, (s) => ({ ...s, posDelaySeconds: seconds }));
      return (await storeSummary(tenant, storeId)).summary;
    },

    /** A cancel made at the restaurant: CANCELLED at once, with an Order Status webhook. */
    async cancelOrder(tenant: string, ksOrderId: string, reason = 'Cancelled by the restaurant.') {
      await order(tenant, ksOrderId);
      const r = await repo.mutate(tenant, ksOrderId, (o, now) => {
        const next = posCancel(o, now, reason);
        if (!next.ok) throw new AdminError(409, 'CONFLICT', next.error);
        return { order: next.value.order, result: next.value.order, events: [next.value.event] };
      });
      return r?.result ?? order(tenant, ksOrderId);
    },

    listOrders: (tenant: string) => repo.list(tenant),
    getOrder: order,
  };
}
