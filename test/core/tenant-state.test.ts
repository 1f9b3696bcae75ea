import { expect, onTestFinished, test } from 'vitest';
import { Clock } from '../../src/core/clock.js';
import type { Delivery, DeliveryRecord } from '../../src/core/delivery.js';
import { Outbox } from '../../src/core/outbox.js';
import { TenantState, type StateContext } from '../../src/core/state/tenant-state.js';
import { keptDeliveries } from '../../src/core/state/kept-deliveries.js';
import { Store, type TenantDoc } from '../../src/core/store.js';

/** The state layer's contract, without HTTP: units commit or undo as one, webhooks follow commits, records are values. */
interface Item {
  id: string;
  n: number;
  dueAt: number | null;
  tags: string[];
}
interface Doc {
  items: Record<string, Item>;
  counter: number;
}

const seed = (): Doc => ({ items: { a: { id: 'a', n: 1, dueAt: null, tags: ['x'] } }, counter: 0 });

function setup(opts: { store?: Store; freeze?: boolean } = {}) {
  const clock = new Clock(() => 1_000_000);
  clock.set({ frozen: true });
  const cancelled: string[] = [];
  /** Records the keys units stop (the outbox works out their deliveries' stops within the unit). */
  class RecordingOutbox extends Outbox {
    override cancelled(service: string, tenant: string, key: string) {
      cancelled.push(key);
      return super.cancelled(service, tenant, key);
    }
  }
  const outbox = new RecordingOutbox({ clock, send: async () => 200 });
  /** What the outbox took over, oldest first: it only ever gets a unit's deliveries once the unit has committed. */
  const sent = { map: <T>(f: (d: Delivery) => T) => outbox.list().reverse().map(f), get length() { return outbox.list().length; } };
  const ctx: StateContext = {
    store: opts.store ?? new Store(':memory:'),
    clock,
    outbox,
    freezeRecords: opts.freeze ?? true,
  };
  const state = new TenantState<Doc, 'items'>(ctx, {
    service: 'svc',
    seed,
    collection: 'items',
    // Time turns a due item's n negative, with a webhook.
    settle: (item, u) => {
      if (item.dueAt === null || item.dueAt > u.now) return item;
      u.enqueue({ service: 'svc', tenant: u.tenant, kind: 'settled', url: null, body: item.id });
      return { ...item, n: -item.n, dueAt: null };
    },
    dueAt: (item) => item.dueAt,
  });
  return { state, clock, sent, cancelled };
}

/** A store whose next commits fail (a full disk, say), for the undo path. */
class FailingStore extends Store {
  failing = false;
  constructor() {
    super(':memory:');
  }
  readonly #wrapped = new Map<string, TenantDoc<unknown>>();
  override async open<T>(service: string, tenant: string, seedFn: () => T): Promise<TenantDoc<T>> {
    const doc = await super.open(service, tenant, seedFn);
    const failing = () => this.failing;
    const key = `${service}/${tenant}`;
    const known = this.#wrapped.get(key) as TenantDoc<T> | undefined;
    if (known) return known;
    const wrapped: TenantDoc<T> = {
      service, tenant,
      get data() {
        return doc.data;
      },
      replace: (d: T) => doc.replace(d),
      hold: () => doc.hold(),
      commit: () => (failing() ? Promise.reject(new Error('ENOSPC: no space left on device')) : doc.commit()),
      shared: false, stale: false, generation: 0, begin: (owner) => doc.begin(owner), end: (owner) => doc.end(owner), seen: () => Promise.resolve(),
    };
    this.#wrapped.set(key, wrapped as TenantDoc<unknown>);
    return wrapped;
  }
}

test('a unit commits its puts, sets and webhooks as one; what it returns is the result', async () => {
  const { state, sent, cancelled } = setup();
  const r = await state.unit('t', (u) => {
    u.put('items', 'b', { id: 'b', n: 2, dueAt: null, tags: [] });
    u.set('counter', 1);
    u.enqueue({ service: 'svc', tenant: 't', kind: 'created', url: null, body: 'b' });
    u.cancel('k');
    return 'ok';
  });
  expect(r).toBe('ok');
  const data = await state.read('t');
  expect(Object.keys(data.items)).toEqual(['a', 'b']);
  expect(data.counter).toBe(1);
  expect(sent.map((s) => s.kind)).toEqual(['created']);
  expect(cancelled).toEqual(['k']);
});

