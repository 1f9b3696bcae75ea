import postgres from 'postgres';
import { redactUrl } from './data-location.js';
import type { Claimant } from './delivery.js';
import type { Journal } from './journal.js';
import { PostgresJournal } from './postgres-journal.js';
import { Replicas, type Awaiting, type ReplicaNews } from './postgres-replicas.js';
import { migrate } from './postgres-schema.js';
import type { StorageAdapter } from './store.js';
import { Doc, type DocStorage } from './tenant-doc.js';
import { isCollection, type Path } from './tracked.js';

type Sql = postgres.Sql;

/** Rows go to the database in slices of this many (one statement each), so a large tenant never makes one huge statement. */
const SLICE = 5000;

/**
 * The PostgreSQL storage adapter (`--data postgres://…`): each tenant document is a row of
 * `sandbox_tenants` (its top-level fields, and a version counted up by every commit) and one row of
 * `sandbox_records` per record of its collections (an order, a delivery, an idempotency record), as
 * JSON in the order the document holds them (read back as text and parsed here, so a record's fields
 * keep the order they were written in). A commit writes the records that changed, in one
 * transaction; a load reads the tenant's rows back into the same document.
 *
 * The schema is created and migrated at start (postgres-schema.ts). Connection settings beyond the URL
 * (PGSSLMODE and the other PG* variables) are postgres.js's, which honours them.
 *
 * @example
 * const store = new Store(await PostgresStorage.connect('postgres://sandbox@127.0.0.1/sandbox'));
 */
export class PostgresStorage implements StorageAdapter {
  readonly kind = 'postgres' as const;
  readonly persistent = true;
  readonly location: string;
  readonly sql: Sql;
  /** What the store is told of other replicas' commits (set by `watch`). */
  #news: ReplicaNews = { changed: () => undefined, lost: () => undefined };
  readonly replicas: Replicas;
  #journal: PostgresJournal | null = null;
  /** Who makes webhook attempts here, among the replicas (DeliveryRecord.claim). */
  readonly claimant: Claimant;

