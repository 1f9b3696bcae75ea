import type postgres from 'postgres';
import type { Awaiting } from './postgres-replicas.js';
import type { PostgresStorage } from './postgres-storage.js';
import type { DocStorage } from './tenant-doc.js';
import { isCollection, type Path } from './tracked.js';

// A tenant document as rows of the PostgreSQL adapter (postgres-storage.ts): its top-level fields (the
// collections as `{}`) and version in `sandbox_tenants`, each record of its collections a row of
// `sandbox_records`; and TenantRows, a document's storage there, shared by every replica.

/** Rows go to the database in slices of this many (one statement each), so a large tenant never makes one huge statement. */
const SLICE = 5000;

/** A document's top-level fields, its collections as `{}` (their records are rows of their own). */
export function fieldsOf(raw: Record<string, unknown>): string {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = isCollection(v) ? {} : v;
  return JSON.stringify(out);
}

/**
 * A record's key as a text column holds it: PostgreSQL's text has no NUL, which keys may hold (an
 * idempotency record's is tenant NUL key). Reversible: `%` and NUL are escaped.
 */
const keyText = (key: string): string => (/[%\0]/.test(key) ? key.replace(/%/g, '%25').replace(/\0/g, '%00') : key);
export const keyOf = (text: string): string => (text.includes('%') ? text.replace(/%(00|25)/g, (_, h: string) => (h === '00' ? '\0' : '%')) : text);

/** Records as the columns a statement takes them in (collection, key, JSON text). */
export class Rows {
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
export type Runner = postgres.Sql | postgres.ReservedSql | postgres.TransactionSql;

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
export class TenantRows<T> implements DocStorage<T> {
  readonly #storage: PostgresStorage;
  readonly #service: string;
  readonly #tenant: string;
  readonly wantsRewrite = false;
  /** Taken (by a unit or a scope of this process, or about to be): not evicted meanwhile. */
  get busy(): boolean {
    return this.#owner !== null;
  }

  /** The tenant's row is locked by this process (its data is current: no other process can write it). */
  get locked(): boolean {
    return this.#tx !== null;
  }
  version: number;
  /** Who has the tenant, the transaction it holds (until its commit), and the end of the queue. */
  #owner: object | null = null;
  #tx: postgres.ReservedSql | null = null;
  #queue: Promise<void> = Promise.resolve();
  #unlock: (() => void) | null = null;
  #seen: Promise<void> = Promise.resolve();

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
    // Committed: the next unit may take the tenant (and commit) while this one waits for the others to
    // have seen it: the writer awaits `seen()` before it answers (TenantState), outside the document's
    // group commit, so a slow acknowledgement never holds up the next commit.
    this.#letGo();
    this.#seen = done.news.seen();
  }

  /** Resolves once every live replica has taken in this document's last commit (or was given up on). */
  seen(): Promise<void> {
    return this.#seen;
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
export function upsert(sql: Runner, service: string, tenant: string, put: Rows): Promise<unknown>[] {
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
