import { expect, test } from 'vitest';
import { parseDuration, startSandbox } from '../src/testing.js';

test('parseDuration: seconds, units added together; nonsense is refused with what to send', () => {
  expect(parseDuration(90)).toBe(90);
  expect(parseDuration('90s')).toBe(90);
  expect(parseDuration('15m')).toBe(900);
  expect(parseDuration('1h30m')).toBe(5400);
  expect(parseDuration('28d')).toBe(28 * 86_400);
  expect(parseDuration('1w')).toBe(604_800);
  for (const bad of ['', '28', 'soon', '5x', '1h junk', '0s', -1, 0, Number.NaN]) expect(() => parseDuration(bad), String(bad)).toThrow(/Invalid duration/);
});

test('startSandbox in-process: fresh tenants see only their own data; advance, webhooks, journal, reset', async () => {
  const sb = await startSandbox();
  expect(sb.url).toBe('http://localhost');
  const a = sb.tenant('a');
  const b = sb.tenant('b');
  expect(a.id).not.toBe(b.id);
  expect(a.kustom.key).not.toBe(b.kustom.key);
  const create = (keys: typeof a) => sb.fetch('/v1/order/create', {
    method: 'POST', headers: { ...keys.oktopos.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ orderId: 'same-id', status: 'closed', purchaseTime: { timestamp: new Date().toISOString(), timezone: 'Europe/Berlin' }, items: [{ basketItemId: 1, mainBasketItemId: 1, name: 'Water', quantity: 1, price: { value: '1.00', currency: 'EUR' } }], payment: { referenceId: 'p', paymentMethod: 'cash', price: { value: '1.00', currency: 'EUR' }, status: 'paid' } }),
  });
  expect((await create(a)).status).toBe(200);
  expect((await create(b)).status).toBe(200); // the same sender id in another tenant is another order
  expect(sb.journal({ tenant: a.oktopos.apiKey })).toHaveLength(1);
  const before = Date.parse(sb.sandbox.admin.clock.get().now);
  const after = Date.parse((await sb.advance('1h')).now);
  expect(after - before).toBeGreaterThanOrEqual(3600_000);
  const headers = await a.khumbu.headers();
  expect(headers['x-api-key']).toBe(a.khumbu.apiKey);
  expect(headers['Authorization']).toMatch(/^Bearer \S+\.\S+\.\S+$/);
  await sb.sandbox.admin.khumbu.setStoreStatus(a.khumbu.clientId, '48002', 'INA');
  expect(sb.webhooks({ tenant: a.khumbu.clientId, kind: 'storeStatus' })).toHaveLength(1);
  expect(sb.webhooks({ tenant: b.khumbu.clientId })).toEqual([]);
  await sb.reset({ service: 'oktopos', tenant: a.oktopos.apiKey });
  expect(await sb.sandbox.admin.oktopos.listOrders(a.oktopos.apiKey)).toEqual([]);
  expect(await sb.sandbox.admin.oktopos.listOrders(b.oktopos.apiKey)).toHaveLength(1);
  await expect(sb.advance('soon')).rejects.toThrow(/Invalid duration/);
  await sb.close();
});

test('startSandbox({ port: 0 }) serves on a free port of 127.0.0.1 and close() frees it', async () => {
  const sb = await startSandbox({ port: 0 });
  expect(sb.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(await (await sb.fetch('/__admin/health')).json()).toEqual({ status: 'ok', store: 'memory' });
  const t = sb.tenant();
  expect((await sb.fetch('/v1/order/ready', { headers: t.oktopos.headers })).status).toBe(200);
  await sb.close();
  await expect(fetch(`${sb.url}/__admin/health`)).rejects.toThrow();
});

test('sb.report(): a tenant\'s readiness in-process; t.khumbu.headers() reuses its token, so the token check passes', async () => {
  const sb = await startSandbox();
  try {
    const t = sb.tenant('report');
    for (let i = 0; i < 3; i++) {
      const res = await sb.fetch('/uat/v1/providers/standardprovider/partners/simphony/markets/plkpl/orders/adjustcart', {
        method: 'POST', headers: { ...(await t.khumbu.headers()), 'content-type': 'application/json' },
        body: JSON.stringify({ providerOrderId: `cart-${i}`, marketName: 'plkpl', storeInformation: { providerStoreId: '48002' }, orderItems: [{ id: '123', quantity: 1, price: 100 }] }),
      });
      expect(res.status).toBe(200);
    }
    expect(sb.journal({ tenant: t.khumbu.clientId, operation: 'getToken' })).toHaveLength(1);
    const r = await sb.report({ service: 'khumbu', tenant: t.khumbu.clientId });
    expect(r).toMatchObject({ service: 'khumbu', tenant: t.khumbu.clientId, ready: true, basis: { requests: 4 } });
    expect(r.checks.find((c) => c.id === 'khumbu.token-reuse')?.verdict).toBe('pass');
    // An hour later the token is renewed (within 5 minutes of its expiry), and that is still a pass.
    await sb.advance('56m');
    await t.khumbu.headers();
    expect(sb.journal({ tenant: t.khumbu.clientId, operation: 'getToken' })).toHaveLength(2);
    expect((await sb.report({ service: 'khumbu', tenant: t.khumbu.clientId })).checks.find((c) => c.id === 'khumbu.token-reuse')?.verdict).toBe('pass');
  } finally {
    await sb.close();
  }
});
