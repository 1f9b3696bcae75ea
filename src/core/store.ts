import type { Claimant } from './delivery.js';
import type { Journal, JournalEntry, JournalQuery } from './journal.js';
import { EmbeddedStorage } from './embedded-storage.js';
import type { Doc } from './tenant-doc.js';

export { FOLD_MIN_BYTES } from './file-storage.js';
export { tenantFileName, tenantFromFileName } from './embedded-storage.js';

/**
 * The store: each service's tenant documents, opened (loaded or seeded) on first use, kept in memory
 * while used, and taken out again (evict) when idle; what is stored and how is its adapter's
 * ({@link StorageAdapter}): the embedded one (embedded-storage.ts: `:memory:`, or a directory of lowdb
 * documents and change logs) or PostgreSQL (storage/postgres.ts).
 *
 * - Group commit: `commit()` resolves once the document state at the time of the call is stored.
 *   Commits made while a write is in flight go out together in the next write (tenant-doc.ts).
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
  /** Shared storage: resolves once the other processes have taken in the last commit; a writer awaits it before it answers. */
  seen(): Promise<void>;
  /** Holds writes until the returned release is called (see Doc.hold): changes made meanwhile commit together. */
  hold(): () => void;
  /**
   * Stored where other processes write too (PostgreSQL replicas): a unit of work then takes the tenant
   * first ({@link begin}) and lets it go after its commit ({@link end}). False for the embedded store.
   */
  readonly shared: boolean;
  /** Another process stored a newer version (shared storage): the data is brought up to date before it is read. */
  readonly stale: boolean;
  /** How many times the data was replaced by a newer stored version (see begin): indexes kept beside it are rebuilt. */
  readonly generation: number;
  /**
   * Takes the tenant for `owner` (a unit of work, or a request's scope) across every process, the data
   * brought up to date first; resolves true when it was replaced by a newer version. Taken again by
   * the same owner it resolves at once. Only on shared documents. `holds: 'long'`: the owner keeps the
   * tenant across waits of its own (a request's scope, for the whole request); commits of other units
   * of this process are not made to wait for it (see postgres-rows.ts).
   */
  begin(owner: object, opts?: { holds?: 'long' }): Promise<boolean>;
  /** Lets the tenant go (what `owner` did not commit is rolled back). */
  end(owner: object): void;
}

/** A journal shared by every process on the storage (postgres-journal.ts). */
export interface SharedJournal {
  query(q?: JournalQuery): Promise<JournalEntry[]>;
  clear(q?: Omit<JournalQuery, 'limit'>): Promise<number>;
}

export interface StoreWarning {
  file: string;
  movedTo: string;
  reason: string;
}

/**
 * Where tenant documents are stored: what a storage adapter implements (see ARCHITECTURE.md, "The state
 * layer"). A loaded document ({@link Doc}) holds its data in memory, read synchronously; its commits go to
 * the adapter's storage for it (tenant-doc.ts `DocStorage`).
 */
export interface StorageAdapter {
  /** `memory` keeps nothing across a restart. */
  readonly kind: 'memory' | 'directory' | 'postgres';
  /** Where, for people: the directory, or the database URL without its password; null in memory. */
  readonly location: string | null;
  readonly persistent: boolean;
  /** Rejects, naming the location and the reason, when the storage cannot be written (at start, and by the health check). */
  check(): Promise<void>;
  /** A tenant's stored document, or the seed (stored at once) when it has none. */
  load<T>(service: string, tenant: string, seed: () => T): Promise<Doc<T>>;
  /** The tenants of a service that have a stored document. */
  stored(service: string): Promise<string[]>;
  /** After every document closed: lets go of what the adapter holds (connections). */
  close(): Promise<void>;
  /**
   * Shared storage: `changed` is told of every commit any process makes (service, tenant, the version
   * it stored), and `lost` when those news may have been missed (a reconnect): cached documents older
   * than what is stored are then brought up to date before they are read.
   */
  /** Shared storage: the request journal every process writes to and reads from, keeping the newest `capacity` entries. */
  sharedJournal?(journal: Journal): SharedJournal;
  /** Shared storage: this process among the others, for claiming webhook attempts (DeliveryRecord.claim). */
  readonly claimant?: Claimant;
  watch?(changed: (service: string, tenant: string, version: number) => Promise<void> | void, lost: () => void): void;
}

export class Store {
  readonly adapter: StorageAdapter;
  readonly #docs = new Map<string, Promise<Doc<unknown>>>();
  /** The documents whose load has finished: service → tenant → document. */
  readonly #loaded = new Map<string, Map<string, Doc<unknown>>>();
  /** Ticks since start: documents remember when they were last used, in this unit. */
  #age = 0;
  /** Documents being evicted (closed, folded): an open of the same tenant waits for it. */
  readonly #evicting = new Map<string, Promise<void>>();
  /** The newest version announced for a document while it was being loaded. */
  readonly #heard = new Map<string, number>();
  readonly #onStale = new Set<(doc: TenantDoc<unknown>) => Promise<void> | void>();

