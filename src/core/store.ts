import { mkdir, open as openFile, readdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { ChangeLog, ChangeLogError } from './change-log.js';
import { writeFileDurably } from './durable-file.js';
import { Doc, FOLD_MIN_BYTES } from './tenant-doc.js';

export { FOLD_MIN_BYTES };

/**
 * The embedded store: one lowdb document per service and tenant, plus its change log.
 *
 * - `:memory:` keeps nothing; a directory keeps `DIR/<service>/<tenant>.json`, so one tenant's traffic
 *   never rewrites another's data and a human can open the file.
 * - Constant-cost writes: a commit appends the values at the paths that changed (tracked.ts) to
 *   `<tenant>.log` and flushes it to disk (change-log.ts); a replaced record is logged as its changed
 *   fields. When the log outgrows the document (at least 1 MB), it is folded in the background: the log
 *   is rotated, the document rewritten (one record per line, made a slice at a time; temp file flushed and
 *   renamed over it, atomic and durable) and the rotated log deleted. So a write costs what changed, and folding costs O(1)
 *   per byte logged.
 * - Load = document + log replay. A torn last log line (a crash mid-append: never acknowledged) is cut.
 * - Group commit: `commit()` resolves once the document state at the time of the call is on disk.
 *   Commits made while a write is in flight go out together in the next write.
 *
 * @example
 * const store = new Store(':memory:');
 * const doc = await store.open('kustom', 'merchant-1', () => ({ orders: {} }));
 * doc.data.orders['x'] = { id: 'x' };
 * await doc.commit(); // durable when this resolves
 */
export interface TenantDoc<T> {
  readonly service: string;
  readonly tenant: string;
  readonly data: T;
  /** Replaces the whole document (used by reset) and commits it. */
  replace(data: T): Promise<void>;
  /** Resolves when the current state is durable. */
  commit(): Promise<void>;
  /** Holds writes until the returned release is called (see Doc.hold): changes made meanwhile commit together. */
  hold(): () => void;
}

export interface StoreWarning {
  file: string;
  movedTo: string;
  reason: string;
}

/** Turns a tenant name into a safe file name (reversible, no path separators, no dots). */
export function tenantFileName(tenant: string): string {
  return tenant.replace(/[^A-Za-z0-9_-]/g, (ch) =>
    [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  ) + '.json';
}

/** Inverse of {@link tenantFileName}. */
export function tenantFromFileName(file: string): string {
  return decodeURIComponent(file.replace(/\.json$/, ''));
}

export class Store {
  readonly dir: string | null;
  readonly #docs = new Map<string, Promise<Doc<unknown>>>();
  /** The documents whose load has finished: service → tenant → document. */
  readonly #loaded = new Map<string, Map<string, Doc<unknown>>>();
  readonly #onWarning: (w: StoreWarning) => void;

  readonly #foldMinBytes: number;
  #probes = 0;
  /** Ticks since start: documents remember when they were last used, in this unit. */
  #age = 0;
  /** Documents being evicted (closed, folded): an open of the same tenant waits for it. */
  readonly #evicting = new Map<string, Promise<void>>();
  readonly #writeDocument: (file: string, text: string) => Promise<void>;

  /** `opts.writeDocument`: how a fold writes the document's file (default: writeFileDurably; tests hold it). */
  constructor(dir: string, onWarning: (w: StoreWarning) => void = () => undefined, opts: { foldMinBytes?: number; writeDocument?: (file: string, text: string) => Promise<void> } = {}) {
    this.dir = dir === ':memory:' ? null : dir;
    this.#onWarning = onWarning;
    this.#foldMinBytes = opts.foldMinBytes ?? FOLD_MIN_BYTES;
    this.#writeDocument = opts.writeDocument ?? writeFileDurably;
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

  /** Opens (loading or seeding) a tenant's document; concurrent opens share one load. */
  open<T>(service: string, tenant: string, seed: () => T): Promise<TenantDoc<T>> {
    const key = `${service}\u0000${tenant}`;
    let doc = this.#docs.get(key) as Promise<Doc<T>> | undefined;
    if (!doc) {
      const evicting = this.#evicting.get(key);
      doc = evicting ? evicting.then(() => this.#load(service, tenant, seed)) : this.#load(service, tenant, seed);
      this.#docs.set(key, doc as Promise<Doc<unknown>>);
      doc.then((d) => {
        d.used = this.#age;
        this.#loadedOf(service).set(tenant, d as Doc<unknown>);
      }, () => this.#docs.delete(key));
    } else {
      const d = this.#loaded.get(service)?.get(tenant);
      if (d) d.used = this.#age;
    }
    return doc;
  }

  /** The tenant's document if it is open and loaded, without waiting: for reads that can answer at once. */
  loaded<T>(service: string, tenant: string): TenantDoc<T> | undefined {
    const doc = this.#loaded.get(service)?.get(tenant) as Doc<T> | undefined;
    if (doc) doc.used = this.#age;
    return doc;
  }

  /** The tenant's open document, without marking it used (unlike {@link loaded}). */
  current(service: string, tenant: string): TenantDoc<unknown> | undefined {
    return this.#loaded.get(service)?.get(tenant);
  }

  /** One tick older (the sandbox's tick, once a second): how idle documents are is counted in these. */
  age(): number {
    return ++this.#age;
  }

  /** Loaded documents (not the sandbox's own), least recently used first, with how many ticks ago each was used. */
  resident(): { service: string; tenant: string; idle: number; busy: boolean }[] {
    const out: { service: string; tenant: string; idle: number; busy: boolean; used: number }[] = [];
    for (const [service, docs] of this.#loaded) {
      if (service.startsWith('_')) continue;
      for (const [tenant, d] of docs) out.push({ service, tenant, idle: this.#age - d.used, busy: d.busy, used: d.used });
    }
    return out.sort((a, b) => a.used - b.used).map(({ used: _u, ...r }) => r);
  }

  /**
   * Takes a tenant's document out of memory: its writes finished and its log closed (the next load
   * replays it, as after a restart). Only with a
   * data directory (in memory there is nothing to load it from again) and only when nothing is under way
   * on it; null otherwise. It is out at once; the promise resolves once it is closed. An open meanwhile
   * waits for that, then loads it again, identical.
   */
  evict(service: string, tenant: string): Promise<void> | null {
    const key = `${service}\u0000${tenant}`;
    const doc = this.#loaded.get(service)?.get(tenant);
    if (!this.dir || !doc || doc.busy) return null;
    this.#docs.delete(key);
    this.#loaded.get(service)?.delete(tenant);
    const closing = doc.release().finally(() => this.#evicting.delete(key));
    this.#evicting.set(key, closing);
    return closing;
  }

  #loadedOf(service: string): Map<string, Doc<unknown>> {
    let docs = this.#loaded.get(service);
    if (!docs) this.#loaded.set(service, (docs = new Map()));
    return docs;
  }

  /** Documents already open, for sweeps over live tenants. */
  async openDocs(service?: string): Promise<TenantDoc<unknown>[]> {
    const all = await Promise.allSettled(this.#docs.values());
    return all
      .filter((r): r is PromiseFulfilledResult<Doc<unknown>> => r.status === 'fulfilled')
      .map((r) => r.value)
      .filter((d) => !service || d.service === service);
  }

  /** Tenants of a service: open ones plus those with a document on disk. */
  async tenants(service: string): Promise<string[]> {
    const names = new Set((await this.openDocs(service)).map((d) => d.tenant));
    if (this.dir) {
      const files = await readdir(join(this.dir, service)).catch(() => [] as string[]);
      for (const f of files) if (f.endsWith('.json') && !f.startsWith('.')) names.add(tenantFromFileName(f));
    }
    return [...names].sort();
  }

  /** Waits until every in-flight write has landed. */
  async flush(): Promise<void> {
    const docs = await this.openDocs();
    await Promise.all(docs.map((d) => (d as Doc<unknown>).settled()));
  }

  /** Waits for in-flight writes, folds each log into its document, and closes the log files. */
  async close(): Promise<void> {
    await Promise.allSettled(this.#evicting.values());
    const docs = await this.openDocs();
    await Promise.all(docs.map((d) => (d as Doc<unknown>).close()));
  }

  async #load<T>(service: string, tenant: string, seed: () => T): Promise<Doc<T>> {
    if (!this.dir) return new Doc(service, tenant, seed(), null);
    const folder = join(this.dir, service);
    await mkdir(folder, { recursive: true });
    const file = join(folder, tenantFileName(tenant));
    const logFile = file.replace(/\.json$/, '.log');
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
      return this.#load(service, tenant, seed);
    }
    const docBytes = fresh ? 0 : (await stat(file)).size;
    const doc = new Doc(service, tenant, data, { log, file, docBytes, foldMinBytes: this.#foldMinBytes, write: this.#writeDocument });
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
