import { own, setOwn } from './own.js';

/**
 * Change tracking for a tenant document: a view of the document that reports every assignment or
 * deletion at the top level (`doc.nextInternalId = 5`) and inside a top-level collection
 * (`doc.orders[id] = order`), as a path of one or two keys. The store logs the current value at each
 * reported path, so a write costs what changed, not what the document holds.
 *
 * Records are replaced, not edited in place, by every repo (`orders[id] = next`), and nothing a stored
 * record holds is edited in place either: the store logs a replaced record as the fields whose values
 * are new (see {@link recordChanges}), so an object shared by the old and the new record is taken as
 * unchanged. `onChange` gets the value the path held before, for that comparison.
 *
 * @example
 * const changed: string[][] = [];
 * const doc = tracked({ orders: {} as Record<string, object> }, (p) => changed.push(p));
 * doc.orders['a'] = { id: 'a' };   // changed: [['orders', 'a']]
 */
export type Path = [string] | [string, string];

/** A plain record map (an object, not an array): what a document's collections and records are. */
export const isCollection = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function tracked<T extends object>(root: T, onChange: (path: Path, before: unknown) => void): T {
  const children = new WeakMap<object, object>();
  const child = (key: string, target: Record<string, unknown>): object => {
    let p = children.get(target);
    if (!p) {
      p = new Proxy(target, {
        set(t, k, v) {
          const before = typeof k === 'string' ? own(t, k) : undefined;
          t[k as string] = v;
          if (typeof k === 'string') onChange([key, k], before);
          return true;
        },
        defineProperty(t, k, desc) {
          const before = typeof k === 'string' ? own(t, k) : undefined;
          const ok = Reflect.defineProperty(t, k, desc);
          if (ok && typeof k === 'string') onChange([key, k], before);
          return ok;
        },
        deleteProperty(t, k) {
          const before = typeof k === 'string' ? own(t, k) : undefined;
          const ok = Reflect.deleteProperty(t, k);
          if (ok && typeof k === 'string') onChange([key, k], before);
          return ok;
        },
      });
      children.set(target, p);
    }
    return p;
  };
  return new Proxy(root, {
    get(t, k, receiver) {
      const v = Reflect.get(t, k, receiver);
      return typeof k === 'string' && isCollection(v) && own(t as Record<string, unknown>, k) === v ? child(k, v) : v;
    },
    set(t, k, v) {
      (t as Record<string | symbol, unknown>)[k] = v;
      if (typeof k === 'string') onChange([k], undefined);
      return true;
    },
    defineProperty(t, k, desc) {
      const ok = Reflect.defineProperty(t, k, desc);
      if (ok && typeof k === 'string') onChange([k], undefined);
      return ok;
    },
    deleteProperty(t, k) {
      const ok = Reflect.deleteProperty(t, k);
      if (ok && typeof k === 'string') onChange([k], undefined);
      return ok;
    },
  });
}

/** The value at a path of the raw document (undefined: absent). */
export function valueAt(root: Record<string, unknown>, path: Path): unknown {
  const top = own(root, path[0]);
  if (path.length === 1) return top;
  return isCollection(top) ? own(top, path[1]) : undefined;
}

/** Sets (or with `undefined`, deletes) the value at a path of the raw document, as own properties. */
export function applyAt(root: Record<string, unknown>, path: Path, value: unknown): void {
  const put = (o: Record<string, unknown>, k: string) => (value === undefined ? void delete o[k] : setOwn(o, k, value));
  if (path.length === 1) return put(root, path[0]);
  let top = own(root, path[0]);
  if (!isCollection(top)) {
    if (value === undefined) return;
    top = {};
    setOwn(root, path[0], top);
  }
  put(top as Record<string, unknown>, path[1]);
}

/** A path inside a record: field names, and indexes into arrays. */
export type FieldPath = (string | number)[];

/** One field of a record set to a value, or (without one) deleted. */
export type FieldChange = [FieldPath] | [FieldPath, unknown];

const isPlain = (v: unknown): v is Record<string, unknown> => isCollection(v) && Object.getPrototypeOf(v) === Object.prototype;

/**
 * How `next` differs from `before`, field by field: fields holding another value, removed fields,
 * and for an array that only grew (the same elements first) just its new elements by index. Null when
 * the two cannot be compared that way (not both plain objects, the same object edited in place, or
 * fields reordered or added before others, which replayed changes would not reproduce).
 * Each change sets a value, so replaying one over a document that already holds it changes nothing.
 *
 * @example
 * recordChanges({ n: 1, xs: [a] }, { n: 2, xs: [a, b] }); // [[['n'], 2], [['xs', 1], b]]
 */
export function recordChanges(before: unknown, next: unknown): FieldChange[] | null {
  if (!isPlain(before) || !isPlain(next) || before === next || !sameFieldOrder(before, next)) return null;
  const out: FieldChange[] = [];
  for (const k of Object.keys(next)) {
    const was = own(before, k);
    const now = next[k];
    if (was === now) continue;
    if (now === undefined) {
      out.push([[k]]); // as JSON leaves it out
    } else if (Array.isArray(was) && Array.isArray(now) && now.length > was.length && was.every((x, i) => x === now[i])) {
      for (let i = was.length; i < now.length; i++) out.push([[k, i], now[i]]);
    } else {
      out.push([[k], now]);
    }
  }
  for (const k of Object.keys(before)) if (!Object.prototype.hasOwnProperty.call(next, k) && before[k] !== undefined) out.push([[k]]);
  return out;
}

/**
 * Whether replaying field changes over `before` gives `next`'s field order too: the fields they share
 * in the same order, and new fields only after them (a replayed new field is added last).
 */
function sameFieldOrder(before: Record<string, unknown>, next: Record<string, unknown>): boolean {
  const was = Object.keys(before);
  let at = 0;
  let added = false;
  for (const k of Object.keys(next)) {
    if (!Object.prototype.hasOwnProperty.call(before, k)) {
      added = true;
      continue;
    }
    if (added) return false;
    while (at < was.length && was[at] !== k) at++;
    if (at === was.length) return false;
  }
  return true;
}

/** Applies field changes to the record at a path of the raw document; a record no longer there is left alone. */
export function applyFieldChanges(root: Record<string, unknown>, path: Path, changes: FieldChange[]): void {
  const record = valueAt(root, path);
  if (!isCollection(record)) return;
  for (const [at, ...value] of changes) {
    let holder: unknown = record;
    for (const key of at.slice(0, -1)) holder = isCollection(holder) || Array.isArray(holder) ? own(holder as Record<string, unknown>, String(key)) : undefined;
    const last = at[at.length - 1] as string | number;
    if (Array.isArray(holder) && typeof last === 'number') {
      if (value.length) holder[last] = value[0]; // elements are only ever set (recordChanges)
    } else if (isCollection(holder)) {
      if (value.length) setOwn(holder, String(last), value[0]);
      else delete holder[String(last)];
    }
  }
}
