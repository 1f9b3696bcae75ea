import { expect, test } from 'vitest';
import { makeApi } from '../helpers/sandbox.js';
import { MARKET } from '../helpers/khumbu.js';

type Op = { operationId: string; parameters?: { name: string; in: string; example?: unknown }[]; requestBody?: { content: Record<string, { example?: unknown }> } };
type Doc = { paths: Record<string, Record<string, Op>>; webhooks?: Record<string, unknown>; components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> } };

const doc = async (api: Awaited<ReturnType<typeof makeApi>>, name: string) => (await (await api.sb.request(`/openapi/${name}.json`)).json()) as Doc;
const op = (d: Doc, id: string): Op => Object.values(d.paths).flatMap((p) => Object.values(p)).find((o) => o.operationId === id) as Op;
const bodyExample = (d: Doc, id: string) => Object.values(op(d, id).requestBody?.content ?? {})[0]?.example;
const paramExample = (d: Doc, id: string, name: string) => op(d, id).parameters?.find((p) => p.name === name)?.example;

/** The docs page's Scalar configuration, as the page embeds it. */
async function docsConfig(api: Awaited<ReturnType<typeof makeApi>>) {
  const html = await (await api.sb.request('/docs')).text();
  const m = /createApiReference\('#app', ([\s\S]*?)\)\s*<\/script>/.exec(html);
  if (!m?.[1]) throw new Error('no Scalar configuration in /docs');
  return { html, config: JSON.parse(m[1]) };
}

test('/docs is the Scalar reference over the four documents, loading only from the sandbox: no CDN, no web fonts, no telemetry', async () => {
  const api = await makeApi();
  const res = await api.sb.request('/docs');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/html/);
  const { html, config } = await docsConfig(api);
  const refs = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  expect(refs).toContain('/ui/scalar.js');
  expect(refs.every((r) => r?.startsWith('/'))).toBe(true);
  expect(html).not.toMatch(/cdn\.jsdelivr|unpkg|fonts\.(googleapis|scalar)/);
  expect(config).toMatchObject({ withDefaultFonts: false, telemetry: false, showDeveloperTools: 'never', agent: { disabled: true } });
  expect(config.sources.map((s: { url: string }) => s.url)).toEqual(['/openapi/kustom.json', '/openapi/khumbu.json', '/openapi/oktopos.json', '/openapi/admin.json']);
  for (const s of config.sources) expect((await api.sb.request(s.url)).status).toBe(200);
  const bundle = await api.sb.request('/ui/scalar.js');
  expect(bundle.status).toBe(200);
  expect(bundle.headers.get('content-type')).toMatch(/javascript/);
  const js = await bundle.text();
  expect(js.length).toBeGreaterThan(1_000_000);
  expect(js).toContain('createApiReference');
  const missing = await api.sb.request('/ui/nope.js');
  expect(missing.status).toBe(404);
  expect((await missing.json()).error.code).toBe('NOT_FOUND');
});

test('the docs page fills in the fixtures\' demo credentials, and they work: Kustom Basic, OktoPOS key, a fresh Khumbu token', async () => {
  const api = await makeApi();
  const { securitySchemes: c, preferredSecurityScheme } = (await docsConfig(api)).config.authentication;
  expect(preferredSecurityScheme).toEqual(['basicAuth', ['bearerAuth', 'apiKey'], 'ApiKeyAuth']);
  expect(c.basicAuth).toEqual({ username: 'kco_test_api_demo', password: 'kco_test_secret_demo' });
  expect(c.ApiKeyAuth).toEqual({ value: 'okto_demo_key' });
  expect(c.apiKey).toEqual({ value: 'khumbu_demo_api_key' });
  const basic = Buffer.from(`${c.basicAuth.username}:${c.basicAuth.password}`).toString('base64');
  const kustom = await api.sb.request('/ordermanagement/v1/orders/0b1d8e3c-3f27-4f7e-9d5e-6b4a1f0c2a11', { headers: { Authorization: `Basic ${basic}` } });
  expect(kustom.status).toBe(404); // authenticated: the order does not exist (a bad credential is 401)
  const ready = await api.sb.request('/v1/order/ready', { headers: { 'X-API-KEY': c.ApiKeyAuth.value } });
  expect(ready.status).toBe(200);
  const khumbu = await api.sb.request(`${MARKET}/orders/notification`, {
    method: 'POST', headers: { Authorization: `Bearer ${c.bearerAuth.token}`, 'x-api-key': c.apiKey.value, 'content-type': 'application/json' }, body: '{}',
  });
  expect(khumbu.status).toBe(400); // past the gateway: the body is what is wrong
  const forged = await api.sb.request(`${MARKET}/orders/notification`, { method: 'POST', headers: { Authorization: `Bearer ${c.bearerAuth.token}x`, 'x-api-key': c.apiKey.value, 'content-type': 'application/json' }, body: '{}' });
  expect(forged.status).toBe(401);
});

