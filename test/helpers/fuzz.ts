import fc from 'fast-check';
import { expect } from 'vitest';
import type { Api } from './sandbox.js';

/**
 * Property-based fuzzing of every documented route of a service: valid sample bodies (one per
 * operation) mutated with hostile values, raw hostile bodies, odd Content-Types and hostile path
 * parameters. Each answer must be below 500 (unless the service lists it as legitimate), documented in
 * the service's OpenAPI document with its own envelope, and a refusal must change nothing.
 *
 * @example
 * await fuzzService(api, { doc: 'oktopos', headers: () => ({ 'X-API-KEY': 'k' }), samples, snapshot, params });
 */
type Json = unknown;

const nest = (depth: number): Json => {
  let v: Json = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

/** Values a careless parser or store chokes on. */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, '', ' ', '\u0000', 'a\u0000b', '\ud800', '💥', '__proto__', 'constructor', '../../etc/passwd', '%00', '<script>', 'x'.repeat(70_000), [], {}, nest(60)),
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

/** Raw bodies that are not what any route expects. */
const hostileRaw: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.constantFrom<string | Uint8Array>(
    '', 'null', '[]', '"text"', '{', '{"a":', '{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{"polluted":"yes"}}}',
    '['.repeat(200_000) + ']'.repeat(200_000), new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), '\u0000', 'a=1&b=2',
  ),
  fc.string({ maxLength: 40 }),
);

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', null] as const;

/** Every dotted path of a JSON value (objects and arrays), the value itself excluded. */
export function paths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (!v || typeof v !== 'object') return [];
  const entries: [string | number, Json][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v as Record<string, Json>);
  return entries.flatMap(([k, x]) => [[...prefix, k], ...paths(x, [...prefix, k])]);
}

/** A deep copy of `v` with the value at `path` replaced (or removed when `value` is undefined). */
export function mutate(v: Json, path: (string | number)[], value: Json | undefined): Json {
  const copy = structuredClone(v) as Record<string | number, Json>;
  let cur = copy;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, Json>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return copy;
}

export interface FuzzOptions {
  doc: string;
  /** Credentials (and any other headers) a caller sends; may be refreshed per request. */
  headers: () => Promise<Record<string, string>> | Record<string, string>;
  /** A valid body per operationId (fresh ids each call). */
  samples: Record<string, () => Json>;
  /** Realistic values per path parameter name (e.g. existing order ids). */
  params?: Record<string, () => string[]>;
  /** The tenant's whole state, to prove a refusal changed nothing. */
  snapshot: () => Promise<string>;
  /** A 5xx the vendor itself answers for this input (e.g. OktoPOS 503 for a pickup time in the past). */
  legitimate5xx?: (operationId: string, status: number, body: string) => boolean;
  runs?: number;
}

interface Op { method: string; template: string; operationId: string; hasBody: boolean }

export async function fuzzService(api: Api, opts: FuzzOptions): Promise<{ statuses: Record<number, number> }> {
  const doc = (await (await api.sb.request(`/openapi/${opts.doc}.json`)).json()) as { paths: Record<string, Record<string, { operationId: string; requestBody?: unknown }>> };
  const checker = await api.checker(opts.doc);
  const ops: Op[] = Object.entries(doc.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), template, operationId: op.operationId, hasBody: op.requestBody !== undefined })));
  const statuses: Record<number, number> = {};
  const protoBefore = Object.getOwnPropertyNames(Object.prototype).join(',');

  const bodyArb = (op: Op): fc.Arbitrary<{ raw: string | Uint8Array | undefined; label: string }> => {
    const sample = opts.samples[op.operationId];
    const options: fc.Arbitrary<{ raw: string | Uint8Array | undefined; label: string }>[] = [hostileRaw.map((raw) => ({ raw, label: 'raw' }))];
    if (sample) {
      const valid = sample();
      const ps = paths(valid);
      options.push(fc.constant(null).map(() => ({ raw: JSON.stringify(sample()), label: 'valid' })), fc.constant(null).map(() => ({ raw: JSON.stringify(sample()), label: 'valid' })));
      if (ps.length) {
        options.push(fc.tuple(fc.constantFrom(...ps), fc.option(hostileValue, { nil: undefined }))
          .map(([p, value]) => ({ raw: JSON.stringify(mutate(sample(), p, value)), label: `${p.join('.')}=${value === undefined ? 'removed' : JSON.stringify(value)?.slice(0, 40)}` })));
      }
    }
    if (!op.hasBody) options.push(fc.constant({ raw: undefined, label: 'none' }));
    return fc.oneof(...options);
  };

  const paramArb = (name: string): fc.Arbitrary<string> => {
    const known = opts.params?.[name]?.() ?? [];
    const hostile = fc.constantFrom('__proto__', 'constructor', '%00', '..', 'x'.repeat(3000), '%F0%9F%92%A5', '0', '-1', '99999999999999999999');
    // Mostly real values, so the bodies reach the handlers; sometimes hostile ones.
    return known.length ? fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: hostile }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 12 }).map(encodeURIComponent) }) : hostile;
  };

  const requestArb = fc.constantFrom(...ops).chain((op) => {
    const names = [...op.template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
    return fc.record({
      op: fc.constant(op),
      params: fc.tuple(...names.map(paramArb)).map((vals) => Object.fromEntries(names.map((n, i) => [n, vals[i] as string]))),
      body: bodyArb(op),
      contentType: fc.oneof({ weight: 5, arbitrary: fc.constant(CONTENT_TYPES[0]) }, { weight: 3, arbitrary: fc.constantFrom(...CONTENT_TYPES) }),
    });
  });

  await fc.assert(fc.asyncProperty(requestArb, async ({ op, params, body, contentType }) => {
    const path = op.template.replace(/\{([^}]+)\}/g, (_, n: string) => params[n] ?? 'x');
    const before = await opts.snapshot();
    const headers: Record<string, string> = { ...(await opts.headers()) };
    if (contentType) headers['content-type'] = contentType;
    const init: RequestInit = { method: op.method, headers, ...(body.raw !== undefined && op.method !== 'GET' ? { body: body.raw as BodyInit } : {}) };
    const res = await api.sb.request(path, init);
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    const text = await res.clone().text();
    const what = `${op.method} ${op.template} (${op.operationId}) ${contentType ?? 'no content-type'} body ${body.label} → ${res.status} ${text.slice(0, 300)}`;
    if (res.status >= 500) expect(opts.legitimate5xx?.(op.operationId, res.status, text) ?? false, what).toBe(true);
    const checkPath = new URL(path, 'http://localhost').pathname;
    if (checker.find(op.method, checkPath)) await checker.check(op.method, checkPath, res);
    if (res.status >= 400) expect(await opts.snapshot(), `a refusal changed state: ${what}`).toBe(before);
  }), { numRuns: opts.runs ?? 150, seed: Number(process.env['FUZZ_SEED'] ?? 20261122), endOnFailure: true });

  expect(Object.getOwnPropertyNames(Object.prototype).join(',')).toBe(protoBefore);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect((await api.sb.request('/__admin/health')).status).toBe(200);
  return { statuses };
}
