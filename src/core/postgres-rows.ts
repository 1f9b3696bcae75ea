import type postgres from 'postgres';
import type { Awaiting } from './postgres-replicas.js';
import type { PostgresStorage } from './postgres-storage.js';
import type { DocStorage, Durability } from './tenant-doc.js';
import { isCollection, type Path } from './tracked.js';

// A tenant document as rows of the PostgreSQL adapter (postgres-storage.ts): its top-level fields (the
// collections as `{}`) and version in `sandbox_tenants`, each record of its collections a row of
// `sandbox_records`; and TenantRows, a document's storage there, shared by every replica.

/** Rows go to the database in slices of this many (one statement each), so a large tenant never makes one huge statement. */
const SLICE = 5000;
/** Hand-offs of one chained transaction at most (see TenantRows): the first unit's answer waits for the last. */
const CHAIN_MAX = 32;

/**
 * Commits of one process's units chained on one transaction (see TenantRows): their statements, each
 * unit's waiting for the COMMIT, and each one's announced version.
 */
interface Chain {
  tx: postgres.ReservedSql;
  sent: Promise<unknown>[];
  waiting: { resolve: () => void; reject: (e: unknown) => void }[];
  news: Awaiting[];
  /** The version stored before the chain: what the tenant is at again if it rolls back. */
  from: number;
  /** Times the transaction was handed on to the next unit (those that wrote nothing too): at most CHAIN_MAX. */
  handoffs: number;
}

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
 *
 * Group commit: when other units of this process are waiting for the tenant, a unit's commit sends its
 * statements but not the COMMIT, and hands the transaction (its row still locked) to the next unit,
 * which needs no statement to take it; the last unit of the chain (nobody waiting, or CHAIN_MAX) sends
 * the COMMIT, and every unit of the chain is durable, or rolled back, with it. A unit answers only once
 * its chain's COMMIT is done (tenant-doc.ts: a commit resolves when durable), as the embedded store's
 * group commit does; its changes are taken back in memory when the chain rolls back (undo-chain.ts).
 * An owner that holds the tenant across waits of its own (`holds: 'long'`, a request's scope) commits
 * the chain before it goes on, so the units before it are not answered only once it is done.
 *
 * `locked` (a read may take the data as current without taking the tenant) holds from the moment the
 * row is locked and the data read again if it was stale, until the owner's commit or end.
 */
export class TenantRows<T> implements DocStorage<T> {
  readonly #storage: PostgresStorage;
  readonly #service: string;
  readonly #tenant: string;
  readonly wantsRewrite = false;
  /** Taken (by a unit or a scope of this process, or about to be): not evicted meanwhile. */
  get busy(): boolean {
    return this.#owner !== null || this.#chain !== null;
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
  /** Units of this process waiting for the tenant. */
  #waiting = 0;
  /** Commits sent in the transaction this process holds, waiting for its COMMIT (see the class comment). */
  #chain: Chain | null = null;

  constructor(storage: PostgresStorage, service: string, tenant: string, version: number) {
    this.#storage = storage;
    this.#service = service;
    this.#tenant = tenant;
    this.version = version;
  }

  async begin(owner: object, opts?: { holds?: 'long' }): Promise<T | null> {
    if (this.#owner === owner) return null;
    const before = this.#queue;
    let unlock!: () => void;
    this.#queue = new Promise<void>((r) => (unlock = r));
    this.#waiting++;
    try {
      await before;
    } finally {
      this.#waiting--;
    }
    this.#owner = owner;
    this.#unlock = unlock;
    // An owner that holds the tenant across waits of its own would hold the chain's answers with it: they are committed first.
    if (this.#chain && opts?.holds === 'long') await this.#commitChain();
    if (this.#chain) {
      // The chain's transaction holds the row: the data is current, and the tenant taken without a statement.
      this.#tx = this.#chain.tx;
      return null;
    }
    let tx: postgres.ReservedSql | null = null;
    try {
      tx = await this.#storage.sql.reserve();
      // One round trip: the two statements are pipelined.
      const [, [row]] = await Promise.all([tx`begin`, tx<{ version: string }[]>`
        select version::text as version from sandbox_tenants where service = ${this.#service} and tenant = ${this.#tenant} for update`]);
      const stored = Number(row?.version ?? 0);
      // Locked (`locked`: a read may take the data as current) only once the data is: not while it is read again.
      if (stored === this.version) {
        this.#tx = tx;
        return null;
      }
      const fresh = await this.#storage.read<T>(tx, this.#service, this.#tenant);
      this.version = stored;
      this.#tx = tx;
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
    const chain = this.#chain;
    if (chain) {
      // Nothing of this owner's was sent; the chain's commits were: the next unit carries them on, or they are committed now.
      if (this.#handOn(chain)) return unlock?.();
      void this.#commitChain().finally(() => unlock?.());
      return;
    }
    // Not committed (refused, undone, or nothing changed): rolled back before the next unit goes.
    void tx`rollback`.catch(() => undefined).finally(() => {
      tx.release();
      unlock?.();
    });
  }

  /** Whether the chain goes on to the next unit waiting (there is one, and the chain is not at CHAIN_MAX). */
  #handOn(chain: Chain): boolean {
    if (this.#waiting === 0 || chain.handoffs >= CHAIN_MAX) return false;
    chain.handoffs++;
    return true;
  }

  /**
   * Sends the chain's COMMIT: its units are durable, or (a statement failed) rolled back, all of them;
   * each unit's commit settles with it. The transaction's connection goes back to the pool.
   */
  async #commitChain(): Promise<void> {
    const chain = this.#chain!;
    this.#chain = null;
    const { tx } = chain;
    let failure: unknown = null;
    try {
      // Every statement answered first, then the COMMIT: one that failed (even one never sent: a value the
      // client could not serialize) rolls the whole chain back rather than committing the others.
      await Promise.all(chain.sent);
      await tx`commit`;
    } catch (e) {
      failure = e;
      await tx`rollback`.catch(() => undefined);
    } finally {
      tx.release();
    }
    if (failure !== null) {
      for (const n of chain.news) n.cancel();
      this.version = chain.from;
      for (const w of chain.waiting) w.reject(failure);
      return;
    }
    this.#seen = Promise.all(chain.news.map((n) => n.seen())).then(() => undefined);
    for (const w of chain.waiting) w.resolve();
  }

  /**
   * In the transaction the owner holds: sends `write`, counts the version up and announces it; then hands
   * the transaction on to the next unit waiting (`last` false), or commits the chain. Resolves once sent,
   * with the chain's durability. Nobody holding the tenant: in a transaction of its own that checks the
   * version first.
   */
  async #commit(write: (sql: Runner) => Promise<unknown>[], last = false): Promise<Durability> {
    const held = this.#tx;
    if (held) {
      this.#tx = null; // the owner's end has nothing left to roll back
      const chain = (this.#chain ??= { tx: held, sent: [], waiting: [], news: [], from: this.version, handoffs: 0 });
      const version = this.version + 1;
      const news = this.#storage.replicas.expect(this.#service, this.#tenant, version);
      let statements: Promise<unknown>[];
      try {
        statements = write(held);
      } catch (e) {
        statements = [Promise.reject(e)]; // a value that cannot be sent (say one JSON cannot hold): the chain fails as one
      }
      const sent = [
        ...statements,
        held`update sandbox_tenants set version = ${version} where service = ${this.#service} and tenant = ${this.#tenant}`,
        this.#storage.replicas.announce(held, this.#service, this.#tenant, version),
      ];
      for (const s of sent) s.catch(() => undefined); // judged with the COMMIT (#commitChain)
      chain.sent.push(...sent);
      chain.news.push(news);
      this.version = version;
      const durable = new Promise<void>((resolve, reject) => chain.waiting.push({ resolve, reject }));
      durable.catch(() => undefined); // the unit's commit rejects with it
      if (!last && this.#handOn(chain)) {
        this.#letGo();
        return { durable };
      }
      await this.#commitChain();
      this.#letGo();
      return { durable };
    }
    await this.#commitAlone(write);
  }

  /** A commit without the tenant taken (nothing of this process holds its row): a transaction of its own that checks the version first. */
  async #commitAlone(write: (sql: Runner) => Promise<unknown>[]): Promise<void> {
    const { service, tenant } = { service: this.#service, tenant: this.#tenant };
    const replicas = this.#storage.replicas;
    let done: { version: number; news: Awaiting } | undefined;
    try {
      done = await this.#storage.sql.begin(async (sql) => {
        const [row] = await sql<{ version: string }[]>`
          select version::text as version from sandbox_tenants where service = ${service} and tenant = ${tenant} for update`;
        if (Number(row?.version ?? 0) !== this.version) throw new Error(`${service}/${tenant} was changed by another replica meanwhile; the change was not made`);
        // The row is locked, so the new version is known before it is written: the statements go out pipelined.
        const version = this.version + 1;
        const news = replicas.expect(service, tenant, version);
        done = { version, news };
        await Promise.all([
          ...write(sql),
          sql`update sandbox_tenants set version = ${version} where service = ${service} and tenant = ${tenant}`,
          replicas.announce(sql, service, tenant, version),
        ]);
        return done;
      });
    } catch (e) {
      done?.news.cancel();
      throw e;
    }
    this.version = done.version;
    this.#seen = done.news.seen();
  }

  /** Resolves once every live replica has taken in this document's last commit (or was given up on). */
  seen(): Promise<void> {
    return this.#seen;
  }

  async append(raw: T, paths: Path[]): Promise<Durability> {
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
    return this.#commit((sql) => [
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
    // A rewrite is the last of its chain: it answers once durable (the document's rewrite has no durability to wait for).
    const d = await this.#commit((sql) => [
      sql`update sandbox_tenants set fields = ${fieldsOf(doc)} where service = ${service} and tenant = ${tenant}`,
      sql`delete from sandbox_records where service = ${service} and tenant = ${tenant}`,
      ...upsert(sql, service, tenant, put),
    ], true);
    await d?.durable;
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
