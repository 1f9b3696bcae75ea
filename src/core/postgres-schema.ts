import type postgres from 'postgres';

/**
 * The PostgreSQL adapter's schema, created and migrated at start. Each migration runs once, in order,
 * in one transaction with the version it brings; replicas starting together take an advisory lock, so
 * one of them migrates and the others find it done.
 *
 * @example
 * await migrate(sql); // the schema at MIGRATIONS.length
 */
export const MIGRATIONS: readonly string[] = [
  // 1: tenant documents. A document's top-level fields (its collections as `{}`) and its version are
  // one row; each record of its collections is a row of its own, kept in the document's order (seq).
  `create table sandbox_tenants (
     service text not null,
     tenant text not null,
     version bigint not null,
     fields text not null,
     primary key (service, tenant)
   );
   create table sandbox_records (
     service text not null,
     tenant text not null,
     collection text not null,
     key text not null,
     seq bigint generated always as identity,
     value json not null,
     primary key (service, tenant, collection, key)
   );
   create index sandbox_records_order on sandbox_records (service, tenant, seq);`,
  // 2: the replicas sharing the database, each seen again every few seconds (postgres-replicas.ts).
  `create table sandbox_replicas (
     id text primary key,
     started_at timestamptz not null default now(),
     seen_at timestamptz not null default now()
   );`,
  // 3: the request journal every replica writes to and reads from (postgres-journal.ts), newest kept.
  `create table sandbox_journal (
     seq bigint generated always as identity primary key,
     recorded double precision not null,
     service text not null,
     tenant text,
     operation text not null,
     entry json not null
   );
   create index sandbox_journal_recorded on sandbox_journal (recorded);`,
];

/** An arbitrary constant: the advisory lock the sandbox's migrations hold. */
const LOCK = 7_303_170_001;

export async function migrate(sql: postgres.Sql): Promise<number> {
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${LOCK})`;
    await tx`create table if not exists sandbox_schema (version int primary key, applied_at timestamptz not null default now())`;
    const [row] = await tx<{ v: number | null }[]>`select max(version) as v from sandbox_schema`;
    const at = row?.v ?? 0;
    if (at > MIGRATIONS.length) throw new Error(`the schema is at version ${at}, newer than this sandbox knows (${MIGRATIONS.length}): use a newer order-sandbox`);
    for (let v = at + 1; v <= MIGRATIONS.length; v++) {
      await tx.unsafe(MIGRATIONS[v - 1]!);
      await tx`insert into sandbox_schema (version) values (${v})`;
    }
    return MIGRATIONS.length;
  });
}
