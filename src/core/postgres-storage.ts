import postgres from 'postgres';
import { redactUrl } from './data-location.js';
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

  private constructor(sql: Sql, url: string) {
    this.sql = sql;
    this.location = redactUrl(url);
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
    const [head] = await this.sql<{ version: string; fields: string }[]>`
      select version::text as version, fields from sandbox_tenants where service = ${service} and tenant = ${tenant}`;
    if (!head) {
      const data = seed();
      const doc = new Doc(service, tenant, data, new TenantRows<T>(this.sql, service, tenant));
      await doc.replace(data);
      return doc;
    }
    const data = JSON.parse(head.fields) as Record<string, unknown>;
    const rows = await this.sql<{ collection: string; key: string; value: string }[]>`
      select collection, key, value::text as value from sandbox_records where service = ${service} and tenant = ${tenant} order by seq`;
    for (const r of rows) {
      const c = data[r.collection];
      if (isCollection(c)) c[keyOf(r.key)] = JSON.parse(r.value);
    }
    return new Doc(service, tenant, data as T, new TenantRows<T>(this.sql, service, tenant));
  }

  async close(): Promise<void> {
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

/** One tenant's rows: a document's storage on PostgreSQL. */
class TenantRows<T> implements DocStorage<T> {
  readonly #sql: Sql;
  readonly #service: string;
  readonly #tenant: string;
  readonly wantsRewrite = false;
  readonly busy = false;

  constructor(sql: Sql, service: string, tenant: string) {
    this.#sql = sql;
    this.#service = service;
    this.#tenant = tenant;
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
    await this.#sql.begin(async (sql) => {
      if (whole.length) await sql`delete from sandbox_records where service = ${service} and tenant = ${tenant} and collection = any(${whole}::text[])`;
      if (gone.c.length) {
        await sql`delete from sandbox_records r using unnest(${gone.c}::text[], ${gone.k}::text[]) as g(c, k)
          where r.service = ${service} and r.tenant = ${tenant} and r.collection = g.c and r.key = g.k`;
      }
      await upsert(sql, service, tenant, put);
      if (fieldsChanged) await sql`update sandbox_tenants set version = version + 1, fields = ${fieldsOf(doc)} where service = ${service} and tenant = ${tenant}`;
      else await sql`update sandbox_tenants set version = version + 1 where service = ${service} and tenant = ${tenant}`;
    });
  }

  async rewrite(raw: T): Promise<void> {
    const doc = raw as Record<string, unknown>;
    const put = new Rows();
    for (const [c, coll] of Object.entries(doc)) {
      if (isCollection(coll)) for (const [k, r] of Object.entries(coll)) put.add(c, k, r);
    }
    const { service, tenant } = { service: this.#service, tenant: this.#tenant };
    await this.#sql.begin(async (sql) => {
      await sql`insert into sandbox_tenants (service, tenant, version, fields) values (${service}, ${tenant}, 1, ${fieldsOf(doc)})
        on conflict (service, tenant) do update set version = sandbox_tenants.version + 1, fields = excluded.fields`;
      await sql`delete from sandbox_records where service = ${service} and tenant = ${tenant}`;
      await upsert(sql, service, tenant, put);
    });
  }

  async settled(): Promise<void> {}
  async release(): Promise<void> {}
  async close(): Promise<void> {}
}

/** Inserts or replaces records, a slice at a time; a replaced record keeps its place in the document's order. */
async function upsert(sql: postgres.TransactionSql, service: string, tenant: string, put: Rows): Promise<void> {
  for (let i = 0; i < put.c.length; i += SLICE) {
    const c = put.c.slice(i, i + SLICE);
    const k = put.k.slice(i, i + SLICE);
    const v = put.v.slice(i, i + SLICE);
    await sql`insert into sandbox_records (service, tenant, collection, key, value)
      select ${service}, ${tenant}, c, k, v::json from unnest(${c}::text[], ${k}::text[], ${v}::text[]) with ordinality as t(c, k, v, n) order by n
      on conflict (service, tenant, collection, key) do update set value = excluded.value`;
  }
}
