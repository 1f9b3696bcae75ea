import { expect, test } from 'vitest';
import { fuzzService } from '../helpers/fuzz.js';
import { API_KEY, CLIENT, createOrder, sampleOrder, token } from '../helpers/khumbu.js';
import { makeApi } from '../helpers/sandbox.js';

/** Every Khumbu route (token and orders) under hostile input: never a 5xx, Khumbu's envelopes, a refusal changes nothing. */
test('Khumbu: every route survives hostile input', async () => {
  const api = await makeApi({ clock: { frozen: true } });
  const bearer = await token(api);
  const held = await createOrder(api, { orderNotificationType: 'HOLD' });
  const plain = await createOrder(api);
  const store = { providerStoreId: '48002', partnerStoreId: '48002' };
  const { statuses } = await fuzzService(api, {
    doc: 'khumbu',
    headers: () => ({ authorization: `Bearer ${bearer}`, 'x-api-key': API_KEY }),
    samples: {
      getToken: () => ({ grant_type: 'client_credentials', client_id: CLIENT, client_secret: 'khumbu_demo_secret' }),
      createOrder: () => sampleOrder(),
      fireOrder: () => ({ ...held, storeInformation: store }),
      cancelOrder: () => ({ ...plain, storeInformation: store, cancellationNotes: 'Guest left' }),
      validateCart: () => ({ providerOrderId: 'cart-1', storeInformation: store, payments: { subTotal: 100, tax: 8, total: 108, currencyCode: 'PLN' }, orderItems: [{ id: '123', name: 'Pizza', price: 100, quantity: 1 }] }),
    },
    params: {
      integrationPartnerName: () => ['standardprovider'],
      posName: () => ['simphony'],
      marketName: () => ['plkpl', 'czkcz'],
    },
    snapshot: async () => JSON.stringify(await api.sb.admin.khumbu.listOrders(CLIENT)),
    runs: 250,
  });
  const seen = Object.keys(statuses).map(Number);
  expect(seen.some((s) => s < 300) && seen.some((s) => s >= 400)).toBe(true);
});
