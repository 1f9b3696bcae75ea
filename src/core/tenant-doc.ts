import type { TenantDoc } from './store.js';
import { tracked, type Path } from './tracked.js';

/** A write sent but not yet durable (shared storage: its transaction commits later): `durable` settles when it is. */
export type Durability = void | { durable: Promise<void> };

const pathKey = (p: Path) => (p.length === 1 ? p[0] : `${p[0]}\u0000${p[1]}`);

/**
 * Where a document's commits go: the embedded change log and document file (file-storage.ts), or a
 * database table (storage/postgres.ts). The document keeps the data, the tracking and the group commit;
 * its storage only writes.
 */
export interface DocStorage<T> {
  /**
   * One group commit: the values now at `paths` in `raw` (a path gone from it was removed); `before` has
   * what each held at the last commit. Resolves once written, or (shared storage) once sent, with the
   * promise of its durability: a transaction that commits later, with the next units' changes.
   */
  append(raw: T, paths: Path[], before: ReadonlyMap<string, unknown>): Promise<Durability>;
  /** Writes the whole document (after `replace`, or when the storage asks for it). */
  rewrite(raw: T): Promise<void>;
  /** The next commit must rewrite the whole document (a background write failed). */
  readonly wantsRewrite: boolean;
  /** Background work under way (a fold). */
  readonly busy: boolean;
  /** Resolves once no background work is under way. */
  settled(): Promise<void>;
  /** Leaves memory (eviction): what is stored is complete; files or connections of the document are let go. */
  release(): Promise<void>;
  /** Shuts down: the stored form made complete on its own (the log folded), then let go. */
  close(raw: T): Promise<void>;
  /** Shared storage only (written by other processes too): the stored version the data is at. */
  readonly version?: number;
  /** Shared storage only: takes the tenant for `owner` across processes; the newer stored data, or null when the data is current. */
  begin?(owner: object, opts?: { holds?: 'long' }): Promise<T | null>;
  /** Shared storage only: lets the tenant go; what `owner` did not commit is rolled back. */
  end?(owner: object): void;
  /** Shared storage only: the tenant's row is locked by this process, so its data is current. */
  readonly locked?: boolean;
  /** Shared storage only: resolves once the other processes have taken in the last commit (read-your-writes: a writer awaits it before it answers). */
  seen?(): Promise<void>;
}

/**
 * One open tenant document of the store (store.ts): its data, seen through a tracking view when it is
 * stored, and its group commit, which hands what changed to its storage ({@link DocStorage}: the change
 * log and lowdb document of file-storage.ts, or a database).
 *
 * @example
 * const doc = await store.open('kustom', 'm', seed); // a Doc
 * doc.data.orders[id] = next; await doc.commit(); // services change documents through the state layer (state/unit.ts)
 */
export class Doc<T> implements TenantDoc<T> {
  readonly service: string;
  readonly tenant: string;
  #raw: T;
  #view: T;
  readonly #storage: DocStorage<T> | null;
  /** Paths changed since the last flush began. */
  readonly #dirty = new Map<string, Path>();
  /** What each of them held when the last flush began (what storage will hold once it lands). */
  #before = new Map<string, unknown>();
  /** replace() (or a failed write) asks the next flush to rewrite the whole document. */
  #rewrite = false;
  /** The write being sent; it resolves, once sent, to its durability (see {@link DocStorage.append}). */
  #writing: Promise<Durability> | null = null;
  #next: { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | null = null;
  /** Holds on the group commit: while any is held, commits wait (see {@link hold}). */
  #holds = 0;
  /** The store's age (in ticks) when the document was last used: eviction takes the least recently used. */
  used = 0;
  /** Another process stored a newer version (store.ts): brought up to date ({@link refresh}) before it is read. */
  stale = false;
  generation = 0;

  /** `storage` null: in memory only (nothing is tracked or written). */
  constructor(service: string, tenant: string, data: T, storage: DocStorage<T> | null) {
    this.service = service;
    this.tenant = tenant;
    this.#raw = data;
    this.#storage = storage;
    this.#view = this.#track(data);
  }

  get data(): T {
    return this.#view;
  }

  get shared(): boolean {
    return this.#storage?.begin !== undefined;
  }

  /** The stored version the data is at (shared storage; 0 otherwise). */
  get version(): number {
    return this.#storage?.version ?? 0;
  }

