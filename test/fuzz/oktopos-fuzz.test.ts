import { expect, test } from 'vitest';
import { fuzzService } from '../helpers/fuzz.js';
import { createOrder, KEY, orderBody } from '../helpers/oktopos.js';
import { makeApi } from '../helpers/sandbox.js';

/** Every OktoPOS route under hostile input: never a 5xx but the vendor's own, its envelope, a refusal changes nothing. */
test('OktoPOS: every route survives hostile input', async () => {
  const api = await makeApi({ clock: { frozen: true } });
  const id = await createOrder(api);
  const { statuses } = await fuzzService(api, {
    doc: 'oktopos',
    headers: () => ({ 'X-API-KEY': KEY }),
    samples: {
      createOrder: () => orderBody(),
      setOrderStatus: () => ({ orderId: id, status: 'accepted', payload: { by: 'fuzz' } }),
      setPaymentStatus: () => ({ orderId: 'app-unknown', status: 'paid', date: '2026-05-01T12:00:00+02:00' }),
    },
    snapshot: async () => JSON.stringify(await api.sb.admin.oktopos.listOrders(KEY)),
    // OktoPOS itself answers 503 for a pickup time in the past.
    legitimate5xx: (op, status, body) => op === 'createOrder' && status === 503 && body.includes('default.error.pickup_time'),
    runs: 250,
  });
  const seen = Object.keys(statuses).map(Number);
  expect(seen.some((s) => s < 300) && seen.some((s) => s >= 400)).toBe(true);
});
