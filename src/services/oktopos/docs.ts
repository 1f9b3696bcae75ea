import { setBodyExample, type OpenApiDoc } from '../../http/openapi-examples.js';
import type { DemoCredential, ServiceDocs } from '../../http/service-module.js';
import type { OktoActions } from './actions.js';
import type { OktoFixtures } from './fixtures.js';
import { toWire } from './routes/orders.js';

/**
 * What `/docs` shows for OktoPOS from the fixtures: the demo till's X-API-KEY, and bodies built from its
 * demo orders (a new order made of real articles, a status change of a ready order, a payment).
 *
 * @example
 * oktoDocs(fixtures, actions).credentials(); // { ApiKeyAuth: { value: 'okto_demo_key' } }
 */
export function oktoDocs(fixtures: OktoFixtures, actions: OktoActions): ServiceDocs {
  const demo = fixtures.tenants.find((t) => t.demoOrders) ?? fixtures.tenants[0];
  return {
    preferredSchemes: ['ApiKeyAuth'],
    credentials: (): Record<string, DemoCredential> => (demo ? { ApiKeyAuth: { value: demo.apiKey } } : {}),
    async addExamples(doc: OpenApiDoc) {
      if (!demo?.demoOrders) return;
      const orders = await actions.listOrders(demo.apiKey);
      const first = orders[0];
      const ready = orders.find((o) => o.status === 'ready') ?? first;
      if (!first || !ready) return;
      const { internalId: _id, ...sent } = toWire(first);
      setBodyExample(doc, 'createOrder', { ...sent, orderId: 'web-2001', status: 'new', payment: { ...(sent['payment'] as object), status: 'appointed' } });
      setBodyExample(doc, 'setOrderStatus', { orderId: ready.internalId, status: 'picked_up' });
      setBodyExample(doc, 'setPaymentStatus', { orderId: ready.orderId, status: 'paid', date: '2026-05-01T12:00:00+02:00' });
    },
  };
}