  async begin(owner: object, opts?: { holds?: 'long' }): Promise<boolean> {
    const fresh = (await this.#storage?.begin?.(owner, opts)) ?? null;
    this.stale = false; // the tenant is ours, and its data current
    if (fresh === null) return false;
    this.#raw = fresh;
    this.#view = this.#track(fresh);
    this.#dirty.clear();
    this.#before.clear();
    this.generation++;
    return true;
  }

  end(owner: object): void {
    this.#storage?.end?.(owner);
  }

  /** Resolves once the other processes have taken in the last commit (shared storage); at once otherwise. */
  seen(): Promise<void> {
    return this.#storage?.seen?.() ?? Promise.resolve();
  }

  /**
   * A stale document brought up to date (the tenant taken and let go at once). While this process has
   * the tenant's row locked it is current already (no other process can have written it), and taking
   * it again would wait on the taking itself.
   */
  async refresh(): Promise<void> {
    if (this.#storage?.locked) {
      this.stale = false;
      return;
    }
    const owner = {};
    try {
      await this.begin(owner);
    } finally {
      this.end(owner);
    }
  }

  replace(data: T): Promise<void> {
    this.#raw = data;
    this.#view = this.#track(data);
    this.#dirty.clear();
    this.#before.clear();
    this.#rewrite = true;
    return this.commit();
  }

  commit(): Promise<void> {
    if (!this.#storage) return Promise.resolve();
    if (!this.#writing && this.#holds === 0) {
      this.#writing = this.#flush();
      return this.#durable(this.#writing);
    }
    if (!this.#next) {
      let resolve!: () => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
      this.#next = { promise, resolve, reject };
    }
    return this.#next.promise;
  }

  #track(data: T): T {
    if (!this.#storage || typeof data !== 'object' || data === null) return data;
    return tracked(data, (p, before) => {
      const key = pathKey(p);
      if (this.#dirty.has(key)) return;
      this.#dirty.set(key, p);
      this.#before.set(key, before);
    });
  }

  /**
   * A commit resolves once its write is durable. The next write may start once this one is sent: on
   * shared storage the next units' changes join its transaction (postgres-rows.ts), so they must not
   * wait for its COMMIT. A write that fails after it was sent (its transaction rolled back) makes the
   * next commit rewrite the whole document, as a failed send does.
   */
  #durable(writing: Promise<Durability>): Promise<void> {
    return writing.then((d) => d?.durable.catch((e: unknown) => {
      this.#rewrite = true;
      throw e;
    }));
  }

  /** One group commit: the changed paths' current values to storage, or (after `replace`) the whole document. */
  async #flush(): Promise<Durability> {
    const storage = this.#storage as DocStorage<T>;
    const paths = [...this.#dirty.values()];
    const before = this.#before;
    this.#dirty.clear();
    this.#before = new Map();
    try {
      if (this.#rewrite || storage.wantsRewrite) {
        this.#rewrite = false;
        await storage.rewrite(this.#raw);
        return undefined;
      }
      return await storage.append(this.#raw, paths, before);
    } catch (e) {
      for (const p of paths) if (!this.#dirty.has(pathKey(p))) this.#dirty.set(pathKey(p), p);
      // The caller undoes the failed changes in memory, but storage may hold some of them already (a
      // background fold, a write whose answer was lost): the next commit rewrites the document from memory.
      this.#rewrite = true;
      throw e;
    } finally {
      this.#writing = null;
      if (this.#holds === 0) this.#startWaiting();
    }
  }

  /** Starts the write that commits made meanwhile are waiting for. */
  #startWaiting(): void {
    const waiting = this.#next;
    if (!waiting) return;
    this.#next = null;
    this.#writing = this.#flush();
    this.#durable(this.#writing).then(waiting.resolve, waiting.reject);
  }

  /**
   * Holds the group commit: until the returned release is called, no write starts, so changes made
   * meanwhile by several steps (a unit of work, then the idempotency record of the answer it gave) land
   * in one write or none. Commits asked for while held wait for the release.
   */
  hold(): () => void {
    this.#holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.#holds === 0 && !this.#writing) this.#startWaiting();
    };
  }

  /** Whether anything is under way: a hold, a write, background work of its storage, or commits waiting. */
  get busy(): boolean {
    return this.#holds > 0 || this.#writing !== null || this.#next !== null || this.#dirty.size > 0 || this.#rewrite || (this.#storage?.busy ?? false) || (this.#storage?.wantsRewrite ?? false);
  }

  /**
   * Leaves memory (eviction): waits for writes, commits what is left, and lets its storage go. What is
   * stored is complete: the next load reads it as after a restart.
   */
  async release(): Promise<void> {
    await this.settled();
    if (this.#storage && (this.#dirty.size || this.#rewrite)) await this.commit().catch(() => undefined);
    await this.#storage?.release();
  }

  /** Resolves once no write (nor background work of its storage) is in flight. */
  async settled(): Promise<void> {
    while (this.#writing) await this.#writing.catch(() => undefined);
    await this.#storage?.settled();
  }

  /** Waits for writes, commits what is left, then closes its storage (which makes the stored form complete on its own). */
  async close(): Promise<void> {
    await this.settled();
    if (!this.#storage) return;
    if (this.#dirty.size || this.#rewrite) await this.commit().catch(() => undefined);
    await this.#storage.close(this.#raw);
  }
}
