#!/usr/bin/env node
// Derives test/contracts/klarna-contract.json, a schema-only contract of Klarna's Order Management v1
// and Checkout v3 responses, from Klarna's own published specs:
//   klarna-ordermanagement-v1-2020.swagger.json  (Swagger 2.0, `definitions`)
//   klarna-checkout-v3.openapi.yaml              (OpenAPI 3.0, `components.schemas`)
//
//   node test/contracts/derive-klarna-contract.mjs [--specs DIR] [--stdout]
//
// DIR defaults to ../shared/reference/specs beside the repository (or $KLARNA_SPECS). The specs are only
// read here: the committed JSON is what the tests load, so nothing depends on them at run time.
//
// Only validation survives: prose (description, example(s), title, summary, externalDocs, x-*) and
// annotations (readOnly, default, …) are dropped; an unknown schema keyword stops the script, so a
// validation keyword is never dropped silently. Swagger 2 / OpenAPI 3.0 dialect is rewritten for JSON
// Schema 2020-12 (x-nullable/nullable → a 'null' type, boolean exclusiveMinimum/Maximum → numbers,
// type: file → any). Every $ref becomes '#/schemas/<api>.<name>' (JSON-pointer and URI escaped) into the
// single `schemas` map, which holds exactly the schemas the contract reaches. Keys are sorted, so a
// rerun on the same specs writes the same bytes.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const OM_FILE = 'klarna-ordermanagement-v1-2020.swagger.json';
const CO_FILE = 'klarna-checkout-v3.openapi.yaml';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Keywords that carry validation, kept as they are (their sub-schemas converted). */
const KEEP = new Set(['type', 'format', 'enum', 'const', 'required', 'minimum', 'maximum', 'multipleOf', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties']);
/** Keywords whose value is a schema / a map of schemas / a list of schemas. */
const SCHEMA = new Set(['items', 'additionalProperties', 'not', 'additionalItems', 'propertyNames', 'contains']);
const SCHEMA_MAP = new Set(['properties', 'patternProperties']);
const SCHEMA_LIST = new Set(['allOf', 'oneOf', 'anyOf']);
/** Prose and annotations: no effect on what a body may be. */
const DROP = new Set(['description', 'example', 'examples', 'title', 'externalDocs', 'readOnly', 'writeOnly', 'default', 'deprecated', 'xml', 'discriminator']);

const refName = (ref) => {
  const m = /^#\/(?:definitions|components\/schemas)\/(.+)$/.exec(ref);
  if (!m) throw new Error(`unsupported $ref ${ref}`);
  return decodeURIComponent(m[1]).replace(/~1/g, '/').replace(/~0/g, '~');
};
/** '#/schemas/<name>' with the name escaped as a JSON pointer token inside a URI fragment. */
export const schemaRef = (name) => `#/schemas/${encodeURIComponent(name.replace(/~/g, '~0').replace(/\//g, '~1'))}`;

function addNull(out) {
  if (out.type !== undefined) out.type = [...new Set([...(Array.isArray(out.type) ? out.type : [out.type]), 'null'])];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
}

/** One spec schema → JSON Schema 2020-12; `reach(name)` is told of every schema it references and answers its contract name. */
function convert(node, reach, where) {
  if (typeof node === 'boolean') return node;
  if (!node || typeof node !== 'object' || Array.isArray(node)) throw new Error(`${where}: not a schema`);
  if (typeof node.$ref === 'string') {
    // Swagger 2 / OpenAPI 3.0: siblings of $ref are ignored.
    return { $ref: schemaRef(reach(refName(node.$ref))) };
  }
  const out = {};
  let nullable = false;
  for (const [k, v] of Object.entries(node)) {
    const at = `${where}/${k}`;
    if (k === 'x-nullable' || k === 'nullable') nullable = v === true;
    else if (k.startsWith('x-') || DROP.has(k)) continue;
    else if (k === 'type' && v === 'file') continue; // Swagger 2 binary body: any
    else if (k === 'exclusiveMinimum' || k === 'exclusiveMaximum') {
      if (typeof v === 'number') out[k] = v;
      else if (v === true) out[k] = node[k === 'exclusiveMinimum' ? 'minimum' : 'maximum'];
    } else if (KEEP.has(k)) out[k] = v;
    else if (SCHEMA.has(k)) out[k] = Array.isArray(v) ? v.map((s, i) => convert(s, reach, `${at}/${i}`)) : convert(v, reach, at);
    else if (SCHEMA_MAP.has(k)) out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, convert(s, reach, `${at}/${p}`)]));
    else if (SCHEMA_LIST.has(k)) out[k] = v.map((s, i) => convert(s, reach, `${at}/${i}`));
    else throw new Error(`${at}: unknown schema keyword '${k}' (keep or drop it explicitly in derive-klarna-contract.mjs)`);
  }
  // A boolean exclusive bound replaced its plain one.
  if (node.exclusiveMinimum === true) delete out.minimum;
  if (node.exclusiveMaximum === true) delete out.maximum;
  if (nullable) addNull(out);
  if (Array.isArray(out.items)) { out.prefixItems = out.items; delete out.items; } // draft-4 tuple form
  return out;
}

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** Follows a `$ref` to a reusable response object (Swagger `#/responses/X`, OpenAPI `#/components/responses/X`). */
function resolve(doc, node) {
  if (!node || typeof node.$ref !== 'string') return node;
  const parts = node.$ref.replace(/^#\//, '').split('/').map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'));
  return resolve(doc, parts.reduce((n, p) => n?.[p], doc));
}

/** A JSON-ish media type's schema from an OpenAPI 3 `content` map (application/json first, then any JSON type, then any at all). */
function contentSchema(content = {}) {
  const types = Object.keys(content);
  const pick = types.find((t) => t === 'application/json') ?? types.find((t) => /json/i.test(t)) ?? types.find((t) => content[t]?.schema);
  return pick ? content[pick]?.schema : undefined;
}

export function derive(specDir) {
  const dir = specDir.endsWith('/') ? specDir : `${specDir}/`;
  const omText = readFileSync(`${dir}${OM_FILE}`, 'utf8');
  const coText = readFileSync(`${dir}${CO_FILE}`, 'utf8');
  const om = JSON.parse(omText);
  const co = parseYaml(coText);
  if (om.swagger !== '2.0') throw new Error(`${OM_FILE}: expected Swagger 2.0, got ${om.swagger}`);
  if (!/^3\.0\./.test(co.openapi ?? '')) throw new Error(`${CO_FILE}: expected OpenAPI 3.0, got ${co.openapi}`);

  const apis = [
    { api: 'ordermanagement', file: OM_FILE, text: omText, doc: om, defs: om.definitions ?? {},
      // Swagger 2: host + basePath; paths are relative to basePath.
      base: (om.basePath ?? '').replace(/\/$/, ''), server: `https://${om.host ?? ''}${om.basePath ?? ''}` },
    { api: 'checkout', file: CO_FILE, text: coText, doc: co, defs: co.components?.schemas ?? {},
      // OpenAPI 3: the path part of the (first) server URL prefixes every path.
      base: new URL(co.servers?.[0]?.url ?? '/', 'https://x').pathname.replace(/\/$/, ''), server: co.servers?.[0]?.url ?? '' },
  ];

  const schemas = {};
  const errors = {};
  const operations = [];
  const sources = {};
  for (const a of apis) {
    // Both specs define 'address', 'customer', 'order_line', … differently (OM's order_line requires
    // `type`, Checkout's does not), so every name is qualified by its API: 'ordermanagement.order_line'.
    const pending = [];
    const reach = (name) => {
      const qualified = `${a.api}.${name}`;
      if (!(qualified in schemas) && !pending.includes(name)) pending.push(name);
      return qualified;
    };
    sources[a.api] = { basePath: a.base, file: a.file, server: a.server, sha256: sha256(a.text) };
    for (const [template, item] of Object.entries(a.doc.paths ?? {})) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const where = `${a.file} ${method.toUpperCase()} ${template}`;
        const responses = {};
        for (const [status, raw] of Object.entries(op.responses ?? {})) {
          const r = resolve(a.doc, raw);
          const schema = a.doc.swagger ? r.schema : contentSchema(r.content); // Swagger 2: schema; OpenAPI 3: content
          const entry = {};
          if (schema) entry.schema = convert(schema, reach, `${where} ${status}`);
          const headers = Object.keys(r.headers ?? {}).sort();
          if (headers.length) entry.headers = headers;
          responses[status] = entry;
        }
        operations.push({ api: a.api, method: method.toUpperCase(), operationId: op.operationId, path: `${a.base}${template}`, responses });
      }
    }
    // Klarna's error body. Order Management defines it (ErrorMessageDto and named copies of it). Checkout
    // v3 defines no error schema: its operations attach an example error body as `x-<status>` extensions,
    // which must carry the same fields (error_code, correlation_id, and the messages), so the OM one serves.
    if (a.api === 'ordermanagement') {
      if (!a.defs.ErrorMessageDto) throw new Error(`${OM_FILE}: no ErrorMessageDto definition`);
      reach('ErrorMessageDto');
      errors[a.api] = { $ref: schemaRef('ordermanagement.ErrorMessageDto') };
    } else {
      const fields = new Set(Object.keys(apis[0].defs.ErrorMessageDto?.properties ?? {}));
      for (const [template, item] of Object.entries(a.doc.paths ?? {})) {
        for (const method of METHODS) {
          for (const [k, ex] of Object.entries(item[method] ?? {})) {
            if (!/^x-[45]\d\d$/.test(k)) continue;
            for (const f of ['error_code', 'correlation_id']) if (!(f in ex) || !fields.has(f)) throw new Error(`${CO_FILE} ${method} ${template} ${k}: error example without ${f}; is its error body still OM's ErrorMessageDto?`);
          }
        }
      }
      errors[a.api] = { $ref: schemaRef('ordermanagement.ErrorMessageDto') };
    }
    while (pending.length) {
      const name = pending.shift();
      if (`${a.api}.${name}` in schemas) continue;
      if (!(name in a.defs)) throw new Error(`${a.file}: $ref to missing schema '${name}'`);
      schemas[`${a.api}.${name}`] = convert(a.defs[name], reach, `${a.file} schema ${name}`);
    }
  }

  operations.sort((x, y) => (x.path === y.path ? x.method.localeCompare(y.method) : x.path < y.path ? -1 : 1));
  const contract = {
    errors,
    operations,
    schemas,
    sources,
  };
  return `${JSON.stringify(sortKeys(contract), null, 2)}\n`;
}

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--specs');
  const specs = at >= 0 ? args[at + 1] : (process.env.KLARNA_SPECS ?? fileURLToPath(new URL('../../../shared/reference/specs/', import.meta.url)));
  const text = derive(specs);
  if (args.includes('--stdout')) process.stdout.write(text);
  else {
    const out = fileURLToPath(new URL('./klarna-contract.json', import.meta.url));
    writeFileSync(out, text);
    console.log(`wrote ${out}`);
  }
}
