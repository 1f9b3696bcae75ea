import type postgres from 'postgres';
import type { Journal, JournalEntry, JournalQuery } from './journal.js';
import type { Replicas } from './postgres-replicas.js';

/**
 * The request journal shared by every replica (`sandbox_journal`), so verification works behind a
 * balancer. Each replica records into its own journal (journal.ts), as on one process: nothing is
 * written on a request's path. A read first has every live replica write out what it recorded since it
 * last did (Replicas.flushAll), so it sees every request answered before it, whichever replica answered
 * it, in the order they were recorded (the replicas' clocks, to the microsecond). Bounded like the
 * journal: the newest `capacity` entries are kept.
 *
 * @example
 * const shared = new PostgresJournal(sql, replicas, journal);
 * await shared.query({ service: 'kustom', limit: 10 });
 */
export class PostgresJournal {
  readonly #sql: postgres.Sql;
  readonly #replicas: Replicas;
  readonly #journal: Journal;
  /** The newest local entry written out. */
  #written = 0;
  #writing: Promise<void> = Promise.resolve();

  constructor(sql: postgres.Sql, replicas: Replicas, journal: Journal) {
    this.#sql = sql;
    this.#replicas = replicas;
    this.#journal = journal;
    replicas.onFlush = () => this.flush();
  }

  get #capacity(): number {
    return this.#journal.capacity;
  }

  /** Writes out what was recorded here since the last time (in order); resolves once written. */
  flush(): Promise<void> {
    this.#writing = this.#writing.then(async () => {
      const batch = this.#journal.since(this.#written);
      if (!batch.length) return;
      const entries = batch.map(({ entry: { id: _id, ...e } }) => JSON.stringify(e));
      const recorded = batch.map((b) => b.recorded);
      await this.#sql`insert into sandbox_journal (recorded, service, tenant, operation, entry)
        select r, j->>'service', j->>'tenant', j->>'operation', j
        from unnest(${entries}::text[], ${recorded}::float8[]) with ordinality as t(e, r, n), lateral (select e::json as j) as parsed order by n`;
      this.#written = batch.at(-1)!.entry.id;
      await this.#sql`delete from sandbox_journal where seq <= (select max(seq) from sandbox_journal) - ${this.#capacity}`;
    });
    return this.#writing;
  }
  /** Newest first, every replica's entries (each written out first); `limit` defaults to 100 and never exceeds the capacity. */
  async query(q: JournalQuery = {}): Promise<JournalEntry[]> {
    await this.#replicas.flushAll();
    const limit = Math.min(q.limit ?? 100, this.#capacity); // the newest `capacity` at most, trimmed or not
    const rows = await this.#sql<{ seq: string; entry: string }[]>`
      select seq::text as seq, entry::text as entry from sandbox_journal
      where (${q.service ?? null}::text is null or service = ${q.service ?? null})
        and (${q.tenant ?? null}::text is null or tenant = ${q.tenant ?? null})
        and (${q.operation ?? null}::text is null or operation = ${q.operation ?? null})
      order by recorded desc, seq desc limit ${limit}`;
    return rows.map((r) => ({ id: Number(r.seq), ...(JSON.parse(r.entry) as Omit<JournalEntry, 'id'>) }));
  }

  /** Deletes every replica's entries matching the filter (all when empty); how many went. */
  async clear(q: Omit<JournalQuery, 'limit'> = {}): Promise<number> {
    await this.#replicas.flushAll();
    const rows = await this.#sql`
      delete from sandbox_journal
      where (${q.service ?? null}::text is null or service = ${q.service ?? null})
        and (${q.tenant ?? null}::text is null or tenant = ${q.tenant ?? null})
        and (${q.operation ?? null}::text is null or operation = ${q.operation ?? null})`;
    return rows.count;
  }

  /** Writes out what is left (a clean stop). */
  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
  }
}
