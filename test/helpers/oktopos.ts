import type { Api } from './sandbox.js';

/**
 * OktoPOS test helpers: calls with `X-API-KEY`, checked against /openapi/oktopos.json, and a valid order.
 */
export const KEY = 'okto_demo_key';

export interface OktoCall {
  body?: unknown;
  raw?: string;
  key?: string | null;
  headers?: Record<string, string>;
}

export function okto(api: Api, method: string, path: string, opts: OktoCall = {}): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key !== null) headers['X-API-KEY'] = opts.key ?? KEY;
  const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  if (body !== undefined && opts.raw === undefined) headers['content-type'] ??= 'application/json';
  return api.send('oktopos', method, path, { headers, ...(body !== undefined ? { body } : {}) });
}

/** An order naming the till's first article (1001), unless items are given. */
export function orderBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    orderId: `app-${crypto.randomUUID()}`,
    status: 'new',
    payment: { referenceId: 'PAY-1', paymentMethod: 'card', price: { value: '7.80', currency: 'EUR' }, status: 'appointed', paymentReceived: false },
    customer: { gender: 'f', givenName: 'Anna', familyName: 'Schmidt', phone: '+49 30 1234567', email: 'anna@example.com', address: { street: 'Hauptstraße', houseNumber: '5a', zip: '10115', city: 'Berlin' } },
    location: { table: 12, seat: 2 },
    items: [{ basketItemId: 1, mainBasketItemId: 1, externalId: '1001', name: 'Main', quantity: 1, price: { value: '7.80', currency: 'EUR' }, distributionChannel: { id: 1, token: 'INHOUSE' }, tax: { taxRateId: 1, taxRate: '7.00' } }],
    purchaseTime: { timestamp: '2026-05-01T12:00:00+02:00', timezone: 'Europe/Berlin' },
    orderType: 'LOCAL',
    ...over,
  };
}

export async function createOrder(api: Api, over: Record<string, unknown> = {}, key = KEY): Promise<number> {
  const res = await okto(api, 'POST', '/v1/order/create', { body: orderBody(over), key });
  if (res.status !== 200) throw new Error(`create: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { internalId: number }).internalId;
}

/** The first message of an OktoPOS error envelope. */
export async function message(res: Response): Promise<{ text: string; text_ns: string }> {
  const body = (await res.json()) as { success: boolean; messages: { text: string; text_ns: string }[] };
  if (body.success !== false) throw new Error('not an error envelope');
  const first = body.messages[0];
  return { text: first?.text ?? '', text_ns: first?.text_ns ?? '' };
}
