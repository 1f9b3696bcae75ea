import { expect, test } from 'vitest';
import { fuzzService } from '../helpers/fuzz.js';
import { checkoutBody, DEMO, line, makeApi, newOrder } from '../helpers/sandbox.js';

/** Every Kustom route under hostile input: never a 5xx, always Kustom's documented envelope, a refusal changes nothing. */
test('Kustom: every route survives hostile input', async () => {
  const api = await makeApi({ clock: { frozen: true } });
  const orders = [(await newOrder(api)).order_id, (await newOrder(api)).order_id];
  const captured = await newOrder(api);
  await api.call('POST', `/ordermanagement/v1/orders/${captured.order_id}/captures`, { body: { captured_amount: 5000 } });
  const co = (await (await api.call('POST', '/checkout/v3/orders', { body: checkoutBody() })).json()) as { order_id: string };
  const shipping = { shipping_company: 'DHL', tracking_number: '123' };
  const address = { given_name: 'Anna', family_name: 'Svensson', email: 'anna@example.com', street_address: 'Gatan 1', postal_code: '11122', city: 'Stockholm', country: 'SE' };
  const { statuses } = await fuzzService(api, {
    doc: 'kustom',
    headers: () => ({ Authorization: `Basic ${DEMO}` }),
    samples: {
      captureOrder: () => ({ captured_amount: 100, order_lines: [line(100)], shipping_info: [shipping] }),
      refundOrder: () => ({ refunded_amount: 100, description: 'Returned', order_lines: [line(100)] }),
      updateAuthorization: () => ({ order_amount: 9000, order_lines: [line(9000)] }),
      updateMerchantReferences: () => ({ merchant_reference1: 'ref-1', merchant_reference2: 'ref-2' }),
      updateConsumerDetails: () => ({ shipping_address: address }),
      appendOrderShippingInfo: () => ({ shipping_info: [shipping] }),
      appendShippingInfo: () => ({ shipping_info: [shipping] }),
      createCheckoutOrder: () => checkoutBody(),
      updateCheckoutOrder: () => ({ order_amount: 5000, order_tax_amount: line(5000).total_tax_amount, order_lines: [line(5000)] }),
    },
    params: {
      order_id: () => [...orders, captured.order_id, co.order_id],
      capture_id: () => ['00000000-0000-0000-0000-000000000000'],
      refund_id: () => ['00000000-0000-0000-0000-000000000000'],
    },
    snapshot: async () => JSON.stringify(await (await api.sb.request(`/__admin/kustom/orders?tenant=${DEMO}`)).json()),
    runs: 250,
  });
  const seen = Object.keys(statuses).map(Number);
  expect(seen.some((s) => s < 300) && seen.some((s) => s >= 400)).toBe(true);
});
