import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';

/** Every commit is announced here: `[service, tenant, version, replica]` as JSON. */
export const CHANNEL = 'sandbox_docs';
/** Each replica answers here that it has taken an announced commit in: `[writer, replica, service, tenant, version]`. */
export const SEEN = 'sandbox_seen';

/** A replica that has not been heard of for this long is taken as gone: nobody waits for it, and its claims are taken over. */
export const GONE_AFTER_S = 6;
const HEARTBEAT_MS = 2000;
/** How long a commit waits for the other replicas to have taken it in before it answers anyway (a replica that slow is stuck or gone). */
const SEEN_WITHIN_MS = 5000;

type Runner = postgres.Sql | postgres.ReservedSql | postgres.TransactionSql;

/** What a commit's writer waits on: the other replicas' answers. */
export interface Awaiting {
  seen(): Promise<void>;
  cancel(): void;
}

/** What a replica is told of the others' commits: one (its promise resolves once it is taken in), or that some may have been missed. */
export interface ReplicaNews {
  changed(service: string, tenant: string, version: number): Promise<void> | void;
  lost(): void;
}

/**
 * The replicas sharing one database, and what each knows of the others' commits.
 *
 * - Each replica is a row of `sandbox_replicas`, seen again every two seconds (a heartbeat); one not
 *   seen for {@link GONE_AFTER_S} seconds is gone.
 * - A commit is announced in its own transaction (NOTIFY on {@link CHANNEL}, delivered when it commits).
 *   A replica that hears of it drops its cached copy (and, for the sandbox's own state, takes the new
 *   one in), then answers on {@link SEEN}. The writer answers its client only once every live replica
 *   has answered (or five seconds passed): whatever replica the client asks next reads what it wrote.
 *
 * @example
 * const replicas = new Replicas(sql, { changed: (s, t, v) => store.changed(s, t, v), lost: () => store.lost() });
 * await replicas.start();
 */
export class Replicas {
  readonly id = randomUUID();
  readonly #sql: postgres.Sql;
  readonly #news: ReplicaNews;
  /** The other live replicas, as of the last heartbeat. */
  #others = new Set<string>();
  readonly #waiting = new Map<string, { need: Set<string>; done: () => void }>();
  /** The other replicas alive by their heartbeats, as of the last one of this replica. */
  #alive = new Set<string>();
  /** Replicas that did not answer in time: not waited for until heard from again. */
  readonly #silent = new Set<string>();
  #heartbeat: NodeJS.Timeout | null = null;

  constructor(sql: postgres.Sql, news: ReplicaNews) {
    this.#sql = sql;
    this.#news = news;
  }