test('a unit whose function throws changes nothing and sends nothing', async () => {
  const { state, sent } = setup();
  await expect(state.unit('t', (u) => {
    u.put('items', 'b', { id: 'b', n: 2, dueAt: null, tags: [] });
    u.put('items', 'a', { id: 'a', n: 9, dueAt: null, tags: [] });
    u.set('counter', 5);
    u.enqueue({ service: 'svc', tenant: 't', kind: 'created', url: null, body: 'b' });
    throw new Error('refused');
  })).rejects.toThrow('refused');
  const data = await state.read('t');
  expect(Object.keys(data.items)).toEqual(['a']);
  expect(data.items.a?.n).toBe(1);
  expect(data.counter).toBe(0);
  expect(sent.length).toBe(0);
});

test('a write that fails sends no webhook and is taken back in memory (transactional outbox)', async () => {
  const store = new FailingStore();
  const { state, sent } = setup({ store });
  await state.read('t');
  store.failing = true;
  await expect(state.unit('t', (u) => {
    u.put('items', 'b', { id: 'b', n: 2, dueAt: null, tags: [] });
    u.enqueue({ service: 'svc', tenant: 't', kind: 'created', url: null, body: 'b' });
  })).rejects.toThrow('ENOSPC');
  expect(sent.length).toBe(0);
  expect(Object.keys((await state.read('t')).items)).toEqual(['a']);
  store.failing = false;
  await state.unit('t', (u) => u.put('items', 'c', { id: 'c', n: 3, dueAt: null, tags: [] }));
  expect(Object.keys((await state.read('t')).items)).toEqual(['a', 'c']);
});

test('a stored record edited in place throws: records are values, replaced and never edited', async () => {
  const { state } = setup();
  const a = await state.get('t', 'a');
  expect(() => {
    (a as Item).n = 2;
  }).toThrow(TypeError);
  expect(() => (a as Item).tags.push('y')).toThrow(TypeError);
  const b: Item = { id: 'b', n: 2, dueAt: null, tags: [] };
  await state.unit('t', (u) => u.put('items', 'b', b));
  expect(() => b.tags.push('y')).toThrow(TypeError);
  expect((await state.get('t', 'a'))?.n).toBe(1);
});

test('reads settle what fell due (with its webhook, once committed); a read with nothing due answers without a promise', async () => {
  const { state, clock, sent } = setup();
  await state.unit('t', (u) => u.put('items', 'b', { id: 'b', n: 2, dueAt: 1_000_000 + 5_000, tags: [] }));
  expect(state.get('t', 'b')).toEqual(expect.objectContaining({ n: 2 })); // not a promise: nothing due
  clock.advance(5);
  const due = state.get('t', 'b');
  expect(due).toBeInstanceOf(Promise);
  expect(await due).toEqual(expect.objectContaining({ n: -2, dueAt: null }));
  expect(await state.get('t', 'b')).toEqual(expect.objectContaining({ n: -2 }));
  expect(sent.map((s) => [s.kind, s.body])).toEqual([['settled', 'b']]); // settled once
});

test('the tick settles due records of open tenants only when something is due, and each due change happens once', async () => {
  const { state, clock, sent } = setup();
  await state.unit('t', (u) => {
    u.put('items', 'b', { id: 'b', n: 2, dueAt: 1_000_000 + 1_000, tags: [] });
    u.put('items', 'c', { id: 'c', n: 3, dueAt: 1_000_000 + 9_000, tags: [] });
  });
  await state.tick();
  expect(sent.length).toBe(0);
  clock.advance(1);
  await state.tick();
  await state.tick();
  expect(sent.map((s) => s.body)).toEqual(['b']);
  clock.advance(10);
  expect((await state.all('t')).map((i) => i.n).sort((x, y) => x - y)).toEqual([-3, -2, 1]);
  expect(sent.map((s) => s.body)).toEqual(['b', 'c']);
});

test('reset gives the tenant a fresh seed', async () => {
  const { state } = setup();
  await state.unit('t', (u) => u.put('items', 'b', { id: 'b', n: 2, dueAt: null, tags: [] }));
  await state.reset('t');
  expect(Object.keys((await state.read('t')).items)).toEqual(['a']);
});

