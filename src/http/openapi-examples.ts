/**
 * Puts examples into a generated OpenAPI document after the fact, so the docs page shows values a
 * reader can send as they are: ids of the demo orders, bodies built from the fixtures.
 *
 * @example
 * setParamExample(doc, 'order_id', demo.order_id);
 * setBodyExample(doc, 'captureOrder', { captured_amount: demo.order_amount });
 */
export interface OpenApiDoc {
  paths?: Record<string, object | undefined> | undefined;
  components?: object | undefined;
}

interface Operation {
  operationId?: string;
  parameters?: { name: string; in: string; example?: unknown }[];
  requestBody?: { content?: Record<string, { example?: unknown }> };
}

function operations(doc: OpenApiDoc): Operation[] {
  const out: Operation[] = [];
  for (const item of Object.values(doc.paths ?? {})) {
    for (const [method, op] of Object.entries((item ?? {}) as Record<string, unknown>)) {
      if (['get', 'post', 'put', 'patch', 'delete'].includes(method) && op && typeof op === 'object') out.push(op as Operation);
    }
  }
  return out;
}

/** Sets the example of every path parameter called `name`. */
export function setParamExample(doc: OpenApiDoc, name: string, example: unknown): void {
  for (const op of operations(doc)) for (const p of op.parameters ?? []) if (p.name === name && p.in === 'path') p.example = example;
}

/** Sets the example of an operation's request body (every media type it takes). */
export function setBodyExample(doc: OpenApiDoc, operationId: string, example: unknown): void {
  for (const op of operations(doc)) {
    if (op.operationId !== operationId) continue;
    for (const media of Object.values(op.requestBody?.content ?? {})) media.example = example;
  }
}
