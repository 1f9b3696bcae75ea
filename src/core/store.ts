import { mkdir, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Low, Memory } from 'lowdb';
import { JSONFile } from 'lowdb/node';

/**
 * The embedded store: one lowdb document per service and tenant.
 *
 * - `:memory:` keeps nothing; a directory keeps `DIR/<service>/<tenant>.json`, so one tenant's traffic
 *   never rewrites another's data and a human can open the file.
 * - Writes are atomic (lowdb/steno write a temp file and rename it).
 * - Group commit: `commit()` resolves once the document state at the time of the call is on disk.
 *   Commits made while a write is in flight go out together in the next write, with one serialisation.
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
}

export interface StoreWarning {
  file: string;
  movedTo: string;
  reason: string;
}

class Doc<T> implements TenantDoc<T> {
  readonly service: string;
  readonly tenant: string;
  readonly #db: Low<T>;
  readonly #persistent: boolean;
  #writing: Promise<void> | null = null;
  #next: { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | null = null;

  constructor(service: string, tenant: string, db: Low<T>, persistent: boolean) {
    this.service = service;
    this.tenant = tenant;
    this.#db = db;
    this.#persistent = persistent;
  }

  get data(): T {
    return this.#db.data;
  }

  replace(data: T): Promise<void> {
    this.#db.data = data;
    return this.commit();
  }

  commit(): Promise<void> {
    if (!this.#persistent) return Promise.resolve();
    if (!this.#writing) {
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

  async #flush(): Promise<void> {
    try {
      await this.#db.write();
    } finally {
      const waiting = this.#next;
      this.#next = null;
      this.#writing = waiting ? this.#flush() : null;
      if (waiting) this.#writing?.then(waiting.resolve, waiting.reject);
    }
  }

  /** Resolves once no write is in flight. */
  async settled(): Promise<void> {
    while (this.#writing) await this.#writing.catch(() => undefined);
  }
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
  readonly #onWarning: (w: StoreWarning) => void;

  constructor(dir: string, onWarning: (w: StoreWarning) => void = () => undefined) {
    this.dir = dir === ':memory:' ? null : dir;
    this.#onWarning = onWarning;
  }

  get persistent(): boolean {
    return this.dir !== null;
  }

  /** Opens (loading or seeding) a tenant's document; concurrent opens share one load. */
  open<T>(service: string, tenant: string, seed: () => T): Promise<TenantDoc<T>> {
    const key = `${service}\u0000${tenant}`;
    let doc = this.#docs.get(key) as Promise<Doc<T>> | undefined;
    if (!doc) {
      doc = this.#load(service, tenant, seed);
      this.#docs.set(key, doc as Promise<Doc<unknown>>);
      doc.catch(() => this.#docs.delete(key));
    }
    return doc;
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

  async #load<T>(service: string, tenant: string, seed: () => T): Promise<Doc<T>> {
    if (!this.dir) {
      const db = new Low<T>(new Memory<T>(), seed());
      return new Doc(service, tenant, db, false);
    }
    const folder = join(this.dir, service);
    await mkdir(folder, { recursive: true });
    const file = join(folder, tenantFileName(tenant));
    const db = new Low<T>(new JSONFile<T>(file), null as T);
    try {
      await db.read();
    } catch (e) {
      const movedTo = `${file}.corrupt-${Date.now()}`;
      await rename(file, movedTo);
      this.#onWarning({ file, movedTo, reason: e instanceof Error ? e.message : String(e) });
      db.data = null as T;
    }
    const doc = new Doc(service, tenant, db, true);
    if (db.data === null || db.data === undefined) {
      db.data = seed();
      await doc.commit();
    }
    return doc;
  }
}

/**
 * Commits a document; when the write fails, runs `undo` (taking the change back in memory, since the
 * client is told it failed) and rethrows.
 *
 * @example
 * doc.data.orders[id] = next;
 * await commitOrUndo(doc, () => { doc.data.orders[id] = before; });
 */
export async function commitOrUndo(doc: TenantDoc<unknown>, undo: () => void): Promise<void> {
  try {
    await doc.commit();
  } catch (e) {
    undo();
    throw e;
  }
}
