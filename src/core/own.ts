/**
 * Reads a key of a record only if the record itself has it — never `__proto__`, `constructor` or
 * anything else inherited. Use for every lookup by a key that came from a request.
 *
 * @example
 * own({ a: 1 }, 'constructor'); // undefined
 */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
