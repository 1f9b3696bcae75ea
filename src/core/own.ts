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

/**
 * Sets a key as an own property, even `__proto__` (a plain assignment would change the prototype
 * instead, and the value would be lost). Use for every write by a key that came from a request.
 *
 * @example
 * setOwn(index, '__proto__', 'x'); own(index, '__proto__'); // 'x'
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
}
