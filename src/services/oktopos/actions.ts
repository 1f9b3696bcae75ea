import { AdminError } from '../../http/admin-envelope.js';
import type { OktoRepo } from './repo.js';

/**
 * OktoPOS admin actions: the kitchen's preparation time per till, and the till's orders with their
 * timelines. The same object serves `/__admin/oktopos` and the in-process `sandbox.admin.oktopos`.
 *
 * @example
 * await sb.admin.oktopos.setPreparationMinutes('okto_demo_key', 1); // orders are ready a minute after create
 */
export type OktoActions = ReturnType<typeof createOktoActions>;

export function createOktoActions(repo: OktoRepo) {
  return {
    async getKitchen(tenant: string) {
      return { preparationMinutes: (await repo.read(tenant)).preparationMinutes };
    },
    /** Applies to orders created from now on. */
    async setPreparationMinutes(tenant: string, minutes: number) {
      await repo.setPreparationMinutes(tenant, minutes);
      return { preparationMinutes: minutes };
    },
    listOrders: (tenant: string) => repo.list(tenant),
    async getOrder(tenant: string, internalId: number) {
      const o = await repo.get(tenant, internalId);
      if (!o) throw new AdminError(404, 'NOT_FOUND', `Till ${tenant} has no order ${internalId}. List them with GET /__admin/oktopos/orders?tenant=${encodeURIComponent(tenant)}.`);
      return o;
    },
  };
}
