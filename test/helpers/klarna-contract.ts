import { appendFileSync, readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';

/**
 * Checks Kustom responses against Klarna's own published contract: test/contracts/klarna-contract.json,
 * the schemas of Klarna's Order Management v1 (Swagger) and Checkout v3 (OpenAPI) specs with the prose
 * stripped (derived by test/contracts/derive-klarna-contract.mjs). Where the sandbox's own OpenAPI
 * document says what the sandbox does, this says what Klarna says Klarna does.
 *
 * - a status Klarna documents for the operation: the JSON body must match its schema; with no schema a
 *   success must have no body and an error may be empty or Klarna's error body (Checkout v3 lists its
 *   errors without a schema); documented headers must be present.
 * - an error status (>= 400) Klarna does not list for the operation: the body must be Klarna's error body.
 * - a success status Klarna does not list: a failure.
 * - a path or method that is not in Klarna's specs (sandbox-only routes): not checked.
 *
 * A violation fails the test through vitest's `expect`, naming Klarna's operation, the status, Ajv's
 * errors and the start of the body.
 */
type Json = Record<string, unknown>;
interface Contract {
  errors: Record<string, Json>;
  operations: { api: string; method: string; path: string; operationId: string; responses: Record<string, { schema?: Json; headers?: string[] }> }[];
  schemas: Record<string, Json>;
}
type Operation = Contract['operations'][number];

const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ strict: false, allErrors: true, validateFormats: true });
(addFormats as unknown as typeof addFormats.default)(ajv);
const FILE = new URL('../contracts/klarna-contract.json', import.meta.url);
let documents = 0;
/**
 * KLARNA_CONTRACT_COLLECT=<file>: record each violation as a JSON line in <file> (with the test that
 * met it) instead of failing, to survey every violation of a whole run rather than the first per test.
 */
const COLLECT = process.env['KLARNA_CONTRACT_COLLECT'] ?? '';
let committed: KlarnaContract | undefined;

export class KlarnaContract {
  readonly #routes: { re: RegExp; index: number; op: Operation }[] = [];
  readonly #compiled = new Map<string, ReturnType<typeof ajv.compile>>();
  readonly #id: string;

  /** The committed contract file (read and compiled once per test file). */
  static load(): KlarnaContract {
    committed ??= new KlarnaContract(JSON.parse(readFileSync(FILE, 'utf8')) as Contract);
    return committed;
  }

  constructor(contract: Contract) {
    // Each contract is its own Ajv document, so its '#/schemas/…' references resolve inside it.
    this.#id = `https://contracts.order-sandbox.test/${++documents}/klarna-contract.json`;
    ajv.addSchema(contract as unknown as Json, this.#id);
    contract.operations.forEach((op, index) => {
      const re = new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      this.#routes.push({ re, index, op });
    });
  }

  /** Klarna's operation for a request, or undefined for a route Klarna does not have. */
  find(method: string, path: string): Operation | undefined {
    const matches = this.#routes.filter((r) => r.op.method === method.toUpperCase() && r.re.test(path));
    // Prefer the most specific template (fewest parameters).
    matches.sort((a, b) => (a.op.path.match(/\{/g)?.length ?? 0) - (b.op.path.match(/\{/g)?.length ?? 0));
    return matches[0]?.op;
  }

  #validator(pointer: string) {
    let validate = this.#compiled.get(pointer);
    if (!validate) {
      validate = ajv.compile({ $ref: `${this.#id}#${pointer}` });
      this.#compiled.set(pointer, validate);
    }
    return validate;
  }

  /** Validates a JSON text against the schema at `pointer` in the contract (e.g. '/errors/checkout'). */
  validate(pointer: string, text: string): { ok: boolean; errors: string } {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { ok: false, errors: 'the body is not JSON' };
    }
    const validate = this.#validator(pointer);
    const ok = validate(body) === true; // no async schemas here
    return { ok, errors: ok ? '' : ajv.errorsText(validate.errors, { separator: '; ' }) };
  }

  async check(method: string, path: string, res: Response): Promise<void> {
    const op = this.find(method, path);
    if (!op) return;
    const status = String(res.status);
    const index = this.#routes.find((r) => r.op === op)?.index as number;
    const what = `Klarna ${op.operationId} (${op.method} ${op.path}) ${status}`;
    const text = await res.clone().text();
    const fail = (problem: string) => {
      const message = `${what}: ${problem}\n${text.slice(0, 500)}`;
      if (!COLLECT) expect.fail(message);
      const { currentTestName, testPath } = expect.getState();
      appendFileSync(COLLECT, `${JSON.stringify({ test: currentTestName, file: testPath, method, path, operationId: op.operationId, status: res.status, problem, body: text.slice(0, 500) })}\n`);
    };
    const expectBody = (pointer: string, schemaName: string) => {
      const { ok, errors } = this.validate(pointer, text);
      if (!ok) fail(`the body does not match ${schemaName}: ${errors}`);
    };
    const spec = op.responses[status];
    if (spec) {
      for (const h of spec.headers ?? []) if (res.headers.get(h) === null) fail(`Klarna documents the header ${h}`);
      if (spec.schema) expectBody(`/operations/${index}/responses/${status}/schema`, `Klarna's ${status} schema`);
      else if (res.status >= 400) {
        if (text !== '') expectBody(`/errors/${op.api}`, `Klarna's error schema`);
      } else if (text !== '') fail('Klarna documents no body');
      return;
    }
    if (res.status >= 400) expectBody(`/errors/${op.api}`, `Klarna's error schema (Klarna does not list ${status} for ${op.operationId})`);
    else fail(`Klarna documents only ${Object.keys(op.responses).join(', ')} for this operation`);
  }
}
