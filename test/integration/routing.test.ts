import { expect, test } from 'vitest';
import { createSandbox } from '../../src/sandbox.js';

/**
 * Hono's SmartRouter takes RegExpRouter, one regular expression for every route, unless a route
 * cannot be expressed in it (the same path twice with differently named parameters, for one); it then
 * falls back to TrieRouter, silently, and every request pays for it (bench/RESULTS.md, session 5).
 */
test('every route of the sandbox fits RegExpRouter, so requests are matched by one regular expression', async () => {
  const sb = await createSandbox({ logLevel: 'silent' });
  expect((await sb.request('/__admin/health')).status).toBe(200);
  const router = sb.app.router as unknown as { activeRouter: { name: string } };
  expect(router.activeRouter.name).toBe('RegExpRouter');
  await sb.close();
});

/**
 * A route is one handler (http/chain.ts): Hono calls it without its compose, and the chain makes no
 * promise while no step waits. GET order is such a route once the merchant's document is open.
 */
test('GET order is answered without a promise once the merchant\'s document is open, with the same answer', async () => {
  const sb = await createSandbox({ logLevel: 'silent' });
  const orders = await (await sb.request('/__admin/kustom/orders?tenant=kco_test_api_demo')).json() as { order_id: string }[];
  const path = `/ordermanagement/v1/orders/${orders[0]!.order_id}`;
  const headers = { authorization: 'Basic kco_test_api_demo' };
  const viaRequest = await sb.request(path, { headers });
  const direct = sb.app.fetch(new Request(`http://sandbox${path}`, { headers }), {});
  expect(direct).toBeInstanceOf(Response);
  const res = direct as Response;
  expect(res.status).toBe(200);
  expect(res.headers.get('klarna-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  expect(await res.json()).toEqual(await viaRequest.json());
  const [last] = await (await sb.request('/__admin/journal?limit=1')).json() as { correlationId: string; status: number }[];
  expect(last).toMatchObject({ correlationId: res.headers.get('klarna-correlation-id'), status: 200 });
  // a refused read (unknown order) is still answered in the API's envelope, through the same chain
  const missing = await sb.request('/ordermanagement/v1/orders/4d9c7a8e-1b2c-4d3e-8f9a-0b1c2d3e4f5a', { headers });
  expect([missing.status, (await missing.json() as { error_code: string }).error_code]).toEqual([404, 'NO_SUCH_ORDER']);
  await sb.close();
});
