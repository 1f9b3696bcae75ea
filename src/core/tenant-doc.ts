import { stat } from 'node:fs/promises';
import { documentText } from './document-text.js';
import type { ChangeLog } from './change-log.js';
import type { TenantDoc } from './store.js';
import { recordChanges, tracked, valueAt, type Path } from './tracked.js';

/**
 * One open tenant document of the store (store.ts): its data, seen through a tracking view when it
 * lives on disk, and its group commit, which appends what changed to the change log or folds the log
 * into the lowdb document.
 *
 * @example
 * const doc = await store.open('kustom', 'm', seed); // a Doc
 * doc.data.orders[id] = next; await doc.commit(); // services change documents through the state layer (state/unit.ts)
 */
/** A log that has grown past the document (or this many bytes, for small documents) is folded into it. */
export const FOLD_MIN_BYTES = 1024 * 1024;

const pathKey = (p: Path) => (p.length === 1 ? p[0] : `${p[0]}\u0000${p[1]}`);

export interface Disk {
  log: ChangeLog;
  file: string;
  /** Size of the document file as last written. */
  docBytes: number;
  foldMinBytes: number;
  /** Writes the document's file (durable-file.ts `writeFileDurably`). */
  write: (file: string, text: string) => Promise<void>;
}

export class Doc<T> implements TenantDoc<T> {
  readonly service: string;
  readonly tenant: string;
  #raw: T;
  #view: T;
  readonly #disk: Disk | null;
  /** Paths changed since the last flush began. */
  readonly #dirty = new Map<string, Path>();
  /** What each of them held when the last flush began (what the log will hold once it lands). */
  #before = new Map<string, unknown>();
  /** replace() asks the next flush to rewrite the whole document. */
  #rewrite = false;
  #writing: Promise<void> | null = null;
  /** The background fold in progress. */
  #folding: Promise<void> | null = null;
  #next: { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | null = null;
  /** Holds on the group commit: while any is held, commits wait (see {@link hold}). */
  #holds = 0;
  /** The store's age (in ticks) when the document was last used: eviction takes the least recently used. */
  used = 0;

  constructor(service: string, tenant: string, data: T, disk: Disk | null) {
    this.service = service;
    this.tenant = tenant;
    this.#raw = data;
    this.#disk = disk;
    this.#view = this.#track(data);
  }

  get data(): T {
    return this.#view;
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
    if (!this.#disk) return Promise.resolve();
    if (!this.#writing && this.#holds === 0) {
      this.#writing = this.#flush();
      return this.#writing;
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
    if (!this.#disk || typeof data !== 'object' || data === null) return data;
    return tracked(data, (p, before) => {
      const key = pathKey(p);
      if (this.#dirty.has(key)) return;
      this.#dirty.set(key, p);
      this.#before.set(key, before);
    });
  }

  /**
   * One group commit: the changed paths' current values appended to the log (or, after `replace`, the
   * whole document rewritten). A log that has outgrown the document is then folded into it in the
   * background: commits go on appending to a fresh log meanwhile, so none waits for the rewrite.
   */
  async #flush(): Promise<void> {
    const disk = this.#disk as Disk;
    const paths = [...this.#dirty.values()];
    const before = this.#before;
    this.#dirty.clear();
    this.#before = new Map();
    try {
      if (this.#rewrite) {
        await this.#folding;
        await this.#fold(disk);
      } else {
        await disk.log.append(paths.map((p) => {
          const v = valueAt(this.#raw as Record<string, unknown>, p);
          if (v === undefined) return { p, d: 1 as const };
          // A replaced record as the fields that changed: a record that keeps growing (an order's
          // captures) costs what was added, not what it holds.
          const u = p.length === 2 ? recordChanges(before.get(pathKey(p)), v) : null;
          return u ? { p, u } : { p, v };
        }));
        if (!this.#folding && disk.log.liveBytes > Math.max(disk.foldMinBytes, disk.docBytes)) await this.#startFold(disk);
      }
    } catch (e) {
      for (const p of paths) if (!this.#dirty.has(pathKey(p))) this.#dirty.set(pathKey(p), p);
      // The caller undoes the failed changes in memory, but a background fold may have written them into
      // the document already: the next commit rewrites the document from memory.
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
    this.#writing.then(waiting.resolve, waiting.reject);
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

  /** Rewrites the document with everything so far, in the commit (after `replace`, and on close). */
  async #fold(disk: Disk): Promise<void> {
    this.#rewrite = false;
    try {
      await disk.log.rotate();
      await this.#writeDocument(disk);
    } catch (e) {
      this.#rewrite = true;
      throw e;
    }
  }

  /**
   * Starts the background fold: rotates the log between two appends (so the rotated log is complete),
   * then writes the document without the commits waiting. Never fails the commit that started it, whose
   * changes are already on disk: every change a fold takes in is in a log, so a failed fold loses
   * nothing, and the next commit rewrites the document itself (answering with the error if that fails).
   */
  async #startFold(disk: Disk): Promise<void> {
    try {
      await disk.log.rotate();
    } catch {
      this.#rewrite = true;
      return;
    }
    this.#folding = this.#writeDocument(disk)
      .catch(() => void (this.#rewrite = true))
      .finally(() => (this.#folding = null));
  }

  /**
   * The document (made a slice at a time: document-text.ts) written durably (temp file flushed, renamed
   * over it, directory flushed: lowdb's adapter flushes nothing, and the rotated log is deleted next),
   * then the rotated log is dropped.
   */
  async #writeDocument(disk: Disk): Promise<void> {
    await disk.write(disk.file, await documentText(this.#raw));
    disk.docBytes = (await stat(disk.file)).size;
    await disk.log.finishFold();
  }

  /** Whether anything is under way: a hold, a write, a fold, or commits waiting. */
  get busy(): boolean {
    return this.#holds > 0 || this.#writing !== null || this.#folding !== null || this.#next !== null || this.#dirty.size > 0 || this.#rewrite;
  }

  /**
   * Leaves memory (eviction): waits for writes and closes the log, without folding it. The document and
   * its log on disk are complete, and the next load replays the log as after a restart; folding is left
   * to the commit that finds the log grown past the document.
   */
  async release(): Promise<void> {
    await this.settled();
    if (this.#disk && (this.#dirty.size || this.#rewrite)) await this.commit().catch(() => undefined);
    await this.#disk?.log.close();
  }

  /** Resolves once no write is in flight. */
  async settled(): Promise<void> {
    while (this.#writing || this.#folding) await (this.#writing ?? this.#folding)?.catch(() => undefined);
  }

  /** Waits for writes, folds what the log holds (so the document alone is complete), closes the log. */
  async close(): Promise<void> {
    await this.settled();
    if (!this.#disk) return;
    if (this.#disk.log.bytes > 0 || this.#dirty.size) {
      this.#rewrite = true;
      await this.commit().catch(() => undefined);
    }
    await this.#disk.log.close();
  }
}
