import type postgres from 'postgres';
import type { JournalEntry, JournalQuery } from './journal.js';
import type { Replicas } from './postgres-replicas.js';

/** Entries are written at most this long after they were recorded (or sooner, by the hundred). */
const FLUSH_MS = 25;
const BATCH = 100;

/**
 * The request journal shared by every replica (`sandbox_journal`), so verification works behind a
 * balancer: each replica keeps recording into its own journal (journal.ts) and writes its entries here
 * in small batches, off the request's path. A read first has every live replica write out what it
 * holds (Replicas.flushAll), so it sees every request answered before it, whichever replica answered,
 * in the order they were recorded (the replicas' clocks, to the microsecond).
 * Bounded like the journal: the newest `capacity` entries are kept.
 *
 * @example
 * const shared = new PostgresJournal(sql, replicas, 1000);
 * journal.onRecord = (e) => shared.add(e);
 * await shared.query({ service: 'kustom', limit: 10 });
 */
export class PostgresJournal {
  readonly #sql: postgres.Sql;
  readonly #replicas: Replicas;
  readonly #capacity: number;
  /** Entries not yet written, each with when it was recorded (wall-clock ms, fractional). */
  #buffer: { e: JournalEntry; at: number }[] = [];
  #timer: NodeJS.Timeout | null = null;
  #writing: Promise<void> = Promise.resolve();

  constructor(sql: postgres.Sql, replicas: Replicas, capacity: number) {
    this.#sql = sql;
    this.#replicas = replicas;
    this.#capacity = capacity;
    replicas.onFlush = () => this.flush();
  }

  add(e: JournalEntry): void {
    this.#buffer.push({ e, at: performance.timeOrigin + performance.now() });
    if (this.#buffer.length >= BATCH) void this.flush().catch(() => undefined);
    else this.#timer ??= setTimeout(() => void this.flush().catch(() => undefined), FLUSH_MS);
  }

  /** Writes out what is buffered (in order, one batch after another); resolves once written. */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const batch = this.#buffer;
    this.#buffer = [];
    this.#writing = this.#writing.then(async () => {
      if (!batch.length) return;
      const entries = batch.map(({ e: { id: _id, ...e } }) => JSON.stringify(e));
      const recorded = batch.map((b) => b.at);
      await this.#sql`insert into sandbox_journal (recorded, service, tenant, operation, entry)
        select r, j->>'service', j->>'tenant', j->>'operation', j
        from unnest(${entries}::text[], ${recorded}::float8[]) with ordinality as t(e, r, n), lateral (select e::json as j) as parsed order by n`;
      await this.#sql`delete from sandbox_journal where seq <= (select max(seq) from sandbox_journal) - ${this.#capacity}`;
    }).catch(() => undefined); // the journal is a record of what was answered, never a reason to fail an answer
    return this.#writing;
  }

  /** Newest first, every replica's entries (each written out first); `limit` defaults to 100 and never exceeds the capacity. */
  async query(q: JournalQuery = {}): Promise<JournalEntry[]> {
    await this.#replicas.flushAll();
    const limit = Math.min(q.limit ?? 100, this.#capacity);
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
    await this.flush();
  }
}
