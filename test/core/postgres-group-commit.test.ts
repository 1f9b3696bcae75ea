import { expect, onTestFinished, test } from 'vitest';
import { Clock } from '../../src/core/clock.js';
import { Outbox } from '../../src/core/outbox.js';
import { PostgresStorage } from '../../src/core/postgres-storage.js';
import { TenantState } from '../../src/core/state/tenant-state.js';
import { Store } from '../../src/core/store.js';
import { describeOnPostgres } from '../helpers/postgres.js';

/**
 * Group commit on PostgreSQL (postgres-rows.ts): units of one process waiting for a tenant chain their
 * commits on the transaction that holds its row, and are durable, or rolled back, with its one COMMIT.
 */
type Doc = { orders: Record<string, { n: number }> };

async function setup(url: string) {
  const storage = await PostgresStorage.connect(url, { max: 6 });
  const store = new Store(storage);
  onTestFinished(() => store.close());
  const clock = new Clock();
  const state = new TenantState<Doc, 'orders'>({ store, clock, outbox: new Outbox({ clock }) }, { service: 'x', seed: () => ({ orders: {} }), collection: 'orders', settle: (r) => r, dueAt: () => null });
  let reserved = 0;
  const reserve = storage.sql.reserve.bind(storage.sql);
  storage.sql.reserve = (() => (reserved++, reserve())) as typeof storage.sql.reserve;
  return { storage, state, reserved: () => reserved };
}

const bump = (state: TenantState<Doc, 'orders'>, key: string) => state.unit('t', (u) => {
  const now = (u.data.orders[key]?.n ?? 0) + 1;
  u.put('orders', key, { n: now });
  return now;
});

await describeOnPostgres('group commit on PostgreSQL', (pg) => {
  test('40 racing units on one tenant: each answered once durable, in fewer transactions than units, and all of them stored', async () => {
    const url = await pg().database();
    const { state, reserved } = await setup(url);
    await bump(state, 'c');
    const before = reserved();
    const answers = await Promise.all(Array.from({ length: 40 }, () => bump(state, 'c')));
    expect(answers.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
    expect(reserved() - before).toBeLessThan(20); // the units chained: far fewer transactions than 40
    // Another process reads what was acknowledged.
    const other = await setup(url);
    expect((await other.state.read('t')).orders['c']).toEqual({ n: 41 });
  });

  test('a statement of the chain that fails rolls the whole chain back: every unit of it fails and is undone, in memory and stored', async () => {
    const url = await pg().database();
    const { storage, state } = await setup(url);
    await bump(state, 'c');
    const announce = storage.replicas.announce.bind(storage.replicas);
    let calls = 0;
    storage.replicas.announce = ((...args: Parameters<typeof announce>) => (++calls === 3 ? Promise.reject(new Error('boom')) : announce(...args))) as typeof announce;
    const settled = await Promise.allSettled(Array.from({ length: 6 }, () => bump(state, 'c')));
    storage.replicas.announce = announce;
    const failed = settled.filter((s) => s.status === 'rejected').length;
    expect(failed).toBeGreaterThan(0);
    const n = 1 + settled.filter((s) => s.status === 'fulfilled').length;
    expect((await state.read('t')).orders['c']).toEqual({ n });
    const other = await setup(url);
    expect((await other.state.read('t')).orders['c']).toEqual({ n });
    // And it goes on: the next unit commits on top.
    expect(await bump(state, 'c')).toBe(n + 1);
    expect((await (await setup(url)).state.read('t')).orders['c']).toEqual({ n: n + 1 });
  });
});
