import type { Api } from './sandbox.js';

/**
 * Khumbu test helpers: a token for a client, order calls with the gateway headers, and the documented
 * sample order. Every response is checked against /openapi/khumbu.json (the /v1 copies against the
 * documented /uat/v1 paths).
 */
export const CLIENT = 'khumbu_demo_client';
export const SECRET = 'khumbu_demo_secret';
export const API_KEY = 'khumbu_demo_api_key';
export const MARKET = '/uat/v1/providers/standardprovider/partners/simphony/markets/plkpl';

export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

export function tokenRequest(api: Api, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return api.send('khumbu', 'POST', '/oauth2/token', { headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: form(fields) });
}

export async function token(api: Api, clientId = CLIENT, secret = SECRET): Promise<string> {
  const res = await tokenRequest(api, { grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: 'access/all' });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export interface KhumbuCall {
  body?: unknown;
  raw?: string;
  token?: string | null;
  apiKey?: string | null;
  headers?: Record<string, string>;
  /** Path under the market (default) or an absolute path when it starts with /uat or /v1. */
  base?: string;
}

/** POSTs to `{MARKET}/{suffix}` (or `opts.base`/suffix) with a bearer token and x-api-key. */
export async function kh(api: Api, suffix: string, opts: KhumbuCall = {}): Promise<Response> {
  const bearer = opts.token === undefined ? await token(api) : opts.token;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...opts.headers };
  if (bearer !== null) headers['authorization'] = `Bearer ${bearer}`;
  if (opts.apiKey !== null) headers['x-api-key'] = opts.apiKey ?? API_KEY;
  const path = `${opts.base ?? MARKET}/${suffix}`;
  const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  return api.send('khumbu', 'POST', path, { headers, ...(body !== undefined ? { body } : {}) }, path.replace(/^\/v1\//, '/uat/v1/'));
}

/** The documented sample create request, with a fresh providerOrderId unless one is given. */
export function sampleOrder(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    providerOrderId: crypto.randomUUID(),
    marketName: 'plkpl',
    storeInformation: { providerStoreId: '48002', partnerStoreId: '48002', additionalProperties: { REVENUE_CENTER_ID: '103', ORDER_TYPE_ID: '10', TENDER_MEDIA_ID: '908', TIME_ZONE: 'Europe/Warsaw' } },
    orderNotificationType: 'CREATE',
    createdTimestamp: '2024-12-20 06:57:14.496591',
    updatedTimestamp: '2024-12-20 06:57:14.496591',
    customerInformation: { id: '1', phone: '3344556677', firstName: 'Jan', lastName: 'Kowalski', email: 'jan@example.com' },
    payments: { subTotal: 100, tax: 10, tip: 2, discount: 2, total: 102, paymentMethod: 'CARD', currencyCode: 'USD' },
    serviceMode: { fulfillmentMode: 'PICK_UP' },
    orderItems: [{ id: '123', type: 'ITEM', name: 'Pizza', price: 100, quantity: 2, categoryId: '12345', options: [{ id: 'OptionId1', name: 'Cheese', price: 5, quantity: 2, modifierId: '1111', options: [] }] }],
    ...over,
  };
}

/** Creates an order and returns its ids. */
export async function createOrder(api: Api, over: Record<string, unknown> = {}, opts: KhumbuCall = {}): Promise<{ ksOrderId: string; providerOrderId: string }> {
  const res = await kh(api, 'orders/notification', { body: sampleOrder(over), ...opts });
  if (res.status !== 202) throw new Error(`create: ${res.status} ${await res.text()}`);
  return (await res.json()) as { ksOrderId: string; providerOrderId: string };
}

/** Khumbu deliveries (newest first) as parsed bodies. */
export function hooks(api: Api, kind?: string, tenant = CLIENT): { kind: string; state: string; body: Record<string, unknown>; attempts: { status: number | null }[] }[] {
  return api.sb.admin.webhooks.list({ service: 'khumbu', tenant, kind }).map((d) => ({ kind: d.kind, state: d.state, body: JSON.parse(d.body) as Record<string, unknown>, attempts: d.attempts }));
}

/** The fixtures give the demo client five demo orders (providerOrderId demo-khumbu-NNN) at start. */
export const isDemoOrder = (o: { providerOrderId: string }) => o.providerOrderId.startsWith('demo-khumbu-');

/** A client's orders other than the fixtures' demo orders: the ones a test made. */
export async function madeOrders(api: Api, tenant = CLIENT) {
  return (await api.sb.admin.khumbu.listOrders(tenant)).filter((o) => !isDemoOrder(o));
}
