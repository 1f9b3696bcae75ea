import { expect, onTestFinished, test } from 'vitest';
import { Clock } from '../../src/core/clock.js';
import { Outbox } from '../../src/core/outbox.js';
import { RequestScope } from '../../src/core/state/request-scope.js';
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

  test('a read on a replica whose unit is reading the tenant again (another replica wrote) answers the new data, not what it had', async () => {
    const url = await pg().database();
    const x = await setup(url);
    const y = await setup(url);
    await bump(x.state, 'c');
    expect((await y.state.read('t')).orders['c']).toEqual({ n: 1 });
    await bump(x.state, 'c'); // answered once y has heard of it: y's copy is stale
    const read = y.storage.read.bind(y.storage);
    let rereading!: () => void;
    const started = new Promise<void>((r) => (rereading = r));
    y.storage.read = (async (...args: Parameters<typeof read>) => {
      rereading();
      await new Promise((r) => setTimeout(r, 200));
      return read(...args);
    }) as typeof read;
    const unit = y.state.unit('t', (u) => u.data.orders['c']?.n); // y's unit has the row, and reads the tenant again
    await started;
    expect((await y.state.read('t')).orders['c']).toEqual({ n: 2 });
    expect(y.state.get('t', 'c') instanceof Promise ? await y.state.get('t', 'c') : y.state.get('t', 'c')).toEqual({ n: 2 });
    expect(await unit).toBe(2);
  });

  test('a request scope that takes the tenant does not hold the answers of the units chained before it', async () => {
    const url = await pg().database();
    const { state } = await setup(url);
    await bump(state, 'c');
    const first = bump(state, 'c');
    const scope = new RequestScope('x', 't');
    await state.enter(scope); // queued behind the unit: its commit hands the transaction on
    const answered = await Promise.race([first.then(() => 'answered'), sleep(1500).then(() => 'still waiting')]);
    await state.finish(scope, null);
    expect(answered).toBe('answered');
    expect(await first).toBe(2);
  });

  test('units that change nothing pass the chain on at most 32 times: the unit that wrote before them is answered meanwhile', async () => {
    const url = await pg().database();
    const { state } = await setup(url);
    await bump(state, 'c');
    const order: string[] = [];
    const wrote = bump(state, 'c').then(() => order.push('wrote'));
    const reads = Array.from({ length: 120 }, (_, i) => state.unit('t', () => i).then(() => order.push('read')));
    await Promise.all([wrote, ...reads]);
    expect(order.indexOf('wrote')).toBeLessThan(60);
  });

  test('a change that cannot be sent (a top-level value JSON cannot hold) fails alone, and the tenant is free for other processes at once', async () => {
    const url = await pg().database();
    const { storage } = await setup(url);
    const doc = await storage.load<Record<string, unknown>>('svc', 't', () => ({ items: {} }));
    const owner = {};
    await doc.begin(owner);
    doc.data['top'] = 10n;
    await expect(doc.commit()).rejects.toThrow(/BigInt/);
    doc.end(owner);
    const other = await setup(url);
    const theirs = await other.storage.load<Record<string, unknown>>('svc', 't', () => ({ items: {} }));
    const mine = {};
    expect(await Promise.race([theirs.begin(mine).then(() => 'taken'), sleep(2000).then(() => 'locked')])).toBe('taken');
    theirs.end(mine);
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
