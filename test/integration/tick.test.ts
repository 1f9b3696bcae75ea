import { expect, test } from 'vitest';
import { createSandbox } from '../../src/index.js';
import { checkoutBody } from '../helpers/sandbox.js';

test('an advance made while an earlier tick is still delivering fires what it made due before answering', async () => {
  const calls: string[] = [];
  let release!: () => void;
  const slow = new Promise<void>((r) => (release = r));
  const sb = await createSandbox({
    logLevel: 'silent',
    sendWebhook: async (url) => {
      calls.push(url);
      if (url.includes('slow')) await slow; // the first delivery hangs until released
      return 200;
    },
  });
  const auth = { Authorization: 'Basic t1', 'content-type': 'application/json' };
  const make = async (push: string) => {
    const co = await (await sb.request('/checkout/v3/orders', { method: 'POST', headers: auth, body: JSON.stringify(checkoutBody(10000, push)) })).json();
    await sb.admin.kustom.completeCheckout(co.order_id);
    return co.order_id as string;
  };
  await make('http://127.0.0.1:9/slow');
  const inFlight = sb.admin.clock.advance({ seconds: 120 }); // starts a tick that hangs in the slow delivery
  await expect.poll(() => calls.some((u) => u.includes('slow'))).toBe(true); // the tick is in the slow delivery now
  const fast = await make('http://127.0.0.1:9/fast?id={checkout.order.id}');
  let answered = false;
  const second = sb.admin.clock.advance({ seconds: 120 }).then(() => (answered = true));
  await Promise.resolve();
  expect(answered).toBe(false); // it waits for the tick in flight…
  release();
  await second; // …and for one of its own
  expect(calls).toContain(`http://127.0.0.1:9/fast?id=${fast}`);
  await inFlight;
  await sb.close();
});
