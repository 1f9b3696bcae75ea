import { expect, onTestFinished, test } from 'vitest';
import { Clock } from '../../src/core/clock.js';
import { Outbox } from '../../src/core/outbox.js';
import { PostgresStorage } from '../../src/core/postgres-storage.js';
import { RequestScope } from '../../src/core/state/request-scope.js';
import { TenantState } from '../../src/core/state/tenant-state.js';
import { Store } from '../../src/core/store.js';
import { describeOnPostgres } from '../helpers/postgres.js';

/** A tenant taken by a request's scope (shared storage): what happens meanwhile never waits on the taking itself. */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const within = <T>(p: Promise<T>, ms: number) => Promise.race([p.then(() => 'done' as const), sleep(ms).then(() => 'hung' as const)]);

async function setup(url: string) {
  const storage = await PostgresStorage.connect(url, { max: 4 });
  const store = new Store(storage);
  onTestFinished(() => store.close());
  const clock = new Clock();
  const state = new TenantState<{ orders: Record<string, { n: number }> }, 'orders'>({ store, clock, outbox: new Outbox({ clock }) }, { service: 'x', seed: () => ({ orders: {} }), collection: 'orders', settle: (r) => r, dueAt: () => null });
  return { storage, state };
}

await describeOnPostgres('a tenant taken by a request scope', (pg) => {
  test('news that may have been missed (a reconnect) does not make the scope\'s own request wait on itself', async () => {
    const { storage, state } = await setup(await pg().database());
    await state.unit('t', (u) => u.put('orders', 'a', { n: 1 }));
    const scope = new RequestScope('x', 't');
    await state.enter(scope);
    await storage.sql`select pg_notify('sandbox_docs', 'not json')`; // read as "lost": every cached tenant stale
    await sleep(200);
    expect(await within(state.remembered('t', 'k'), 3000)).toBe('done');
    expect(await within(state.unit('t', (u) => u.put('orders', 'b', { n: 2 }), scope), 3000)).toBe('done');
    await state.finish(scope, null);
    expect(Object.keys((await state.read('t')).orders)).toEqual(['a', 'b']);
  });

  test('a taken tenant is not evicted (its request goes on), and is evicted once let go', async () => {
    const { state } = await setup(await pg().database());
    await state.unit('t', (u) => u.put('orders', 'a', { n: 1 }));
    const scope = new RequestScope('x', 't');
    await state.enter(scope);
    expect(await state.evict('t')).toBe(false);
    expect(await within(state.unit('t', (u) => u.put('orders', 'b', { n: 2 }), scope), 3000)).toBe('done');
    await state.finish(scope, null);
    expect(await state.evict('t')).toBe(true);
    expect(Object.keys((await state.read('t')).orders)).toEqual(['a', 'b']);
  });
});
