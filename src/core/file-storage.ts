import { stat } from 'node:fs/promises';
import type { ChangeLog } from './change-log.js';
import { documentText } from './document-text.js';
import type { DocStorage } from './tenant-doc.js';
import { recordChanges, valueAt, type Path } from './tracked.js';

/** A log that has grown past the document (or this many bytes, for small documents) is folded into it. */
export const FOLD_MIN_BYTES = 1024 * 1024;

const pathKey = (p: Path) => (p.length === 1 ? p[0] : `${p[0]}\u0000${p[1]}`);

/**
 * A tenant document's embedded storage: its change log (change-log.ts) and its lowdb document file.
 *
 * - A commit appends the values at the paths that changed; a replaced record is logged as its changed
 *   fields, so a record that keeps growing (an order's captures) costs what was added, not what it holds.
 * - A log that has outgrown the document is folded in the background: the log is rotated between two
 *   appends (so the rotated log is complete), the document rewritten without the commits waiting, and
 *   the rotated log dropped. A failed fold loses nothing (every change it takes in is in a log); the
 *   next commit then rewrites the document itself.
 *
 * @example
 * new Doc('kustom', 'm', data, new FileStorage({ log, file, docBytes, foldMinBytes: FOLD_MIN_BYTES, write: writeFileDurably }));
 */
export class FileStorage<T> implements DocStorage<T> {
  readonly #log: ChangeLog;
  readonly #file: string;
  /** Size of the document file as last written. */
  #docBytes: number;
  readonly #foldMinBytes: number;
  readonly #write: (file: string, text: string) => Promise<void>;
  /** The background fold in progress. */
  #folding: Promise<void> | null = null;
  wantsRewrite = false;

  /** `write`: how the document's file is written (durable-file.ts `writeFileDurably`; tests hold it). */
  constructor(o: { log: ChangeLog; file: string; docBytes: number; foldMinBytes: number; write: (file: string, text: string) => Promise<void> }) {
    this.#log = o.log;
    this.#file = o.file;
    this.#docBytes = o.docBytes;
    this.#foldMinBytes = o.foldMinBytes;
    this.#write = o.write;
  }

  async append(raw: T, paths: Path[], before: ReadonlyMap<string, unknown>): Promise<void> {
    await this.#log.append(paths.map((p) => {
      const v = valueAt(raw as Record<string, unknown>, p);
      if (v === undefined) return { p, d: 1 as const };
      const u = p.length === 2 ? recordChanges(before.get(pathKey(p)), v) : null;
      return u ? { p, u } : { p, v };
    }));
    if (!this.#folding && this.#log.liveBytes > Math.max(this.#foldMinBytes, this.#docBytes)) await this.#startFold(raw);
  }

  /** Folds everything so far, in the commit: the log rotated, the document rewritten. */
  async rewrite(raw: T): Promise<void> {
    await this.#folding;
    this.wantsRewrite = false;
    try {
      await this.#log.rotate();
      await this.#writeDocument(raw);
    } catch (e) {
      this.wantsRewrite = true;
      throw e;
    }
  }

  /** Starts the background fold; never fails the commit that started it, whose changes are in the log already. */
  async #startFold(raw: T): Promise<void> {
    try {
      await this.#log.rotate();
    } catch {
      this.wantsRewrite = true;
      return;
    }
    this.#folding = this.#writeDocument(raw)
      .catch(() => void (this.wantsRewrite = true))
      .finally(() => (this.#folding = null));
  }

  /**
   * The document (made a slice at a time: document-text.ts) written durably (temp file flushed, renamed
   * over it, directory flushed: lowdb's adapter flushes nothing, and the rotated log is deleted next),
   * then the rotated log is dropped.
   */
  async #writeDocument(raw: T): Promise<void> {
    await this.#write(this.#file, await documentText(raw));
    this.#docBytes = (await stat(this.#file)).size;
    await this.#log.finishFold();
  }

  get busy(): boolean {
    return this.#folding !== null;
  }

  async settled(): Promise<void> {
    while (this.#folding) await this.#folding;
  }

  /** Closes the log without folding it: the next load replays it, as after a restart. */
  async release(): Promise<void> {
    await this.settled();
    await this.#log.close();
  }

  /** Folds what the log holds (so the document alone is complete), then closes the log. */
  async close(raw: T): Promise<void> {
    await this.settled();
    if (this.#log.bytes > 0 || this.wantsRewrite) await this.rewrite(raw).catch(() => undefined);
    await this.#log.close();
  }
}
