/**
 * Undo across units that share a commit. Units write one after another, each on top of the last; a
 * group commit that fails rejects them all, and each then takes its own writes back, in whatever order
 * their callers get the rejection. Each path keeps its chain of uncommitted writes, so that undoing them
 * in any order ends where the path was before the oldest: undoing the newest write restores the value
 * it replaced; undoing an older one (already overwritten) hands the value *it* replaced to the write that
 * overwrote it.
 *
 * @example
 * const w1 = chain.write(doc, 'orders\0a', coll, 'a', v1, v0);  // a: v0 → v1
 * const w2 = chain.write(doc, 'orders\0a', coll, 'a', v2, v1);  // a: v1 → v2
 * chain.undo(doc, w1); chain.undo(doc, w2);                     // a: v0, whichever goes first
 */
export const ABSENT: unique symbol = Symbol('absent');

export interface Write {
  readonly path: string;
  readonly holder: Record<string, unknown>;
  readonly key: string;
  /** What the write put there (ABSENT: it removed the key). */
  readonly value: unknown;
  /** What it replaced, to restore on undo (ABSENT: the key was not there). */
  before: unknown;
  /** The uncommitted write it replaced on the same path, if any. */
  prev: Write | null;
}

const chains = new WeakMap<object, Map<string, Write>>();

function chainOf(doc: object): Map<string, Write> {
  let c = chains.get(doc);
  if (!c) chains.set(doc, (c = new Map()));
  return c;
}

/** Records a write made to `holder[key]` (`value` replacing `before`). */
export function write(doc: object, path: string, holder: Record<string, unknown>, key: string, value: unknown, before: unknown): Write {
  const c = chainOf(doc);
  const w: Write = { path, holder, key, value, before, prev: c.get(path) ?? null };
  c.set(path, w);
  return w;
}

function put(w: Write, v: unknown): void {
  if (v === ABSENT) delete w.holder[w.key];
  else Object.defineProperty(w.holder, w.key, { value: v, writable: true, enumerable: true, configurable: true });
}

/** The write whose `prev` is `w` (the one that overwrote it), or null when `w` is the latest. */
function newerThan(c: Map<string, Write>, w: Write): Write | null {
  for (let n = c.get(w.path) ?? null; n; n = n.prev) if (n.prev === w) return n;
  return null;
}

/** Takes a write back (its commit failed or its unit refused). */
export function undo(doc: object, w: Write): void {
  const c = chainOf(doc);
  if (c.get(w.path) === w) {
    put(w, w.before);
    if (w.prev) c.set(w.path, w.prev);
    else c.delete(w.path);
    return;
  }
  const n = newerThan(c, w);
  if (!n) return; // no longer chained (committed, or the document was replaced)
  n.before = w.before;
  n.prev = w.prev;
}

/**
 * The write is durable: it leaves the chain with everything older (commits land in order, so an older
 * write is durable too); a newer write's undo restores this one's value, already its `before`.
 */
export function committed(doc: object, w: Write): void {
  const c = chainOf(doc);
  if (c.get(w.path) === w) {
    c.delete(w.path);
    return;
  }
  const n = newerThan(c, w);
  if (n) n.prev = null;
}