  private constructor(sql: Sql, url: string) {
    this.sql = sql;
    this.location = redactUrl(url);
    this.replicas = new Replicas(sql, { changed: (s, t, v) => this.#news.changed(s, t, v), lost: () => this.#news.lost() });
    const replicas = this.replicas;
    this.claimant = { id: replicas.id, live: (id) => replicas.isLive(id) };
  }

  /** Connects, and creates or migrates the schema; rejects naming the database and the reason. */
  static async connect(url: string, opts: { max?: number } = {}): Promise<PostgresStorage> {
    const sql = postgres(url, {
      max: opts.max ?? 10,
      onnotice: () => undefined,
      connection: { application_name: 'order-sandbox' },
    });
    const storage = new PostgresStorage(sql, url);
    try {
      await migrate(sql);
      await storage.replicas.start(); // before the first load, so no other replica's commit goes unseen
    } catch (e) {
      await sql.end({ timeout: 1 }).catch(() => undefined);
      throw new Error(`database ${storage.location} cannot be used: ${(e as Error).message}`);
    }
    return storage;
  }

  /** The database answers and takes writes (not a read-only standby). */
  async check(): Promise<void> {
    try {
      const [row] = await this.sql<{ ro: string; recovery: boolean }[]>`select current_setting('transaction_read_only') as ro, pg_is_in_recovery() as recovery`;
      if (row?.ro === 'on' || row?.recovery) throw new Error('it is read-only');
    } catch (e) {
      throw new Error(`database ${this.location} cannot be written: ${(e as Error).message}`);
    }
  }

  async stored(service: string): Promise<string[]> {
    const rows = await this.sql<{ tenant: string }[]>`select tenant from sandbox_tenants where service = ${service} order by tenant`;
    return rows.map((r) => r.tenant);
  }

  async load<T>(service: string, tenant: string, seed: () => T): Promise<Doc<T>> {
    for (;;) {
      const stored = await this.read<T>(this.sql, service, tenant);
      if (stored) return new Doc(service, tenant, stored.data, new TenantRows<T>(this, service, tenant, stored.version));
      // A new tenant: its seed stored, unless another replica stored one first (then that one is read).
      const data = seed();
      const put = new Rows();
      for (const [c, coll] of Object.entries(data as Record<string, unknown>)) {
        if (isCollection(coll)) for (const [k, r] of Object.entries(coll)) put.add(c, k, r);
      }
      const seeded = await this.sql.begin(async (sql) => {
        const [row] = await sql`insert into sandbox_tenants (service, tenant, version, fields) values (${service}, ${tenant}, 1, ${fieldsOf(data as Record<string, unknown>)})
          on conflict (service, tenant) do nothing returning version`;
        if (!row) return false;
        await Promise.all(upsert(sql, service, tenant, put));
        return true;
      });
      if (seeded) return new Doc(service, tenant, data, new TenantRows<T>(this, service, tenant, 1));
    }
  }

  /** A tenant's stored document and its version, or null. */
  async read<T>(sql: Runner, service: string, tenant: string): Promise<{ data: T; version: number } | null> {
    const [head] = await sql<{ version: string; fields: string }[]>`
      select version::text as version, fields from sandbox_tenants where service = ${service} and tenant = ${tenant}`;
    if (!head) return null;
    const data = JSON.parse(head.fields) as Record<string, unknown>;
    const rows = await sql<{ collection: string; key: string; value: string }[]>`
      select collection, key, value::text as value from sandbox_records where service = ${service} and tenant = ${tenant} order by seq`;
    for (const r of rows) {
      const c = data[r.collection];
      if (isCollection(c)) c[keyOf(r.key)] = JSON.parse(r.value);
    }
    return { data: data as T, version: Number(head.version) };
  }

  /** Every commit of every replica (postgres-replicas.ts); `lost` on a reconnect, when some may have been missed. */
  watch(changed: (service: string, tenant: string, version: number) => Promise<void> | void, lost: () => void): void {
    this.#news = { changed, lost };
  }

  /** The journal all replicas share (created once). */
  sharedJournal(journal: Journal): PostgresJournal {
    this.#journal ??= new PostgresJournal(this.sql, this.replicas, journal);
    return this.#journal;
  }

  async close(): Promise<void> {
    await this.#journal?.close();
    await this.replicas.stop();
    await this.sql.end({ timeout: 5 });
  }
}

/** A document's top-level fields, its collections as `{}` (their records are rows of their own). */
function fieldsOf(raw: Record<string, unknown>): string {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = isCollection(v) ? {} : v;
  return JSON.stringify(out);
}

/**
 * A record's key as a text column holds it: PostgreSQL's text has no NUL, which keys may hold (an
 * idempotency record's is tenant NUL key). Reversible: `%` and NUL are escaped.
 */
const keyText = (key: string): string => (/[%\0]/.test(key) ? key.replace(/%/g, '%25').replace(/\0/g, '%00') : key);
const keyOf = (text: string): string => (text.includes('%') ? text.replace(/%(00|25)/g, (_, h: string) => (h === '00' ? '\0' : '%')) : text);

/** Records as the columns a statement takes them in (collection, key, JSON text). */
class Rows {
  readonly c: string[] = [];
  readonly k: string[] = [];
  readonly v: string[] = [];
  add(collection: string, key: string, value?: unknown): void {
    this.c.push(collection);
    this.k.push(keyText(key));
    if (value !== undefined) this.v.push(JSON.stringify(value));
  }
}

/** A statement runner: the pool, a reserved connection in a transaction, or a transaction's. */
type Runner = postgres.Sql | postgres.ReservedSql | postgres.TransactionSql;

/**
 * One tenant's rows: a document's storage on PostgreSQL, shared by every replica.
 *
 * A unit of work takes the tenant first (`begin`): this process's other units on it wait (a queue),
 * then a transaction on a connection of its own locks the tenant's row (`select … for update`), so
 * units on any replica take turns. If another replica stored a newer version meanwhile, the data is
 * read again under the lock before the unit runs. The unit's commit writes in that transaction, counts
 * the version up and announces it (NOTIFY), then commits; `end` lets the tenant go (rolling back what
 * was not committed).
 */
class TenantRows<T> implements DocStorage<T> {
  readonly #storage: PostgresStorage;
  readonly #service: string;
  readonly #tenant: string;
  readonly wantsRewrite = false;
  readonly busy = false;
  version: number;
  /** Who has the tenant, the transaction it holds (until its commit), and the end of the queue. */
  #owner: object | null = null;
  #tx: postgres.ReservedSql | null = null;
  #queue: Promise<void> = Promise.resolve();
  #unlock: (() => void) | null = null;

  constructor(storage: PostgresStorage, service: string, tenant: string, version: number) {
    this.#storage = storage;
    this.#service = service;
    this.#tenant = tenant;
    this.version = version;
  }

  async begin(owner: object): Promise<T | null> {
    if (this.#owner === owner) return null;
    const before = this.#queue;
    let unlock!: () => void;
    this.#queue = new Promise<void>((r) => (unlock = r));
    await before;
    this.#owner = owner;
    this.#unlock = unlock;
    let tx: postgres.ReservedSql | null = null;
    try {
      tx = await this.#storage.sql.reserve();
      // One round trip: the two statements are pipelined.
      const [, [row]] = await Promise.all([tx`begin`, tx<{ version: string }[]>`
        select version::text as version from sandbox_tenants where service = ${this.#service} and tenant = ${this.#tenant} for update`]);
      this.#tx = tx;
      const stored = Number(row?.version ?? 0);
      if (stored === this.version) return null;
      const fresh = await this.#storage.read<T>(tx, this.#service, this.#tenant);
      this.version = stored;
      return fresh?.data ?? null;
    } catch (e) {
      if (tx) await tx`rollback`.catch(() => undefined).finally(() => tx?.release());
      this.#tx = null;
      this.#owner = null;
      this.#unlock = null;
      unlock();
      throw e;
    }
  }

  /** After a commit: the tenant is free again (the owner's `end` then finds nothing to do). */
  #letGo(): void {
    const unlock = this.#unlock;
    this.#owner = null;
    this.#unlock = null;
    unlock?.();
  }

  end(owner: object): void {
    if (this.#owner !== owner) return;
    const tx = this.#tx;
    const unlock = this.#unlock;
    this.#owner = null;
    this.#tx = null;
    this.#unlock = null;
    if (!tx) return unlock?.();
    // Not committed (refused, undone, or nothing changed): rolled back before the next unit goes.
    void tx`rollback`.catch(() => undefined).finally(() => {
      tx.release();
      unlock?.();
    });
  }

  /** Runs `write` in the transaction the owner holds, or (nobody holding the tenant) in one of its own that checks the version first; then counts the version up, announces it, commits. */
  async #commit(write: (sql: Runner) => Promise<unknown>[]): Promise<void> {
    const { service, tenant } = { service: this.#service, tenant: this.#tenant };
    const replicas = this.#storage.replicas;
    // The tenant's row is locked (taken, or checked below), so the stored version is ours and the
    // new one known before it is written: every statement of the commit goes out pipelined.
    const finish = (sql: Runner, commit: boolean) => {
      const version = this.version + 1;
      const news = replicas.expect(service, tenant, version);
      const sent = [
        ...write(sql),
        sql`update sandbox_tenants set version = ${version} where service = ${service} and tenant = ${tenant}`,
        replicas.announce(sql, service, tenant, version),
        ...(commit ? [sql`commit`] : []),
      ];
      return { version, news, sent: Promise.all(sent) };
    };
    let done: { version: number; news: Awaiting } | undefined;
    const tx = this.#tx;
    if (tx) {
      this.#tx = null; // one commit per taking: the owner's end has nothing left to roll back
      try {
        const f = finish(tx, true);
        done = f;
        await f.sent;
      } catch (e) {
        done?.news.cancel();
        await tx`rollback`.catch(() => undefined);
        throw e;
      } finally {
        tx.release();
      }
    } else {
      try {
        done = await this.#storage.sql.begin(async (sql) => {
          const [row] = await sql<{ version: string }[]>`
            select version::text as version from sandbox_tenants where service = ${service} and tenant = ${tenant} for update`;
          if (Number(row?.version ?? 0) !== this.version) throw new Error(`${service}/${tenant} was changed by another replica meanwhile; the change was not made`);
          const f = finish(sql, false);
          done = f;
          await f.sent;
          return f;
        });
      } catch (e) {
        done?.news.cancel();
        throw e;
      }
    }
    this.version = done.version;
    // Committed: the next unit may take the tenant while this one waits for the others to have seen it.
    this.#letGo();
    // Answered only once the other replicas have dropped what they cached: the client's next request reads this, wherever it goes.
    await done.news.seen();
  }

  async append(raw: T, paths: Path[]): Promise<void> {
    const doc = raw as Record<string, unknown>;
    const put = new Rows();
    const gone = new Rows();
    /** Collections set (or removed) as a whole: their rows are replaced. */
    const whole: string[] = [];
    let fieldsChanged = false;
    for (const p of paths) {
      if (p.length === 1) {
        fieldsChanged = true;
        whole.push(p[0]);
        const v = doc[p[0]];
        if (isCollection(v)) for (const [k, r] of Object.entries(v)) put.add(p[0], k, r);
        continue;
      }
      const [c, k] = p;
      if (whole.includes(c)) continue; // written with its collection
      const coll = doc[c];
      const v = isCollection(coll) ? coll[k] : undefined;
      if (v === undefined) gone.add(c, k);
      else put.add(c, k, v);
    }
    const { service, tenant } = { service: this.#service, tenant: this.#tenant };
    await this.#commit((sql) => [
      ...(whole.length ? [sql`delete from sandbox_records where service = ${service} and tenant = ${tenant} and collection = any(${whole}::text[])`] : []),
      ...(gone.c.length ? [sql`delete from sandbox_records r using unnest(${gone.c}::text[], ${gone.k}::text[]) as g(c, k)
          where r.service = ${service} and r.tenant = ${tenant} and r.collection = g.c and r.key = g.k`] : []),
      ...upsert(sql, service, tenant, put),
      ...(fieldsChanged ? [sql`update sandbox_tenants set fields = ${fieldsOf(doc)} where service = ${service} and tenant = ${tenant}`] : []),
    ]);
  }

