import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, test } from 'vitest';
import { KlarnaContract } from '../helpers/klarna-contract.js';

/**
 * The Klarna contract (klarna-contract.json): derived from Klarna's published specs and nothing else,
 * schemas only, and able to fail.
 */
const SPECS = fileURLToPath(new URL('../../../shared/reference/specs/', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./derive-klarna-contract.mjs', import.meta.url));
const FILE = fileURLToPath(new URL('./klarna-contract.json', import.meta.url));
const committed = readFileSync(FILE, 'utf8');
const contract = JSON.parse(committed) as {
  errors: Record<string, unknown>;
  operations: { api: string; method: string; path: string; operationId: string; responses: Record<string, { schema?: unknown; headers?: string[] }> }[];
  schemas: Record<string, unknown>;
};

test('re-deriving the contract from Klarna\'s specs gives exactly the committed file', (ctx) => {
  if (!existsSync(SPECS)) ctx.skip(`Klarna's specs are not at ${SPECS}; the committed contract cannot be re-derived here`);
  const derived = execFileSync(process.execPath, [SCRIPT, '--specs', SPECS, '--stdout'], { encoding: 'utf8' });
  expect(derived === committed, 'test/contracts/klarna-contract.json is stale: run node test/contracts/derive-klarna-contract.mjs').toBe(true);
});

test('the contract covers Klarna\'s OM and Checkout operations under the paths the sandbox serves', () => {
  const ids = contract.operations.map((o) => `${o.method} ${o.path}`);
  expect(ids).toContain('GET /ordermanagement/v1/orders/{order_id}');
  expect(ids).toContain('POST /ordermanagement/v1/orders/{order_id}/captures');
  expect(ids).toContain('POST /checkout/v3/orders');
  expect(ids).toContain('POST /checkout/v3/orders/{order_id}/abort');
  expect(contract.operations.every((o) => /^\/(ordermanagement\/v1|checkout\/v3)\/orders/.test(o.path))).toBe(true);
  expect(Object.keys(contract.errors).sort()).toEqual(['checkout', 'ordermanagement']);
});

test('the contract is schemas only: no prose keys (description, example, title, x-*, …) outside property names', () => {
  const PROSE = /^(description|example|examples|title|summary|externalDocs|x-.*)$/;
  const found: string[] = [];
  const walk = (node: unknown, at: string, inProperties: boolean) => {
    if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${at}/${i}`, false));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        // A property *named* 'description' or 'title' (shipping_option.description, address.title) is data, not prose.
        if (!inProperties && PROSE.test(k)) found.push(`${at}/${k}`);
        walk(v, `${at}/${k}`, k === 'properties' && !inProperties);
      }
    }
  };
  walk(contract, '', false);
  expect(found).toEqual([]);
  // Every reference is in the one form, to a schema the contract holds.
  const refs = [...committed.matchAll(/"\$ref": "([^"]+)"/g)].map((m) => m[1] as string);
  expect(refs.length).toBeGreaterThan(0);
  for (const ref of refs) {
    expect(ref).toMatch(/^#\/schemas\/[^/]+$/);
    expect(contract.schemas, ref).toHaveProperty([decodeURIComponent(ref.slice('#/schemas/'.length))]);
  }
});

test('every schema in the contract compiles under Ajv (draft 2020) with no unknown format or keyword warnings', () => {
  const warnings: unknown[] = [];
  const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ strict: false, allErrors: true, logger: { log: () => {}, warn: (...m: unknown[]) => warnings.push(m), error: (...m: unknown[]) => warnings.push(m) } });
  (addFormats as unknown as typeof addFormats.default)(ajv);
  ajv.addSchema(contract, 'https://contracts.order-sandbox.test/compile/klarna-contract.json');
  const pointers = [
    ...Object.keys(contract.errors).map((api) => `/errors/${api}`),
    ...Object.keys(contract.schemas).map((name) => `/schemas/${encodeURIComponent(name)}`),
    ...contract.operations.flatMap((o, i) => Object.entries(o.responses).filter(([, r]) => r.schema).map(([status]) => `/operations/${i}/responses/${status}/schema`)),
  ];
  for (const p of pointers) expect(() => ajv.compile({ $ref: `https://contracts.order-sandbox.test/compile/klarna-contract.json#${p}` }), p).not.toThrow();
  expect(warnings).toEqual([]);
});

describe('the checker can fail', () => {
  const klarna = KlarnaContract.load();
  const OM = '/ordermanagement/v1/orders/4a1b2c3d';
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
  const line = (extra: Record<string, unknown> = {}) => ({ type: 'physical', reference: 'SKU-1', name: 'Tomatoes', quantity: 1, unit_price: 10000, tax_rate: 2500, total_amount: 10000, total_tax_amount: 2000, ...extra });
  const capture = (extra: Record<string, unknown> = {}) => ({ capture_id: 'c1', captured_amount: 10000, captured_at: '2026-01-02T03:04:05Z', order_lines: [line()], refunded_amount: 0, ...extra });

  test('a capture: captured_amount 0 breaks Capture\'s minimum 1; a real one passes', async () => {
    await expect(klarna.check('GET', `${OM}/captures/c1`, json(200, capture({ captured_amount: 0 })))).rejects.toThrow(/Klarna getCapture .* 200: .*captured_amount must be >= 1/s);
    await expect(klarna.check('GET', `${OM}/captures`, json(200, [capture(), capture({ captured_amount: 0 })]))).rejects.toThrow(/data\/1\/captured_amount must be >= 1/);
    await klarna.check('GET', `${OM}/captures/c1`, json(200, capture()));
  });

  test('an OM order line: without `type` (required by OM), or with a type outside Klarna\'s list, fails', async () => {
    const { type: _, ...untyped } = line();
    await expect(klarna.check('GET', OM, json(200, { order_id: 'x', status: 'AUTHORIZED', order_lines: [untyped] }))).rejects.toThrow(/order_lines\/0 must have required property 'type'/);
    await expect(klarna.check('GET', OM, json(200, { order_id: 'x', order_lines: [line({ type: 'return_fee' })] }))).rejects.toThrow(/order_lines\/0\/type must match pattern/);
    await expect(klarna.check('GET', OM, json(200, { order_id: 'x', status: 'PENDING' }))).rejects.toThrow(/status must be equal to one of the allowed values/);
    await klarna.check('GET', OM, json(200, { order_id: 'x', status: 'AUTHORIZED', order_amount: 10000, created_at: '2026-01-02T03:04:05Z', order_lines: [line()] }));
  });

  test('a checkout order: the fields Klarna requires and their patterns', async () => {
    const good = { order_id: 'x', status: 'checkout_incomplete', purchase_country: 'SE', purchase_currency: 'SEK', locale: 'sv-SE', order_amount: 10000, order_tax_amount: 2000, order_lines: [line()], merchant_urls: { terms: 't', checkout: 'c', confirmation: 'c', push: 'p' } };
    await klarna.check('POST', '/checkout/v3/orders', json(201, good));
    const { order_lines: _, ...noLines } = good;
    await expect(klarna.check('POST', '/checkout/v3/orders', json(201, noLines))).rejects.toThrow(/Order_createNewOrder .* must have required property 'order_lines'/s);
    await expect(klarna.check('GET', '/checkout/v3/orders/x', json(200, { ...good, purchase_country: 'SWE' }))).rejects.toThrow(/purchase_country must match pattern/);
    await expect(klarna.check('POST', '/checkout/v3/orders/x', json(200, { ...good, merchant_urls: { terms: 't' } }))).rejects.toThrow(/merchant_urls must have required property 'push'/);
  });

  test('headers, bodies and statuses Klarna documents', async () => {
    await expect(klarna.check('POST', `${OM}/captures`, new Response(null, { status: 201, headers: { Location: '/x' } }))).rejects.toThrow(/Klarna documents the header Capture-Id/);
    await klarna.check('POST', `${OM}/captures`, new Response(null, { status: 201, headers: { Location: `${OM}/captures/c1`, 'Capture-Id': 'c1' } }));
    await expect(klarna.check('POST', `${OM}/captures`, json(201, { capture_id: 'c1' }, { Location: `${OM}/captures/c1`, 'Capture-Id': 'c1' }))).rejects.toThrow(/Klarna documents no body/);
    await expect(klarna.check('POST', `${OM}/cancel`, json(200, {}))).rejects.toThrow(/Klarna documents only 204, 403/);
  });

  test('errors: Klarna\'s error body wherever the status is an error, listed or not; sandbox-only routes are not checked', async () => {
    const error = { error_code: 'NO_SUCH_ORDER', error_messages: ['No such order'], correlation_id: 'c0ffee' };
    await klarna.check('GET', OM, json(404, error));
    await klarna.check('GET', OM, json(503, error)); // not listed by Klarna: the error schema
    await klarna.check('GET', '/checkout/v3/orders/x', json(404, error)); // Checkout lists 404 without a schema
    await expect(klarna.check('GET', OM, json(404, { ...error, error_messages: 'No such order' }))).rejects.toThrow(/error_messages must be array/);
    await expect(klarna.check('GET', OM, json(500, { ...error, error_code: 500 }))).rejects.toThrow(/Klarna's error schema .*error_code must be string/s);
    await expect(klarna.check('GET', '/checkout/v3/orders/x', new Response('<html>oops</html>', { status: 502 }))).rejects.toThrow(/not JSON/);
    await klarna.check('POST', `${OM}/shipping-info`, new Response('anything', { status: 418 })); // not a Klarna route
    await klarna.check('DELETE', OM, new Response('anything', { status: 200 })); // not a Klarna method
  });
});
