import { constants, existsSync } from 'node:fs';
import { open, readFile, rename, truncate, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncDirectory } from './durable-file.js';
import { applyAt, applyFieldChanges, type FieldChange, type Path } from './tracked.js';

/**
 * A tenant document's change log: `<tenant>.log` beside `<tenant>.json`, one JSON line per change
 * (`{"p":["orders","id"],"v":{…}}`, `"d":1` for a deletion, or for a replaced record the fields that
 * changed: `"u":[[["status"],"CAPTURED"],[["captures",3],{…}]]`). An append is written and flushed to
 * disk before the commit resolves (the log is opened with O_DSYNC, so the write itself returns once the
 * data is on disk; fdatasync after it where the platform has no O_DSYNC), so its cost does not grow with
 * the document.
 *
 * Folding rotates the log to `<tenant>.log.1` before the document is rewritten, and deletes it once
 * the rewrite has landed. Loading replays `.log.1` then `.log` over the document: every line sets
 * values (a whole one, or fields of a record), so replaying a line the document already holds changes
 * nothing, and a line for a record no longer there is skipped (a later line deleted it). A torn last line (a
 * crash mid-append, never acknowledged) is cut off; any other unreadable line makes the load fail.
 *
 * @example
 * const log = await ChangeLog.open('/data/kustom/m.log');
 * await log.append([{ p: ['orders', 'x'], v: { id: 'x' } }]);
 */
export interface Change {
  p: Path;
  /** The whole value. */
  v?: unknown;
  /** Deleted. */
  d?: 1;
  /** The record's fields that changed (tracked.ts `recordChanges`). */
  u?: FieldChange[];
}

export class ChangeLogError extends Error {}

const { O_APPEND, O_CREAT, O_DSYNC, O_WRONLY } = constants;
/** Each write to the log returns once its data is on disk, where the platform can do that. */
const DSYNC = typeof O_DSYNC === 'number';
const APPEND = O_WRONLY | O_APPEND | O_CREAT | (DSYNC ? O_DSYNC : 0);

export class ChangeLog {
  readonly file: string;
  #fh: FileHandle;
  /** Bytes in the live log (the one appends go to). */
  liveBytes: number;
  /** Bytes in the rotated log (`.log.1`) until its fold lands. */
  #rotatedBytes: number;

  private constructor(file: string, fh: FileHandle, rotatedBytes: number, liveBytes: number) {
    this.file = file;
    this.#fh = fh;
    this.#rotatedBytes = rotatedBytes;
    this.liveBytes = liveBytes;
  }

  /** Bytes in the live log and the rotated one: what a load would replay. */
  get bytes(): number {
    return this.liveBytes + this.#rotatedBytes;
  }

  /** Replays `.log.1` and `.log` over `data` (cutting a torn tail), then opens `.log` for appending. */
  static async open(file: string, data: Record<string, unknown>): Promise<ChangeLog> {
    const rotated = await replay(`${file}.1`, data);
    const live = await replay(file, data);
    const created = !existsSync(file);
    const fh = await open(file, APPEND);
    if (created) await syncDirectory(dirname(file)); // a new log's name must outlast a power loss too
    return new ChangeLog(file, fh, rotated, live);
  }

  /** Appends changes as one write and waits until they are on disk. */
  async append(changes: Change[]): Promise<void> {
    if (!changes.length) return;
    let text = '';
    for (const c of changes) text += `${JSON.stringify(c)}\n`;
    const buf = Buffer.from(text, 'utf8');
    // Written to a file nobody can open again (its directory was removed) is not durable: asked beside
    // the write, so the commit waits for one round trip to the thread pool rather than three.
    const [, st] = await Promise.all([this.#write(buf), this.#fh.stat()]);
    if (st.nlink === 0) throw Object.assign(new Error(`ENOENT: ${this.file} was removed while in use`), { code: 'ENOENT' });
    this.liveBytes += buf.length;
  }

  async #write(buf: Buffer): Promise<void> {
    let off = 0;
    while (off < buf.length) off += (await this.#fh.write(buf, off)).bytesWritten;
    if (!DSYNC) await this.#fh.datasync();
  }

  /**
   * Starts a fold: the live log becomes `.log.1` (kept until {@link finishFold}) and appends go to a new
   * `.log`. The document runs it between two appends; the snapshot it then writes may hold changes made
   * after the rotation, which the new log also gets: replaying them again changes nothing.
   */
  async rotate(): Promise<void> {
    // A rotated log left by a fold that failed holds changes the document may not have yet: keep it, and
    // keep appending here; this fold's document will hold both, and finishFold removes the old one.
    if (existsSync(`${this.file}.1`)) return;
    if (this.liveBytes === 0) return; // nothing to set aside (a fresh tenant's first write)
    await this.#fh.close();
    try {
      await rename(this.file, `${this.file}.1`);
      this.#rotatedBytes = this.liveBytes;
      this.liveBytes = 0;
    } finally {
      this.#fh = await open(this.file, APPEND); // the new log, or the same one again if the rename failed
    }
    await syncDirectory(dirname(this.file)); // the rename and the new log, before anything is appended to it
  }

  /** Ends a fold once the document holding every rotated change is on disk. */
  async finishFold(): Promise<void> {
    await unlink(`${this.file}.1`).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    this.#rotatedBytes = 0;
  }

  async close(): Promise<void> {
    await this.#fh.close().catch(() => undefined);
  }
}

/** Applies a log file's lines to `data`; returns the bytes kept. A torn last line is cut from the file. */
async function replay(file: string, data: Record<string, unknown>): Promise<number> {
  if (!existsSync(file)) return 0;
  const text = await readFile(file, 'utf8');
  let start = 0;
  let line = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    if (end === -1) {
      // A write that never completed was never acknowledged: drop it so later appends start clean.
      await truncate(file, Buffer.byteLength(text.slice(0, start), 'utf8'));
      return Buffer.byteLength(text.slice(0, start), 'utf8');
    }
    line++;
    let c: Change;
    try {
      c = JSON.parse(text.slice(start, end)) as Change;
    } catch (e) {
      throw new ChangeLogError(`${file} line ${line}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!Array.isArray(c.p) || (c.p.length !== 1 && c.p.length !== 2) || (c.u !== undefined && !isFieldChanges(c.u))) throw new ChangeLogError(`${file} line ${line}: not a change`);
    if (c.u) applyFieldChanges(data, c.p, c.u);
    else applyAt(data, c.p, c.d ? undefined : c.v);
    start = end + 1;
  }
  return Buffer.byteLength(text, 'utf8');
}

function isFieldChanges(u: unknown): u is FieldChange[] {
  return Array.isArray(u) && u.every((f) => Array.isArray(f) && (f.length === 1 || f.length === 2) && Array.isArray(f[0]) && f[0].length > 0
    && (f[0] as unknown[]).every((k) => typeof k === 'string' || (typeof k === 'number' && Number.isInteger(k) && k >= 0)));
}