test('Kustom examples come from the demo orders and succeed as shown: capture, refund, merchant references, checkout create', async () => {
  const api = await makeApi();
  const d = await doc(api, 'kustom');
  const orderId = paramExample(d, 'captureOrder', 'order_id') as string;
  const demo = await (await api.admin('GET', `/__admin/kustom/orders/${orderId}?tenant=kco_test_api_demo`)).json();
  expect(demo.status).toBe('PART_CAPTURED');
  expect(paramExample(d, 'getCapture', 'capture_id')).toBe(demo.captures[0].capture_id);
  expect(paramExample(d, 'readCheckoutOrder', 'order_id')).toBeUndefined(); // OM ids are not checkout ids
  expect((await api.call('GET', `/ordermanagement/v1/orders/${orderId}/captures/${demo.captures[0].capture_id}`)).status).toBe(200);
  expect((await api.call('PATCH', `/ordermanagement/v1/orders/${orderId}/merchant-references`, { body: bodyExample(d, 'updateMerchantReferences') })).status).toBe(204);
  expect((await api.call('POST', `/ordermanagement/v1/orders/${orderId}/captures`, { body: bodyExample(d, 'captureOrder') })).status).toBe(201);
  expect((await api.call('POST', `/ordermanagement/v1/orders/${orderId}/refunds`, { body: bodyExample(d, 'refundOrder') })).status).toBe(201);
  expect((await api.call('POST', '/checkout/v3/orders', { body: bodyExample(d, 'createCheckoutOrder') })).status).toBe(201);
});

test('Kustom documents its push and fraud notification as OpenAPI webhooks; a real notification matches its schema', async () => {
  const api = await makeApi();
  const d = await doc(api, 'kustom');
  expect(Object.keys(d.webhooks ?? {}).sort()).toEqual(['notification', 'push']);
  const checker = await api.checker('kustom');
  checker.checkWebhook('notification', JSON.stringify({ order_id: 'x', event_type: 'FRAUD_RISK_ACCEPTED' }));
  expect(() => checker.checkWebhook('notification', JSON.stringify({ order_id: 'x', event_type: 'SOMETHING_ELSE' }))).toThrow();
});

test('OktoPOS examples come from the demo till and succeed as shown: create, order status, payment status', async () => {
  const api = await makeApi();
  const d = await doc(api, 'oktopos');
  const send = (path: string, body: unknown) => api.send('oktopos', 'POST', path, { headers: { 'X-API-KEY': 'okto_demo_key', 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const created = await send('/v1/order/create', bodyExample(d, 'createOrder'));
  expect(created.status, await created.clone().text()).toBe(200);
  expect((await send('/v1/order/status', bodyExample(d, 'setOrderStatus'))).status).toBe(200);
  expect((await send('/v1/order/payment-status', bodyExample(d, 'setPaymentStatus'))).status).toBe(200);
});

test('the admin document keeps only /__admin paths and the components they use (no other service\'s webhooks or schemes)', async () => {
  const api = await makeApi();
  const d = await doc(api, 'admin');
  expect(d.webhooks).toBeUndefined();
  expect(Object.keys(d.components?.securitySchemes ?? {})).toEqual(['adminToken']);
  const text = JSON.stringify(d.paths);
  const schemas = Object.keys(d.components?.schemas ?? {});
  expect(schemas.length).toBeGreaterThan(0);
  const all = JSON.stringify(d);
  for (const s of schemas) expect(all, s).toContain(`"#/components/schemas/${s}"`);
  expect(schemas).not.toContain('KhumbuCreateOrderRequest');
  expect(text).toContain('/__admin/webhooks/{id}/replay');
});

test('/ is the dashboard for a browser and the JSON index of base URLs for a client; its files are served by the sandbox', async () => {
  const api = await makeApi();
  const page = await api.sb.request('/', { headers: { Accept: 'text/html,application/xhtml+xml' } });
  expect(page.headers.get('content-type')).toMatch(/text\/html/);
  const html = await page.text();
  for (const label of ['+1 min', '+1 h', '+1 day', '+28 days', 'Reset', 'Scenarios', 'Webhooks', 'Requests']) expect(html).toContain(label);
  const refs = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
  expect(refs.every((r) => r.startsWith('/'))).toBe(true);
  for (const r of refs.filter((x) => x.startsWith('/ui/'))) expect((await api.sb.request(r)).status, r).toBe(200);
  const index = await (await api.sb.request('/', { headers: { Accept: 'application/json' } })).json();
  expect(index).toMatchObject({ name: 'order-sandbox', docs: 'http://localhost/docs', dashboard: 'http://localhost/', apis: { oktopos: { baseUrl: 'http://localhost/v1' } } });
});