  /**
   * Joins: registered, listening on both channels, heartbeating, and known to every live replica (it
   * says hello and waits for their answers), so none of them answers a client before this one has
   * dropped what that client changed.
   */
  async start(): Promise<void> {
    let connected = false;
    await this.#sql.listen(CHANNEL, (payload) => void this.#heard(payload), () => {
      if (connected) this.#news.lost(); // a reconnect: what was announced meanwhile is unknown
      connected = true;
    });
    await this.#sql.listen(SEEN, (payload) => this.#seen(payload));
    await this.#beat();
    const hello = this.#expect(['hello']);
    await this.#sql`select pg_notify(${CHANNEL}, ${JSON.stringify({ hello: this.id })})`;
    await hello.seen();
    this.#heartbeat = setInterval(() => void this.#beat().catch(() => undefined), HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  /** Leaves: the row removed and the others told, so no commit waits for this replica. */
  async stop(): Promise<void> {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
    await this.#sql`delete from sandbox_replicas where id = ${this.id}`.catch(() => undefined);
    await this.#sql`select pg_notify(${CHANNEL}, ${JSON.stringify({ bye: this.id })})`.catch(() => undefined);
  }

  /** What every replica writes out when asked (the journal's buffered entries): see {@link flushAll}. */
  onFlush: () => Promise<void> = async () => undefined;
  #flushes = 0;

  /** Has every live replica (this one too) write out what it buffers, and waits until they have. */
  async flushAll(): Promise<void> {
    const n = ++this.#flushes;
    const awaiting = this.#expect(['flush', n]);
    try {
      await this.#sql`select pg_notify(${CHANNEL}, ${JSON.stringify({ flush: this.id, n })})`;
    } catch (e) {
      awaiting.cancel();
      throw e;
    }
    await Promise.all([this.onFlush(), awaiting.seen()]);
  }

  /**
   * Whether a replica is alive, by the heartbeats (seen within GONE_AFTER_S, and not gone with a bye):
   * what a webhook claim's holder is judged by. A replica merely slow to answer an announcement is
   * still alive here, so its claims hold.
   */
  isLive(id: string): boolean {
    return id === this.id || this.#alive.has(id);
  }

  /** The ids of the replicas alive now (this one included). */
  async live(): Promise<string[]> {
    const rows = await this.#sql<{ id: string }[]>`select id from sandbox_replicas where seen_at > now() - make_interval(secs => ${GONE_AFTER_S})`;
    return rows.map((r) => r.id);
  }

  async #beat(): Promise<void> {
    const rows = await this.#sql<{ id: string }[]>`
      with me as (insert into sandbox_replicas (id) values (${this.id}) on conflict (id) do update set seen_at = now())
      select id from sandbox_replicas where seen_at > now() - make_interval(secs => ${GONE_AFTER_S}) and id <> ${this.id}`;
    this.#alive = new Set(rows.map((r) => r.id));
    this.#others = new Set(rows.map((r) => r.id).filter((id) => !this.#silent.has(id)));
    // Long gone replicas leave no rows behind.
    await this.#sql`delete from sandbox_replicas where seen_at < now() - interval '1 hour'`;
  }

  /**
   * Announces a commit, in its transaction (before its commit): see {@link expect} for the wait on the
   * other replicas, which the writer makes first and calls once the commit has landed (or cancels).
   */
  announce(sql: Runner, service: string, tenant: string, version: number): Promise<unknown> {
    return sql`select pg_notify(${CHANNEL}, ${JSON.stringify([service, tenant, version, this.id])})`;
  }

  /** What waits for the other replicas to have taken in the commit of `version` (made before it is announced). */
  expect(service: string, tenant: string, version: number): Awaiting {
    return this.#expect([service, tenant, version]);
  }

  /** Waits for every other live replica to answer `what`; one that does not is not waited for again until it is heard from. */
  #expect(what: unknown[]): Awaiting {
    const key = JSON.stringify([this.id, ...what]);
    const need = new Set(this.#others);
    let done!: () => void;
    const all = new Promise<void>((r) => (done = r));
    if (need.size) this.#waiting.set(key, { need, done });
    else done();
    const cancel = () => this.#waiting.delete(key);
    return {
      cancel,
      seen: async () => {
        const timer = setTimeout(() => {
          // Stuck or gone (killed): not waited for again until it is heard from, or it leaves the table.
          for (const id of need) {
            this.#silent.add(id);
            this.#others.delete(id);
          }
          done();
        }, SEEN_WITHIN_MS);
        await all;
        clearTimeout(timer);
        cancel();
      },
    };
  }

  async #heard(payload: string): Promise<void> {
    let news: [string, string, number, string] | { hello?: string; bye?: string; flush?: string; n?: number };
    try {
      news = JSON.parse(payload) as typeof news;
    } catch {
      return this.#news.lost(); // not ours to read: every cached tenant is taken as possibly changed
    }
    if (!Array.isArray(news)) {
      if (news.flush && news.flush !== this.id) {
        await this.onFlush().catch(() => undefined);
        await this.#sql`select pg_notify(${SEEN}, ${JSON.stringify([news.flush, this.id, 'flush', news.n])})`.catch(() => undefined);
      }
      if (news.bye) {
        this.#others.delete(news.bye);
        this.#alive.delete(news.bye);
      }
      if (news.hello && news.hello !== this.id) {
        this.#silent.delete(news.hello);
        this.#others.add(news.hello);
        this.#alive.add(news.hello);
        await this.#sql`select pg_notify(${SEEN}, ${JSON.stringify([news.hello, this.id, 'hello'])})`.catch(() => undefined);
      }
      return;
    }
    const [service, tenant, version, writer] = news;
    if (writer === this.id) return;
    try {
      await this.#news.changed(service, tenant, version);
    } finally {
      await this.#sql`select pg_notify(${SEEN}, ${JSON.stringify([writer, this.id, service, tenant, version])})`.catch(() => undefined);
    }
  }

  #seen(payload: string): void {
    try {
      const [writer, replica, ...what] = JSON.parse(payload) as [string, string, ...unknown[]];
      if (this.#silent.delete(replica)) this.#others.add(replica); // heard from again
      if (writer !== this.id) return;
      const w = this.#waiting.get(JSON.stringify([writer, ...what]));
      if (!w) return;
      w.need.delete(replica);
      if (w.need.size === 0) w.done();
    } catch {
      // not ours to read
    }
  }
}
