import { expect, onTestFinished, test } from 'vitest';
import { Clock } from '../../src/core/clock.js';
import { Outbox } from '../../src/core/outbox.js';
import { RequestScope } from '../../src/core/state/request-scope.js';
import { TenantState } from '../../src/core/state/tenant-state.js';
import type { Store } from '../../src/core/store.js';

/**
 * The state layer's contract, as every storage adapter must keep it: the embedded store today
 * (test/core/state-adapter-embedded.test.ts) and PostgreSQL (test/core/state-adapter-postgres.test.ts). `open()` gives a store on one location
 * (a directory, a database); calling it again gives a second store on the same location, as after a
 * restart.
 *
 * @example
 * stateAdapterContract('embedded', async () => { const dir = await mkdtemp(…); return { open: () => new Store(dir) }; });
 */
export interface AdapterUnderTest {
  /** A store on the location (a new one each call: a restart). */
  open(): Store | Promise<Store>;
}

interface Item {
  id: string;
  n: number;
  tags: string[];
  dueAt: number | null;
}
interface Doc {
  items: Record<string, Item>;
  counter: number;
}

function stateOn(store: Store, clock = new Clock(() => 1_000_000)) {
  onTestFinished(() => store.close());
  return new TenantState<Doc, 'items'>({ store, clock, outbox: new Outbox({ clock }), states: new Map() }, {
    service: 'svc', seed: () => ({ items: { a: { id: 'a', n: 1, tags: ['x'], dueAt: null } }, counter: 0 }), collection: 'items',
    settle: (i) => i, dueAt: (i) => i.dueAt,
  });
}

export function stateAdapterContract(name: string, location: () => Promise<AdapterUnderTest>): void {
  test(`${name}: a tenant is seeded once; concurrent first uses share one load`, async () => {
    const at = await location();
    const state = stateOn(await at.open());
    const [x, y] = await Promise.all([state.read('t'), state.read('t')]);
    expect(x).toBe(y);
    expect(Object.keys(x.items)).toEqual(['a']);
  });

  test(`${name}: what a unit committed is there after a restart, field for field, with its deliveries and idempotency record`, async () => {
    const at = await location();
    const first = stateOn(await at.open());
    await first.unit('t', (u) => {
      u.put('items', 'b', { id: 'b', n: 2, tags: ['y', 'z'], dueAt: 5_000_000 });
      u.put('items', 'a', { ...u.data.items.a!, n: 10, tags: [...u.data.items.a!.tags, 'grown'] });
      u.set('counter', 3);
      u.enqueue({ service: 'svc', tenant: 't', kind: 'k', url: 'http://127.0.0.1:1/h', body: '{}', schedule: [60_000] });
    });
    const scope = new RequestScope('svc', 't');
    await first.unit('t', (u) => u.remove('items', 'b'), scope);
    await first.finish(scope, { key: 'K', record: { status: 204, headers: [['x', 'y']], body: '', expiresAt: 9_000_000 } });
    const before = JSON.parse(JSON.stringify(await first.read('t'))) as unknown;
    const second = stateOn(await at.open());
    expect(JSON.parse(JSON.stringify(await second.read('t')))).toEqual(before);
    expect(await second.remembered('t', 'K')).toMatchObject({ status: 204, headers: [['x', 'y']] });
    expect(Object.values((await second.read('t') as unknown as { _outbox: object })._outbox)).toHaveLength(1);
  });

  test(`${name}: a unit that refuses leaves nothing, in memory or after a restart`, async () => {
    const at = await location();
    const first = stateOn(await at.open());
    await expect(first.unit('t', (u) => {
      u.put('items', 'c', { id: 'c', n: 3, tags: [], dueAt: null });
      throw new Error('refused');
    })).rejects.toThrow('refused');
    await first.unit('t', (u) => u.set('counter', 1));
    expect(Object.keys((await stateOn(await at.open()).read('t')).items)).toEqual(['a']);
  });

  test(`${name}: reads are synchronous once the tenant is open and nothing is due`, async () => {
    const at = await location();
    const state = stateOn(await at.open());
    await state.read('t');
    expect(state.get('t', 'a')).toEqual({ id: 'a', n: 1, tags: ['x'], dueAt: null });
  });

  test(`${name}: while a document is held no commit lands; all of them land once it is released`, async () => {
    const at = await location();
    const store = await at.open();
    const state = stateOn(store);
    const doc = await state.doc('t');
    const release = doc.hold();
    let done = false;
    const pending = state.unit('t', (u) => u.set('counter', 5)).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(done).toBe(false);
    release();
    await pending;
    expect((await stateOn(await at.open()).read('t')).counter).toBe(5);
  });

  test(`${name}: reset replaces a tenant with its seed, durably`, async () => {
    const at = await location();
    const first = stateOn(await at.open());
    await first.unit('t', (u) => u.put('items', 'b', { id: 'b', n: 2, tags: [], dueAt: null }));
    await first.reset('t');
    expect(Object.keys((await stateOn(await at.open()).read('t')).items)).toEqual(['a']);
  });

  test(`${name}: an evicted tenant loads again identical, and later writes to it last`, async () => {
    const at = await location();
    const store = await at.open();
    const state = stateOn(store);
    await state.unit('t', (u) => u.put('items', 'b', { id: 'b', n: 2, tags: ['q'], dueAt: null }));
    const before = JSON.parse(JSON.stringify(await state.read('t'))) as unknown;
    expect(await state.evict('t')).toBe(true);
    expect(store.current('svc', 't')).toBeUndefined();
    expect(JSON.parse(JSON.stringify(await state.read('t')))).toEqual(before);
    await state.unit('t', (u) => u.set('counter', 9));
    expect((await stateOn(await at.open()).read('t')).counter).toBe(9);
  });

  test(`${name}: after a restart records come back in the order written, each with its fields in the order written`, async () => {
    const at = await location();
    const first = stateOn(await at.open());
    await first.unit('t', (u) => {
      u.put('items', 'z', { id: 'z', n: 1, tags: [], dueAt: null });
      u.put('items', 'm', { id: 'm', n: 2, tags: [], dueAt: null });
    });
    // replaced with a field added in the middle: it keeps its place, and the new field its position
    await first.unit('t', (u) => u.put('items', 'a', { id: 'a', extra: 'x', n: 3, tags: ['x'], dueAt: null } as Item));
    // removed and written again: it goes last, as in the document (a, z, m: not the keys' sorted order)
    await first.unit('t', (u) => u.remove('items', 'm'));
    await first.unit('t', (u) => u.put('items', 'm', { dueAt: null, id: 'm', n: 4, tags: [] }));
    const before = JSON.stringify(await first.read('t'));
    expect(Object.keys((await first.read('t')).items)).toEqual(['a', 'z', 'm']);
    expect(JSON.stringify(await stateOn(await at.open()).read('t'))).toBe(before);
  });

  test(`${name}: any key survives a restart: NUL, percent signs, non-ASCII`, async () => {
    const at = await location();
    const first = stateOn(await at.open());
    const keys = ['t\u0000K', '100%', '%00', '%2500\u0000%', 'ørder 🍕'];
    await first.unit('t', (u) => {
      for (const [n, k] of keys.entries()) u.put('items', k, { id: k, n, tags: [], dueAt: null });
    });
    const items = (await stateOn(await at.open()).read('t')).items;
    expect(Object.keys(items)).toEqual(['a', ...keys]);
    for (const k of keys) expect(items[k]?.id).toBe(k);
  });
}
