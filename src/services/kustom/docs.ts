import { setBodyExample, setParamExample, type OpenApiDoc } from '../../http/openapi-examples.js';
import type { DemoCredential, ServiceDocs } from '../../http/service-module.js';
import type { KustomFixtures } from './fixtures.js';
import type { KustomActions } from './actions.js';

/**
 * What `/docs` shows for Kustom from the fixtures: the demo merchant's credentials, and examples built
 * from its demo orders (an order with captures and room for more, its capture and refund ids, bodies
 * that succeed on it as shown).
 *
 * @example
 * kustomDocs(fixtures, actions).credentials(); // { basicAuth: { username: 'kco_test_api_demo', password: '…' } }
 */
const OM = '/ordermanagement/';

export function kustomDocs(fixtures: KustomFixtures, actions: KustomActions): ServiceDocs {
  const demo = fixtures.tenants.find((t) => t.demoOrders) ?? fixtures.tenants[0];
  return {
    preferredSchemes: ['basicAuth'],
    credentials: (): Record<string, DemoCredential> => (demo ? { basicAuth: { username: demo.id, password: demo.password ?? '' } } : {}),
    async addExamples(doc: OpenApiDoc) {
      if (!demo?.demoOrders) return;
      const orders = await actions.listOrders(demo.id);
      const order = orders.find((o) => o.status === 'PART_CAPTURED' && o.captures.length > 0) ?? orders.find((o) => o.status === 'AUTHORIZED') ?? orders[0];
      if (!order) return;
      const om: OpenApiDoc = { paths: Object.fromEntries(Object.entries(doc.paths ?? {}).filter(([p]) => p.startsWith(OM))) };
      setParamExample(om, 'order_id', order.order_id);
      if (order.captures[0]) setParamExample(om, 'capture_id', order.captures[0].capture_id);
      if (order.refunds[0]) setParamExample(om, 'refund_id', order.refunds[0].refund_id);
      const remaining = order.order_amount - order.captured_amount;
      setBodyExample(doc, 'captureOrder', { captured_amount: remaining, description: 'Shipped the rest of the order' });
      const refundable = order.captured_amount - order.refunded_amount;
      if (refundable > 0) setBodyExample(doc, 'refundOrder', { refunded_amount: Math.min(refundable, Math.round(order.order_amount / 4)), description: 'Goodwill refund', reference: 'RMA-1001' });
      setBodyExample(doc, 'updateMerchantReferences', { merchant_reference1: `${order.merchant_reference1 ?? 'ORDER'}-A`, merchant_reference2: 'demo' });
      setBodyExample(doc, 'createCheckoutOrder', {
        purchase_country: order.purchase_country,
        purchase_currency: order.purchase_currency,
        locale: order.locale,
        order_amount: order.order_amount,
        order_tax_amount: order.order_lines.reduce((s, l) => s + l.total_tax_amount, 0),
        order_lines: order.order_lines,
        merchant_urls: {
          terms: 'https://shop.example.com/terms',
          checkout: 'https://shop.example.com/checkout?id={checkout.order.id}',
          confirmation: 'https://shop.example.com/confirmation?id={checkout.order.id}',
          push: 'http://127.0.0.1:3000/kustom/push?id={checkout.order.id}',
        },
      });
    },
  };
}