test('a request scope commits its units with the idempotency record of its answer in one write, or takes all of it back', async () => {
  const { RequestScope } = await import('../../src/core/state/request-scope.js');
  const store = new FailingStore();
  const { state, sent } = setup({ store });
  const record = { status: 201, headers: [] as [string, string][], body: '', expiresAt: 2_000_000 };
  const change = (id: string, scope: InstanceType<typeof RequestScope>) => state.unit('t', (u) => {
    u.put('items', id, { id, n: 1, dueAt: null, tags: [] });
    u.enqueue({ service: 'svc', tenant: 't', kind: 'created', url: null, body: id });
  }, scope);

  const ok = new RequestScope('svc', 't');
  await change('b', ok);
  expect(sent.length).toBe(0); // held for the scope's commit
  await state.finish(ok, { key: 'K', record });
  expect(sent.map((s) => s.body)).toEqual(['b']);
  expect(await state.remembered('t', 'K')).toEqual(record);

  const failing = new RequestScope('svc', 't');
  await change('c', failing);
  store.failing = true;
  await expect(state.finish(failing, { key: 'L', record })).rejects.toThrow('ENOSPC');
  store.failing = false;
  expect(await state.remembered('t', 'L')).toBeUndefined();
  expect(Object.keys((await state.read('t')).items)).toEqual(['a', 'b']);
  expect(sent.map((s) => s.body)).toEqual(['b']);
});

test('while a request scope holds the document, other commits wait for it (the change never lands without its record)', async () => {
  const { RequestScope } = await import('../../src/core/state/request-scope.js');
  const { mkdtemp } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const store = new Store(await mkdtemp(join(tmpdir(), 'scope-')));
  onTestFinished(() => store.close());
  const { state } = setup({ store });
  await state.read('t');
  const scope = new RequestScope('svc', 't');
  await state.unit('t', (u) => u.put('items', 'b', { id: 'b', n: 1, dueAt: null, tags: [] }), scope);
  let otherDone = false;
  const other = state.unit('t', (u) => u.set('counter', 1)).then(() => (otherDone = true));
  await new Promise((r) => setTimeout(r, 50));
  expect(otherDone).toBe(false);
  await state.finish(scope, { key: 'K', record: { status: 201, headers: [], body: '', expiresAt: 2_000_000 } });
  await other;
  expect(otherDone).toBe(true);
});

test('units sharing a failed commit end where the oldest began, whichever takes its change back first', async () => {
  const store = new FailingStore();
  const { state } = setup({ store });
  await state.read('t');
  store.failing = true;
  // B runs on top of A before their commit fails; each undoes in its own catch, A (the older) first.
  const a = state.unit('t', (u) => u.put('items', 'a', { ...u.data.items.a!, n: 100 }));
  const b = state.unit('t', (u) => {
    u.put('items', 'a', { ...u.data.items.a!, n: u.data.items.a!.n + 50 });
    u.set('counter', 7);
  });
  await expect(a).rejects.toThrow('ENOSPC');
  await expect(b).rejects.toThrow('ENOSPC');
  store.failing = false;
  const data = await state.read('t');
  expect(data.items.a?.n).toBe(1);
  expect(data.counter).toBe(0);
});

test('a unit in a request scope holds the document from the moment it is applied, even while its due moment is being kept', async () => {
  const { RequestScope } = await import('../../src/core/state/request-scope.js');
  const { mkdtemp } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const store = new Store(await mkdtemp(join(tmpdir(), 'scope-due-')));
  onTestFinished(() => store.close());
  let keep!: () => void;
  const dues = { lower: () => new Promise<void>((r) => (keep = r)), settle: () => undefined, of: () => [] };
  const clock = new Clock(() => 1_000_000);
  const state = new TenantState<Doc, 'items'>({ store, clock, outbox: new Outbox({ clock }), dues }, { service: 'svc', seed, collection: 'items', settle: (i) => i, dueAt: (i) => i.dueAt });
  await state.read('t');
  const scope = new RequestScope('svc', 't');
  const inScope = state.unit('t', (u) => u.put('items', 'b', { id: 'b', n: 1, dueAt: 2_000_000, tags: [] }), scope);
  await new Promise((r) => setTimeout(r, 10)); // the unit is applied and waits for its due moment to be kept
  let otherDone = false;
  const other = state.unit('t', (u) => u.set('counter', 1)).then(() => (otherDone = true));
  await new Promise((r) => setTimeout(r, 50));
  expect(otherDone).toBe(false); // it would carry the scope's change to disk without its idempotency record
  keep();
  await inScope;
  await state.finish(scope, { key: 'K', record: { status: 201, headers: [], body: '', expiresAt: 2_000_000 } });
  await other;
  expect(otherDone).toBe(true);
});

