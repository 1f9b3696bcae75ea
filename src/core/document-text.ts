import { own } from './own.js';
import { isCollection } from './tracked.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A tenant document as JSON text for its file, one record per line, made a slice at a time: after each
 * `sliceMs` of work it yields to the event loop, so folding a large document into its file does not
 * hold up requests (one `JSON.stringify` of a 10 MB document took a quarter of a second).
 *
 * ```
 * {
 *   "orders": {
 *     "4d9c…": {"order_id":"4d9c…","status":"CAPTURED",…},
 *     …
 *   },
 *   "nextInternalId": 1042
 * }
 * ```
 *
 * Records changed while the text is made are taken as they are when reached (or left out when gone):
 * the fold's text is only ever read with the change log replayed over it, and the log holds every change
 * made since the fold began, so a record read early or late ends up as the log leaves it.
 *
 * @example
 * await writeFile(file, await documentText(doc, 8));
 */
export async function documentText(data: unknown, sliceMs = 8): Promise<string> {
  if (!isCollection(data)) return JSON.stringify(data) ?? 'null';
  let deadline = performance.now() + sliceMs;
  const fields: string[] = [];
  for (const key of Object.keys(data)) {
    const value = own(data, key);
    if (value === undefined) continue;
    if (!isCollection(value)) {
      fields.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
      continue;
    }
    const records: string[] = [];
    for (const id of Object.keys(value)) {
      const record = own(value, id);
      if (record !== undefined) records.push(`    ${JSON.stringify(id)}: ${JSON.stringify(record)}`);
      if (performance.now() > deadline) {
        await nextTurn();
        deadline = performance.now() + sliceMs;
      }
    }
    fields.push(records.length ? `  ${JSON.stringify(key)}: {\n${records.join(',\n')}\n  }` : `  ${JSON.stringify(key)}: {}`);
  }
  return `{\n${fields.join(',\n')}\n}\n`;
}
