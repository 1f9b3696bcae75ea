import { createHash } from 'node:crypto';
import { mkdir, open as openFile, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { ChangeLog, ChangeLogError } from './change-log.js';
import { writeFileDurably } from './durable-file.js';
import { FileStorage, FOLD_MIN_BYTES } from './file-storage.js';
import type { StorageAdapter, StoreWarning } from './store.js';
import { Doc } from './tenant-doc.js';

/**
 * The longest stem of a tenant's file name: file systems take names of at most 255 bytes, and the
 * store adds suffixes to the stem (`.log.1.corrupt-<time>`, lowdb's `.<stem>.json.tmp`).
 */
const MAX_STEM = 200;
/** Where a stem too long to be the name itself is cut, before its digest. */
const KEPT_PREFIX = 120;

/**
 * Turns a tenant name into a safe file name (no path separators, no dots): letters, digits, `-` and `_`
 * as they are, every other character as `%XX` per UTF-8 byte, so the name reads back from the file name.
 * A name whose encoding is longer than {@link MAX_STEM} (a long credential: every API takes any length)
 * is cut and given a digest of the whole name after a `~`, which the encoding never produces; such a
 * tenant's name is kept beside its document, in `<stem>.name`.
 */
export function tenantFileName(tenant: string): string {
  const encoded = escapeTenant(tenant);
  if (encoded.length <= MAX_STEM) return `${encoded}.json`;
  let prefix = encoded.slice(0, KEPT_PREFIX);
  const escape = prefix.lastIndexOf('%');
  if (escape > KEPT_PREFIX - 3) prefix = prefix.slice(0, escape); // never half an escape
  return `${prefix}~${createHash('sha256').update(tenant).digest('hex').slice(0, 32)}.json`;
}

const escapeTenant = (tenant: string) => tenant.replace(/[^A-Za-z0-9_-]/g, (ch) =>
  [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
);

/**
 * Before long names had digests, a name escaped to at most this many characters was its file name
 * whole (with `.json` and lowdb's `.<name>.tmp`, within 255 bytes): such a file, where it exists, is
 * still the tenant's.
 */
const MAX_EARLIER_STEM = 245;

/** Inverse of {@link tenantFileName}; null for a long name's file, whose name is in its `.name` file. */
export function tenantFromFileName(file: string): string | null {
  if (file.includes('~')) return null;
  return decodeURIComponent(file.replace(/\.json$/, ''));
}

/**
 * The embedded storage: `:memory:` keeps nothing; a directory keeps `DIR/<service>/<tenant>.json`
 * (lowdb) and its change log `<tenant>.log` (file-storage.ts), so one tenant's traffic never rewrites
 * another's data and a human can open the file.
 *
 * - Load = document + log replay. A torn last log line (a crash mid-append: never acknowledged) is cut.
 * - An unreadable document or log is kept aside as `<file>.corrupt-<time>` with a warning, never
 *   silently emptied, and the tenant starts from its seed.
 *
 * @example
 * const store = new Store(new EmbeddedStorage('/var/lib/sandbox'));
 */
export class EmbeddedStorage implements StorageAdapter {
  readonly dir: string | null;
  readonly #onWarning: (w: StoreWarning) => void;
  readonly #foldMinBytes: number;
  readonly #writeDocument: (file: string, text: string) => Promise<void>;
  #probes = 0;

  /** `opts.writeDocument`: how a fold writes the document's file (default: writeFileDurably; tests hold it). */
  constructor(dir: string, onWarning: (w: StoreWarning) => void = () => undefined, opts: { foldMinBytes?: number; writeDocument?: (file: string, text: string) => Promise<void> } = {}) {
    this.dir = dir === ':memory:' ? null : dir;
    this.#onWarning = onWarning;
    this.#foldMinBytes = opts.foldMinBytes ?? FOLD_MIN_BYTES;
    this.#writeDocument = opts.writeDocument ?? writeFileDurably;
  }

  get kind(): 'memory' | 'directory' {
    return this.dir ? 'directory' : 'memory';
  }

  get location(): string | null {
    return this.dir;
  }

  get persistent(): boolean {
    return this.dir !== null;
  }

  /**
   * Whether the data directory can be written: made when missing, then a probe file is written,
   * flushed and removed. Rejects with a message naming the path and the system's error; in memory it
   * always passes. Run at start (a server that cannot keep what it acknowledges must not start) and by
   * the health check.
   *
   * @example
   * await new Store('/read-only/data').check(); // Error: data directory /read-only/data cannot be written: EROFS: read-only file system …
   */
  check(): Promise<void> {
    return this.#probe();
  }

  async #probe(): Promise<void> {
    const dir = this.dir;
    if (!dir) return;
    const probe = join(dir, `.write-check-${process.pid}-${++this.#probes}`); // concurrent checks each write their own
    try {
      await makeDirectory(dir);
      const fh = await openFile(probe, 'w');
      try {
        await fh.writeFile('ok');
        await fh.datasync();
      } finally {
        await fh.close();
      }
      await unlink(probe);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const why = err.code === 'ENOTDIR' || err.code === 'EEXIST' ? `${err.code}: it is not a directory` : err.message;
      throw new Error(`data directory ${dir} cannot be written: ${why}`);
    }
  }

  /** Tenants of a service with a document on disk. */
  async stored(service: string): Promise<string[]> {
    if (!this.dir) return [];
    const folder = join(this.dir, service);
    const files = await readdir(folder).catch(() => [] as string[]);
    const names: string[] = [];
    for (const f of files) {
      if (!f.endsWith('.json') || f.startsWith('.')) continue;
      const name = tenantFromFileName(f) ?? await readFile(join(folder, f.replace(/\.json$/, '.name')), 'utf8').catch(() => null);
      if (name !== null) names.push(name);
    }
    return names;
  }

  async close(): Promise<void> {}

  async load<T>(service: string, tenant: string, seed: () => T): Promise<Doc<T>> {
    if (!this.dir) return new Doc(service, tenant, seed(), null);
    const folder = join(this.dir, service);
    await mkdir(folder, { recursive: true });
    let fileName = tenantFileName(tenant);
    if (tenantFromFileName(fileName) === null) {
      const earlier = escapeTenant(tenant);
      if (earlier.length <= MAX_EARLIER_STEM && await stat(join(folder, `${earlier}.json`)).then(() => true, () => false)) fileName = `${earlier}.json`;
    }
    const file = join(folder, fileName);
    const logFile = file.replace(/\.json$/, '.log');
    // A long name is not in its file name: keep it beside, before anything of the tenant is written.
    if (tenantFromFileName(fileName) === null) await writeFileDurably(file.replace(/\.json$/, '.name'), tenant);
    const db = new Low<T>(new JSONFile<T>(file), null as T);
    try {
      await db.read();
    } catch (e) {
      // Unreadable: keep it (and its log, which only makes sense over it) aside, never silently emptied.
      await this.#keepAside(file, e, [logFile, `${logFile}.1`]);
      db.data = null as T;
    }
    const fresh = db.data === null || db.data === undefined;
    const data = fresh ? seed() : db.data;
    let log: ChangeLog;
    try {
      log = await ChangeLog.open(logFile, data as Record<string, unknown>);
    } catch (e) {
      if (!(e instanceof ChangeLogError)) throw e;
      await this.#keepAside(logFile, e, [`${logFile}.1`]);
      return this.load(service, tenant, seed);
    }
    const docBytes = fresh ? 0 : (await stat(file)).size;
    const doc = new Doc(service, tenant, data, new FileStorage<T>({ log, file, docBytes, foldMinBytes: this.#foldMinBytes, write: this.#writeDocument }));
    if (fresh) await doc.replace(data);
    return doc;
  }

  /** Moves an unreadable file (and files that depend on it) aside as `<file>.corrupt-<time>`, with a warning. */
  async #keepAside(file: string, e: unknown, dependents: string[]): Promise<void> {
    const stamp = Date.now();
    const movedTo = `${file}.corrupt-${stamp}`;
    await rename(file, movedTo);
    for (const d of dependents) await rename(d, `${d}.corrupt-${stamp}`).catch(() => undefined);
    this.#onWarning({ file, movedTo, reason: e instanceof Error ? e.message : String(e) });
  }
}

/**
 * `mkdir -p` that gives up: Node's recursive mkdir never returns for a path the kernel refuses with
 * ENOENT although its parent exists (under /proc, say).
 */
async function makeDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && (await stat(dir)).isDirectory()) return;
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw e;
    await makeDirectory(parent);
    await mkdir(dir);
  }
}