  async rewrite(raw: T): Promise<void> {
    const doc = raw as Record<string, unknown>;
    const put = new Rows();
    for (const [c, coll] of Object.entries(doc)) {
      if (isCollection(coll)) for (const [k, r] of Object.entries(coll)) put.add(c, k, r);
    }
    const { service, tenant } = { service: this.#service, tenant: this.#tenant };
    await this.#commit((sql) => [
      sql`update sandbox_tenants set fields = ${fieldsOf(doc)} where service = ${service} and tenant = ${tenant}`,
      sql`delete from sandbox_records where service = ${service} and tenant = ${tenant}`,
      ...upsert(sql, service, tenant, put),
    ]);
  }

  async settled(): Promise<void> {
    await this.#queue;
  }
  async release(): Promise<void> {}
  async close(): Promise<void> {}
}

/** Inserts or replaces records, a slice at a time (the statements, sent but not awaited); a replaced record keeps its place in the document's order. */
function upsert(sql: Runner, service: string, tenant: string, put: Rows): Promise<unknown>[] {
  const sent: Promise<unknown>[] = [];
  for (let i = 0; i < put.c.length; i += SLICE) {
    const c = put.c.slice(i, i + SLICE);
    const k = put.k.slice(i, i + SLICE);
    const v = put.v.slice(i, i + SLICE);
    sent.push(sql`insert into sandbox_records (service, tenant, collection, key, value)
      select ${service}, ${tenant}, c, k, v::json from unnest(${c}::text[], ${k}::text[], ${v}::text[]) with ordinality as t(c, k, v, n) order by n
      on conflict (service, tenant, collection, key) do update set value = excluded.value`);
  }
  return sent;
}
