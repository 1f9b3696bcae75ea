import { expect, test } from 'vitest';
import { makeApi } from '../helpers/sandbox.js';
import { MARKET } from '../helpers/khumbu.js';

type Op = { operationId: string; parameters?: { name: string; in: string; example?: unknown }[]; requestBody?: { content: Record<string, { example?: unknown }> } };
type Doc = { paths: Record<string, Record<string, Op>>; webhooks?: Record<string, unknown>; components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> } };

const doc = async (api: Awaited<ReturnType<typeof makeApi>>, name: string) => (await (await api.sb.request(`/openapi/${name}.json`)).json()) as Doc;
const op = (d: Doc, id: string): Op => Object.values(d.paths).flatMap((p) => Object.values(p)).find((o) => o.operationId === id) as Op;
const bodyExample = (d: Doc, id: string) => Object.values(op(d, id).requestBody?.content ?? {})[0]?.example;
const paramExample = (d: Doc, id: string, name: string) => op(d, id).parameters?.find((p) => p.name === name)?.example;

type Config = { slug: string; url: string; title: string; default?: boolean; withDefaultFonts: boolean; telemetry: boolean; authentication: { preferredSecurityScheme: unknown; securitySchemes: Record<string, Record<string, string>> }; 'x-sandbox-token-refresh'?: { tokenUrl: string; form: Record<string, string>; paths: string[]; token: string } };

/** The docs page's Scalar configurations (one per document), as the page embeds them. */
async function docsConfig(api: Awaited<ReturnType<typeof makeApi>>) {
  const html = await (await api.sb.request('/docs')).text();
  const m = /<script id="sandbox-docs-configurations" type="application\/json">([\s\S]*?)<\/script>/.exec(html);
  if (!m?.[1]) throw new Error('no Scalar configurations in /docs');
  const configs = JSON.parse(m[1]) as Config[];
  return { html, configs, of: (slug: string) => configs.find((c) => c.slug === slug)! };
}

test('/docs is the Scalar reference over the four documents, loading only from the sandbox: no CDN, no web fonts, no telemetry', async () => {
  const api = await makeApi();
  const res = await api.sb.request('/docs');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/html/);
  const { html, configs } = await docsConfig(api);
  const refs = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  expect(refs).toEqual(expect.arrayContaining(['/ui/scalar.js', '/ui/docs.js', '/ui/favicon.svg']));
  expect(refs.every((r) => r?.startsWith('/'))).toBe(true);
  expect(html).not.toMatch(/cdn\.jsdelivr|unpkg|fonts\.(googleapis|scalar)/);
  for (const c of configs) expect(c).toMatchObject({ withDefaultFonts: false, telemetry: false, showDeveloperTools: 'never', agent: { disabled: true } });
  expect(configs.map((c) => c.url)).toEqual(['/openapi/kustom.json', '/openapi/khumbu.json', '/openapi/oktopos.json', '/openapi/admin.json']);
  expect(configs.filter((c) => c.default).map((c) => c.slug)).toEqual(['kustom']);
  for (const c of configs) expect((await api.sb.request(c.url)).status).toBe(200);
  for (const path of ['/ui/docs.js', '/favicon.ico']) expect((await api.sb.request(path)).status).toBe(200);
  expect((await api.sb.request('/favicon.ico')).headers.get('content-type')).toBe('image/svg+xml');
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
  const { of } = await docsConfig(api);
  // Each document's page declares and fills in only its own schemes.
  expect(of('kustom').authentication.preferredSecurityScheme).toEqual(['basicAuth']);
  expect(Object.keys(of('kustom').authentication.securitySchemes)).toEqual(['basicAuth']);
  expect(of('khumbu').authentication.preferredSecurityScheme).toEqual([['bearerAuth', 'apiKey']]);
  expect(Object.keys(of('khumbu').authentication.securitySchemes).sort()).toEqual(['apiKey', 'bearerAuth']);
  expect(Object.keys(of('oktopos').authentication.securitySchemes)).toEqual(['ApiKeyAuth']);
  expect(of('admin').authentication).toEqual({ preferredSecurityScheme: ['adminToken'], securitySchemes: {} });
  for (const d of ['kustom', 'khumbu', 'oktopos', 'admin']) {
    const schemes = Object.keys((await doc(api, d)).components?.securitySchemes ?? {});
    expect(Object.keys(of(d).authentication.securitySchemes).every((k) => schemes.includes(k)), d).toBe(true);
  }
  const c = { ...of('kustom').authentication.securitySchemes, ...of('khumbu').authentication.securitySchemes, ...of('oktopos').authentication.securitySchemes } as Record<string, Record<string, string>> & { basicAuth: { username: string; password: string }; ApiKeyAuth: { value: string }; apiKey: { value: string }; bearerAuth: { token: string } };
  expect(c.basicAuth).toEqual({ username: 'kco_test_api_demo', password: 'kco_test_secret_demo' });
  expect(c.ApiKeyAuth).toEqual({ value: 'okto_demo_key' });
  expect(c.apiKey).toEqual({ value: 'khumbu_demo_api_key' });
  // The page knows how to renew the Khumbu token once the sandbox clock has outlived it.
  expect(of('khumbu')['x-sandbox-token-refresh']).toEqual({
    tokenUrl: '/oauth2/token', paths: ['/uat/v1/', '/v1/providers/'], token: c.bearerAuth.token,
    form: { grant_type: 'client_credentials', client_id: 'khumbu_demo_client', client_secret: 'khumbu_demo_secret', scope: 'access/all' },
  });
  const renewed = await api.sb.request('/oauth2/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(of('khumbu')['x-sandbox-token-refresh']!.form).toString() });
  expect(renewed.status).toBe(200);
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
