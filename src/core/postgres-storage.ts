import type postgres from 'postgres';
import { redactUrl } from './data-location.js';
import type { Claimant } from './delivery.js';
import type { Journal } from './journal.js';
import { PostgresJournal } from './postgres-journal.js';
import { Replicas, type ReplicaNews } from './postgres-replicas.js';
import { fieldsOf, keyOf, Rows, TenantRows, upsert, type Runner } from './postgres-rows.js';
import { migrate } from './postgres-schema.js';
import type { StorageAdapter } from './store.js';
import { Doc } from './tenant-doc.js';
import { isCollection } from './tracked.js';

type Sql = postgres.Sql;

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
  readonly #control: Sql;
  /** Who makes webhook attempts here, among the replicas (DeliveryRecord.claim). */
  readonly claimant: Claimant;

  private constructor(sql: Sql, control: Sql, url: string) {
    this.sql = sql;
    this.#control = control;
    this.location = redactUrl(url);
    this.replicas = new Replicas(control, { changed: (s, t, v) => this.#news.changed(s, t, v), lost: () => this.#news.lost() });
    const replicas = this.replicas;
    this.claimant = { id: replicas.id, live: (id) => replicas.isLive(id) };
  }

  /** Connects, and creates or migrates the schema; rejects naming the database and the reason. */
  static async connect(url: string, opts: { max?: number } = {}): Promise<PostgresStorage> {
    // A transaction left open (a stuck process) lets its tenant go after a minute; a lock is waited for 30 s at most.
    const connection = { application_name: 'order-sandbox', idle_in_transaction_session_timeout: 60_000, lock_timeout: 30_000 };
    // Imported here, not at the top: the CLI's bundle keeps the client a package of its own, and an
    // import declaration there would load it at every start, whatever --data says.
    const { default: client } = await import('postgres');
    const sql = client(url, { max: opts.max ?? 20, onnotice: () => undefined, connection });
    // The replicas' heartbeats, answers and news have connections of their own: taken tenants holding
    // every connection of the pool never keep a replica from answering the others.
    const control = client(url, { max: 2, onnotice: () => undefined, connection });
    const storage = new PostgresStorage(sql, control, url);
    try {
      await migrate(sql);
      await storage.replicas.start(); // before the first load, so no other replica's commit goes unseen
    } catch (e) {
      await control.end({ timeout: 1 }).catch(() => undefined);
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
      // One snapshot: the tenant's row and its records as of one moment.
      const stored = await this.sql.begin('isolation level repeatable read read only', (tx) => this.read<T>(tx, service, tenant));
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
    await this.#control.end({ timeout: 5 });
    await this.sql.end({ timeout: 5 });
  }
}
