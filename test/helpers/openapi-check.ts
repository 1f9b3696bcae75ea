import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';

/**
 * Checks responses against the OpenAPI document the sandbox generates: the operation must exist,
 * the status must be documented, a JSON body must validate against its schema, a body-less
 * response must be empty, and documented headers must be present.
 */
type Json = Record<string, unknown>;
interface Doc {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Json }>; headers?: Record<string, unknown> }> }>>;
  webhooks?: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema: Json }> } }>>;
  components?: { schemas?: Record<string, Json> };
}

const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ strict: false, allErrors: true, validateFormats: true });
(addFormats as unknown as typeof addFormats.default)(ajv);

function deref(node: unknown, schemas: Record<string, Json>, seen: string[] = []): unknown {
  if (Array.isArray(node)) return node.map((n) => deref(n, schemas, seen));
  if (!node || typeof node !== 'object') return node;
  const obj = node as Json;
  if (typeof obj['$ref'] === 'string') {
    const name = (obj['$ref'] as string).replace('#/components/schemas/', '');
    if (seen.includes(name)) return {};
    return deref(schemas[name], schemas, [...seen, name]);
  }
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, deref(v, schemas, seen)]));
}

export class OpenApiChecker {
  readonly #routes: { method: string; re: RegExp; template: string; op: Doc['paths'][string][string] }[] = [];
  readonly #schemas: Record<string, Json>;
  readonly #compiled = new Map<string, ReturnType<typeof ajv.compile>>();

  readonly #webhooks: NonNullable<Doc['webhooks']>;

  constructor(doc: Doc) {
    this.#schemas = doc.components?.schemas ?? {};
    this.#webhooks = doc.webhooks ?? {};
    for (const [template, ops] of Object.entries(doc.paths)) {
      const re = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const [method, op] of Object.entries(ops)) this.#routes.push({ method: method.toUpperCase(), re, template, op });
    }
  }

  /** Finds the documented operation of a request; throws when it is not documented. */
  find(method: string, path: string) {
    const matches = this.#routes.filter((r) => r.method === method && r.re.test(path));
    // Prefer the most specific template (fewest parameters).
    matches.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
    return matches[0];
  }

  /** Checks a webhook body (JSON text) against the document's `webhooks.<name>.post` request body. */
  checkWebhook(name: string, body: string): void {
    const schema = this.#webhooks[name]?.['post']?.requestBody?.content?.['application/json']?.schema;
    expect(schema, `webhook ${name} is not in the OpenAPI document`).toBeDefined();
    if (!schema) return;
    const key = `webhook ${name}`;
    let validate = this.#compiled.get(key);
    if (!validate) {
      validate = ajv.compile(deref(schema, this.#schemas) as Json);
      this.#compiled.set(key, validate);
    }
    expect(validate(JSON.parse(body)), `${key} body does not match the OpenAPI schema: ${ajv.errorsText(validate.errors)}\n${body.slice(0, 500)}`).toBe(true);
  }

  async check(method: string, path: string, res: Response): Promise<void> {
    const route = this.find(method, path);
    expect(route, `${method} ${path} is not in the OpenAPI document`).toBeDefined();
    if (!route) return;
    const spec = route.op.responses[String(res.status)];
    expect(spec, `${method} ${route.template} answered ${res.status}, which the OpenAPI document does not list`).toBeDefined();
    if (!spec) return;
    for (const h of Object.keys(spec.headers ?? {})) expect(res.headers.get(h), `header ${h} documented for ${res.status}`).not.toBeNull();
    const text = await res.clone().text();
    const schema = spec.content?.['application/json']?.schema;
    const other = Object.keys(spec.content ?? {}).find((t) => t !== 'application/json');
    if (!schema && other) {
      expect(res.headers.get('content-type'), `${method} ${route.template} ${res.status} documents ${other}`).toBe(other);
      expect(text.length, `${method} ${route.template} ${res.status} documents a body`).toBeGreaterThan(0);
      return;
    }
    if (!schema) {
      expect(text, `${method} ${route.template} ${res.status} documents no body`).toBe('');
      return;
    }
    const key = `${route.method} ${route.template} ${res.status}`;
    let validate = this.#compiled.get(key);
    if (!validate) {
      validate = ajv.compile(deref(schema, this.#schemas) as Json);
      this.#compiled.set(key, validate);
    }
    const ok = validate(JSON.parse(text));
    expect(ok, `${key} body does not match the OpenAPI schema: ${ajv.errorsText(validate.errors)}\n${text.slice(0, 500)}`).toBe(true);
  }
}