test('a delivery being stopped is not attempted while its stop is on its way to disk; if the stop is undone, it is attempted after all', async () => {
  const { RequestScope } = await import('../../src/core/state/request-scope.js');
  const clock = new Clock(() => 1_000_000);
  const sent: string[] = [];
  const outbox = new Outbox({ clock, send: async (url) => (sent.push(url), 200) });
  const state = new TenantState<Doc, 'items'>({ store: new Store(':memory:'), clock, outbox }, { service: 'svc', seed, collection: 'items', settle: (i) => i, dueAt: (i) => i.dueAt });
  await state.unit('t', (u) => u.enqueue({ service: 'svc', tenant: 't', kind: 'push', key: 'push:1', url: 'http://127.0.0.1:1/push', body: '', schedule: [0, 60_000], until: 'cancelled' }));
  const stop = (scope: InstanceType<typeof RequestScope>) => state.unit('t', (u) => {
    u.cancel('push:1');
    u.set('counter', 1); // the acknowledge the stop belongs to
  }, scope);

  const undone = new RequestScope('svc', 't');
  await stop(undone);
  await outbox.runDue();
  expect(sent).toEqual([]); // held back while the acknowledge commits
  await state.finish(undone, null, { undo: true }); // the acknowledge failed: the push goes on
  await outbox.runDue();
  expect(sent).toHaveLength(1);

  const done = new RequestScope('svc', 't');
  await stop(done);
  await state.finish(done, null);
  clock.advance(60);
  await outbox.runDue();
  expect(sent).toHaveLength(1);
  expect(outbox.list()[0]?.state).toBe('delivered'); // stopped after its 2xx: delivered, not cancelled
});

test('an attempt in flight that lands before its stop commits is stopped again from its new state, in memory and in the document', async () => {
  const { RequestScope } = await import('../../src/core/state/request-scope.js');
  const clock = new Clock(() => 1_000_000);
  let answer!: (status: number) => void;
  // As the sandbox wires it: the outbox keeps each new state of a delivery in its tenant's document.
  const keep = { keep: (r: DeliveryRecord, fresh: boolean): Promise<void> => keptDeliveries(new Map([['svc', state as unknown as TenantState<never, never>]]), undefined).keep(r, fresh), forget: async () => undefined };
  const outbox: Outbox = new Outbox({ clock, send: () => new Promise<number>((r) => (answer = r)), persist: keep });
  const state: TenantState<Doc, 'items'> = new TenantState<Doc, 'items'>({ store: new Store(':memory:'), clock, outbox }, { service: 'svc', seed, collection: 'items', settle: (i) => i, dueAt: (i) => i.dueAt });
  await state.unit('t', (u) => u.enqueue({ service: 'svc', tenant: 't', kind: 'push', key: 'push:1', url: 'http://127.0.0.1:1/push', body: '', schedule: [0, 60_000], until: 'cancelled' }));
  const attempting = outbox.runDue(); // the push is on its way
  await new Promise((r) => setTimeout(r, 0));
  const scope = new RequestScope('svc', 't');
  await state.unit('t', (u) => {
    u.cancel('push:1');
    u.set('counter', 1);
  }, scope);
  answer(200); // it lands while the acknowledge is still committing
  await attempting;
  await state.finish(scope, null);
  await new Promise((r) => setTimeout(r, 0));
  const [delivery] = outbox.list();
  expect([delivery?.state, delivery?.attempts.length]).toEqual(['delivered', 1]);
  const stored = Object.values((await state.read('t') as unknown as { _outbox: Record<string, { d: { state: string; attempts: unknown[] } }> })._outbox);
  expect(stored.map((r) => [r.d.state, r.d.attempts.length])).toEqual([['delivered', 1]]);
});
