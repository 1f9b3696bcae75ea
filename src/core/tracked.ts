import { own, setOwn } from './own.js';

/**
 * Change tracking for a tenant document: a view of the document that reports every assignment or
 * deletion at the top level (`doc.nextInternalId = 5`) and inside a top-level collection
 * (`doc.orders[id] = order`), as a path of one or two keys. The store logs the current value at each
 * reported path, so a write costs what changed, not what the document holds.
 *
 * Records are replaced, not edited in place, by every repo (`orders[id] = next`); an edit deeper than
 * two keys is still saved whenever its record's path is reported in the same commit.
 *
 * @example
 * const changed: string[][] = [];
 * const doc = tracked({ orders: {} as Record<string, object> }, (p) => changed.push(p));
 * doc.orders['a'] = { id: 'a' };   // changed: [['orders', 'a']]
 */
export type Path = [string] | [string, string];

const isCollection = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function tracked<T extends object>(root: T, onChange: (path: Path) => void): T {
  const children = new WeakMap<object, object>();
  const child = (key: string, target: Record<string, unknown>): object => {
    let p = children.get(target);
    if (!p) {
      p = new Proxy(target, {
        set(t, k, v) {
          t[k as string] = v;
          if (typeof k === 'string') onChange([key, k]);
          return true;
        },
        defineProperty(t, k, desc) {
          const ok = Reflect.defineProperty(t, k, desc);
          if (ok && typeof k === 'string') onChange([key, k]);
          return ok;
        },
        deleteProperty(t, k) {
          const ok = Reflect.deleteProperty(t, k);
          if (ok && typeof k === 'string') onChange([key, k]);
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
      if (typeof k === 'string') onChange([k]);
      return true;
    },
    defineProperty(t, k, desc) {
      const ok = Reflect.defineProperty(t, k, desc);
      if (ok && typeof k === 'string') onChange([k]);
      return ok;
    },
    deleteProperty(t, k) {
      const ok = Reflect.deleteProperty(t, k);
      if (ok && typeof k === 'string') onChange([k]);
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