  /**
   * A store on an adapter, or on the embedded storage at `location` (`:memory:` or a directory; then
   * `onWarning` and `opts` are the embedded storage's).
   */
  constructor(location: string | StorageAdapter, onWarning?: (w: StoreWarning) => void, opts?: { foldMinBytes?: number; writeDocument?: (file: string, text: string) => Promise<void> }) {
    this.adapter = typeof location === 'string' ? new EmbeddedStorage(location, onWarning, opts) : location;
    this.adapter.watch?.((service, tenant, version) => this.#changed(service, tenant, version), () => this.#lost());
  }

  /** Another process stored a newer version: the cached document is read again before it is used. */
  #changed(service: string, tenant: string, version: number): Promise<void> | void {
    const doc = this.#loaded.get(service)?.get(tenant);
    if (!doc) {
      // Being loaded: what it reads may be older than this; it is marked stale once loaded if so.
      const key = `${service}\u0000${tenant}`;
      if (this.#docs.has(key)) this.#heard.set(key, Math.max(version, this.#heard.get(key) ?? 0));
      return;
    }
    if (doc.version >= version) return;
    doc.stale = true;
    const taking = [...this.#onStale].map((fn) => fn(doc)).filter((p) => p instanceof Promise);
    if (taking.length) return Promise.all(taking).then(() => undefined, () => undefined);
  }

  /** News of other processes' commits may have been missed: every cached document is checked before it is used. */
  #lost(): void {
    for (const docs of this.#loaded.values()) {
      for (const d of docs.values()) {
        d.stale = true;
        for (const fn of this.#onStale) fn(d);
      }
    }
  }

  /** Tells `fn` of every cached document another process changed (shared storage), as it becomes stale. */
  onStale(fn: (doc: TenantDoc<unknown>) => Promise<void> | void): void {
    this.#onStale.add(fn);
  }

  get persistent(): boolean {
    return this.adapter.persistent;
  }

  /** The embedded store's directory (null in memory and on a database). */
  get dir(): string | null {
    return this.adapter.kind === 'directory' ? this.adapter.location : null;
  }

  /**
   * Whether the storage can be written (see StorageAdapter.check). Run at start (a server that cannot
   * keep what it acknowledges must not start) and by the health check.
   *
   * @example
   * await new Store('/read-only/data').check(); // Error: data directory /read-only/data cannot be written: EROFS: read-only file system …
   */
  check(): Promise<void> {
    return this.adapter.check();
  }

  /** Opens (loading or seeding) a tenant's document; concurrent opens share one load. */
  open<T>(service: string, tenant: string, seed: () => T): Promise<TenantDoc<T>> {
    const key = `${service}\u0000${tenant}`;
    let doc = this.#docs.get(key) as Promise<Doc<T>> | undefined;
    if (!doc) {
      const evicting = this.#evicting.get(key);
      doc = evicting ? evicting.then(() => this.adapter.load(service, tenant, seed)) : this.adapter.load(service, tenant, seed);
      this.#docs.set(key, doc as Promise<Doc<unknown>>);
      doc.then((d) => {
        d.used = this.#age;
        const heard = this.#heard.get(key);
        this.#heard.delete(key);
        if (heard !== undefined && heard > d.version) d.stale = true; // another process wrote while it loaded
        this.#loadedOf(service).set(tenant, d as Doc<unknown>);
      }, () => {
        this.#docs.delete(key);
        this.#heard.delete(key);
      });
    } else {
      const d = this.#loaded.get(service)?.get(tenant);
      if (d) {
        d.used = this.#age;
        if (d.stale) return d.refresh().then(() => d as Doc<T>);
      }
    }
    return doc;
  }

  /** The tenant's document if it is open, loaded and known current, without waiting: for reads that can answer at once. */
  loaded<T>(service: string, tenant: string): TenantDoc<T> | undefined {
    const doc = this.#loaded.get(service)?.get(tenant) as Doc<T> | undefined;
    if (!doc || doc.stale) return undefined; // a stale one is brought up to date by open()
    doc.used = this.#age;
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
   * replays it, as after a restart). Only with persistent storage (in memory there is nothing to load it from again) and only when nothing is under way
   * on it; null otherwise. It is out at once; the promise resolves once it is closed. An open meanwhile
   * waits for that, then loads it again, identical.
   */
  evict(service: string, tenant: string): Promise<void> | null {
    const key = `${service}\u0000${tenant}`;
    const doc = this.#loaded.get(service)?.get(tenant);
    if (!this.adapter.persistent || !doc || doc.busy) return null;
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

  /** Tenants of a service: open ones plus those stored. */
  async tenants(service: string): Promise<string[]> {
    const names = new Set((await this.openDocs(service)).map((d) => d.tenant));
    for (const t of await this.adapter.stored(service)) names.add(t);
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
    await this.adapter.close();
  }
}
