import type { Faker } from '@faker-js/faker';
import { AdminError } from '../../http/admin-envelope.js';
import type { ServiceContext } from '../../http/service-module.js';
import * as CT from './checkout-transitions.js';
import { DEFAULT_MARKET, fakeAddress, fakeOrder, marketFor } from './fixtures.js';
import type { Address, InitialPaymentMethod, Order, OrderLine } from './model.js';
import type { KustomRepo } from './repo.js';
import { push } from './webhooks.js';
import { own } from '../../core/own.js';
import { orderToAdmin } from './wire.js';

/**
 * Kustom's admin actions: the emulated shopper completing a checkout, the shortcut that creates an
 * AUTHORIZED order directly, and listings for the dashboard. The same object serves `/__admin/kustom`
 * and the in-process `sandbox.admin.kustom`.
 *
 * @example
 * await sb.admin.kustom.completeCheckout(orderId, { email: 'anna+pend-accept-5@example.com' });
 */
export interface CreateOrderInput {
  order_amount?: number | undefined;
  purchase_country?: string | undefined;
  purchase_currency?: string | undefined;
  locale?: string | undefined;
  order_lines?: OrderLine[] | undefined;
  billing_address?: Address | undefined;
  shipping_address?: Address | undefined;
  initial_payment_method?: InitialPaymentMethod | undefined;
  merchant_reference1?: string | undefined;
  merchant_reference2?: string | undefined;
  merchant_data?: string | undefined;
}

export type KustomActions = ReturnType<typeof createKustomActions>;

export function createKustomActions(ctx: ServiceContext, repo: KustomRepo, fakerOf: () => Faker) {
  async function findCheckoutTenant(orderId: string, tenant?: string): Promise<string> {
    if (tenant) {
      if (await repo.getCheckout(tenant, orderId)) return tenant;
    } else {
      for (const t of await ctx.store.tenants('kustom')) if (await repo.getCheckout(t, orderId)) return t;
    }
    throw new AdminError(404, 'NOT_FOUND', `No checkout order ${orderId}${tenant ? ` for tenant ${tenant}` : ''}. Create one with POST /checkout/v3/orders first.`);
  }

  return {
    /** The shopper completes the purchase; magic e-mails decide the outcome. */
    async completeCheckout(orderId: string, opts: { email?: string | undefined; tenant?: string | undefined; initial_payment_method?: InitialPaymentMethod | undefined } = {}) {
      const tenant = await findCheckoutTenant(orderId, opts.tenant);
      const fallback = fakeAddress(fakerOf(), marketFor((await repo.getCheckout(tenant, orderId))?.order.purchase_country) ?? DEFAULT_MARKET);
      // One unit: the checkout completed, its OM order stored and its push due, or none of them.
      const result = await repo.unit(tenant, (u) => {
        const entry = own(u.data.checkouts, orderId);
        if (!entry) return undefined;
        const done = CT.completeCheckout(entry.order, entry.meta.aborted, {
          now: u.now, email: opts.email, klarnaReference: ctx.ids.reference(), fallbackAddress: fallback, paymentMethod: opts.initial_payment_method, fraud: entry.meta.fraud,
        });
        if (!done.ok) throw new AdminError(409, 'CONFLICT', done.error.messages.join(' '));
        if (done.value.outcome === 'denied') return done.value;
        u.put('checkouts', orderId, { ...entry, order: done.value.checkout });
        u.put('orders', orderId, done.value.order);
        u.enqueue(push({ tenant, orderId, url: ctx.receivers.get('kustom', tenant) ?? done.value.checkout.merchant_urls.push }));
        return done.value;
      });
      if (!result || result.outcome === 'denied') return { outcome: 'denied' as const, tenant, order_id: orderId };
      return { outcome: 'authorized' as const, tenant, order_id: orderId, fraud_status: result.order.fraud_status, order: orderToAdmin(result.order) };
    },

    /** Creates an AUTHORIZED order directly; faker fills what is not given. */
    async createOrder(tenant: string, input: CreateOrderInput = {}) {
      const market = marketFor(input.purchase_country);
      const now = repo.now(tenant);
      let lines = input.order_lines;
      if (!lines && input.order_amount !== undefined) {
        const rate = market?.taxRate ?? 2500;
        lines = [{ type: 'physical', reference: 'SANDBOX-1', name: 'Sandbox item', quantity: 1, unit_price: input.order_amount, tax_rate: rate, total_amount: input.order_amount, total_tax_amount: CT.expectedTax(input.order_amount, rate) }];
      }
      const overrides: Partial<Order> = Object.fromEntries(Object.entries({
        ...input,
        order_lines: lines,
        purchase_country: input.purchase_country?.toUpperCase(),
        purchase_currency: input.purchase_currency?.toUpperCase(),
        shipping_address: input.shipping_address ?? input.billing_address,
      }).filter(([, v]) => v !== undefined));
      if (overrides.order_amount === undefined && lines) overrides.order_amount = lines.reduce((s, l) => s + l.total_amount, 0);
      if (overrides.order_amount !== undefined) overrides.original_order_amount = overrides.order_amount;
      const order = fakeOrder(fakerOf(), now, { orderId: ctx.ids.uuid(), reference: ctx.ids.reference(), market }, overrides);
      await repo.put(tenant, order);
      return orderToAdmin(order);
    },

    /** Orders of a tenant for the dashboard (settled as of now), newest first. */
    async listOrders(tenant: string) {
      const orders = await repo.all(tenant);
      return orders.sort((a, b) => b.created_at.localeCompare(a.created_at)).map(orderToAdmin);
    },

    async getOrder(tenant: string, orderId: string) {
      const o = await repo.get(tenant, orderId);
      if (!o) throw new AdminError(404, 'NOT_FOUND', `No order ${orderId} for tenant ${tenant}.`);
      return orderToAdmin(o);
    },
  };
}
