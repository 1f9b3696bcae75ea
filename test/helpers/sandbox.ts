import { onTestFinished } from 'vitest';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/index.js';
import { KlarnaContract } from './klarna-contract.js';
import { OpenApiChecker } from './openapi-check.js';

/**
 * Test sandboxes: each test builds its own (in memory, fresh), and `api()` wraps `sb.request` so that
 * every response a test sees is checked against the sandbox's own OpenAPI documents, and every Kustom
 * response also against Klarna's published contract (test/contracts/klarna-contract.json).
 */
export const DEMO = 'kco_test_api_demo';
export const basic = (key: string) => ({ Authorization: `Basic ${key}` });

export interface Api {
  sb: Sandbox;
  /** Request as a merchant (`Authorization: Basic <tenant>`), JSON in, Response out. */
  call(method: string, path: string, opts?: { body?: unknown; raw?: string; tenant?: string | null; headers?: Record<string, string> }): Promise<Response>;
  /** Same, for /__admin (no merchant credential). */
  admin(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Any request, its response checked against the OpenAPI document `doc` at `docPath` (default: the request's path). */
  send(doc: string, method: string, path: string, init?: RequestInit, docPath?: string): Promise<Response>;
  /** The checker of an OpenAPI document (e.g. to validate webhook payloads); the 'kustom' one also checks Klarna's contract. */
  checker(doc: string): Promise<OpenApiChecker>;
}

/** The 'kustom' document's checker: what the sandbox documents, then what Klarna documents for the same request. */
class KustomChecker extends OpenApiChecker {
  readonly #klarna = KlarnaContract.load();

  override async check(method: string, path: string, res: Response): Promise<void> {
    await super.check(method, path, res);
    await this.#klarna.check(method, path, res);
  }
}

export async function makeApi(options: SandboxOptions = {}): Promise<Api> {
  const sb = await createSandbox({ logLevel: 'silent', ...options });
  // Closed when the test ends (its log files, timers and servers), whether or not the test closed it.
  onTestFinished(() => sb.close());
  const docs = new Map<string, OpenApiChecker>();
  const checker = async (name: string) => {
    let c = docs.get(name);
    if (!c) {
      const doc = await (await sb.request(`/openapi/${name}.json`)).json();
      c = name === 'kustom' ? new KustomChecker(doc) : new OpenApiChecker(doc);
      docs.set(name, c);
    }
    return c;
  };
  const send = async (doc: string, method: string, path: string, init: RequestInit = {}, docPath?: string) => {
    const res = await sb.request(path, { method, ...init });
    const pathname = new URL(docPath ?? path, 'http://localhost').pathname;
    await (await checker(doc)).check(method, pathname, res);
    return res;
  };
  return {
    sb,
    send,
    checker,
    call(method, path, opts = {}) {
      const headers: Record<string, string> = { ...(opts.tenant === null ? {} : basic(opts.tenant ?? DEMO)), ...opts.headers };
      let body: string | undefined = opts.raw;
      if (opts.body !== undefined) {
        body = JSON.stringify(opts.body);
        headers['content-type'] ??= 'application/json';
      }
      return send('kustom', method, path, { headers, ...(body !== undefined ? { body } : {}) });
    },
    admin(method, path, body, headers = {}) {
      const h: Record<string, string> = { ...headers };
      if (body !== undefined) h['content-type'] = 'application/json';
      return send('admin', method, path, { headers: h, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    },
  };
}

/** A fresh AUTHORIZED order of `amount` for a tenant, via the admin shortcut. */
export async function newOrder(api: Api, tenant = DEMO, extra: Record<string, unknown> = {}): Promise<{ order_id: string; order_amount: number }> {
  const res = await api.admin('POST', `/__admin/kustom/orders?tenant=${encodeURIComponent(tenant)}`, { order_amount: 10000, ...extra });
  if (res.status !== 201) throw new Error(`admin create order: ${res.status} ${await res.text()}`);
  return (await res.json()) as { order_id: string; order_amount: number };
}

export const order = (api: Api, id: string, tenant?: string) => api.call('GET', `/ordermanagement/v1/orders/${id}`, { tenant: tenant ?? DEMO }).then((r) => r.json() as Promise<Record<string, unknown>>);

export const line = (total: number, rate = 2500) => ({
  type: 'physical', reference: 'SKU-1', name: 'Tomatoes', quantity: 1, unit_price: total, tax_rate: rate,
  total_amount: total, total_tax_amount: Math.round(total - (total * 10000) / (10000 + rate)),
});

export const checkoutBody = (amount = 10000, push = 'http://127.0.0.1:9/push?id={checkout.order.id}') => ({
  purchase_country: 'SE', purchase_currency: 'SEK', locale: 'sv-SE',
  order_amount: amount, order_tax_amount: line(amount).total_tax_amount, order_lines: [line(amount)],
  merchant_urls: { terms: 'https://shop.example/terms', checkout: 'https://shop.example/checkout', confirmation: 'https://shop.example/confirmation', push },
});
