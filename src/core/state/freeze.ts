/**
 * Freezes a value and everything it holds, so an in-place edit of a stored record throws (in strict
 * mode, which ES modules are) instead of changing what the store believes unchanged. The state layer
 * freezes what it stores when `freeze` is on: under test, where the cost does not matter.
 *
 * @example
 * const order = deepFreeze({ lines: [{ qty: 1 }] });
 * order.lines[0].qty = 2; // TypeError: Cannot assign to read only property 'qty'
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const v of Object.values(value as object)) deepFreeze(v);
  return value;
}

/** Freezes every record of every collection of a document (a document just loaded or seeded). */
export function freezeRecords<D extends object>(data: D): D {
  for (const coll of Object.values(data)) if (typeof coll === 'object' && coll !== null) for (const r of Object.values(coll as object)) deepFreeze(r);
  return data;
}
