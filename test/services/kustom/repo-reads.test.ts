import { expect, test } from 'vitest';
import { Clock } from '../../../src/core/clock.js';
import { Outbox } from '../../../src/core/outbox.js';
import { Store } from '../../../src/core/store.js';
import type { ServiceContext } from '../../../src/http/service-module.js';
import { KustomRepo } from '../../../src/services/kustom/repo.js';
import { base, T0 } from './order-factory.js';

/** Reads settle what time has done, with no clock tick in between (ticks run once a second at most). */
function repoAt(start: number) {
  let now = start;
  const clock = new Clock(() => now);
  const store = new Store(':memory:');
  const ctx = { clock, store, outbox: new Outbox({ clock, send: async () => 200 }) } as unknown as ServiceContext;
  const repo = new KustomRepo(ctx, () => ({ orders: {}, checkouts: {} }));
  return { repo, store, set: (t: number) => void (now = t) };
}

test('a read after the authorization lifetime sees the order EXPIRED, and the change is stored', async () => {
  const { repo, store, set } = repoAt(T0);
  const order = base();
  await repo.put('m', order);
  set(T0 + 3600_000);
  expect(await repo.get('m', order.order_id)).toBe(order); // nothing due: the stored object itself
  set(Date.parse(order.expires_at));
  expect((await repo.get('m', order.order_id))?.status).toBe('EXPIRED');
  const doc = await store.open<{ orders: Record<string, { status: string }> }>('kustom', 'm', () => ({ orders: {} }));
  expect(doc.data.orders[order.order_id]?.status).toBe('EXPIRED');
});

test('one order falling due makes reads settle again, and each order only as far as time has gone', async () => {
  const { repo, set } = repoAt(T0);
  const later = base();
  const pending = { ...base(), fraud_status: 'PENDING' as const };
  pending.sandbox = { ...pending.sandbox, fraud_resolution: { at: new Date(T0 + 600_000).toISOString(), to: 'REJECTED' } };
  await repo.put('m', later);
  await repo.put('m', pending);
  set(T0 + 300_000);
  expect((await repo.get('m', pending.order_id))?.fraud_status).toBe('PENDING');
  set(T0 + 600_000);
  expect(await repo.get('m', later.order_id)).toBe(later);
  const settled = await repo.get('m', pending.order_id);
  expect([settled?.fraud_status, settled?.status]).toEqual(['REJECTED', 'CANCELLED']);
});

test('a read answers without a promise once the tenant\'s document is open and while nothing is due; otherwise it waits', async () => {
  const { repo, set } = repoAt(T0);
  const order = base();
  const first = repo.get('m', order.order_id);
  expect(first).toBeInstanceOf(Promise); // the document is not open yet
  expect(await first).toBeUndefined();
  await repo.put('m', order);
  expect(repo.get('m', order.order_id)).toBe(order);
  expect(repo.get('m', 'no-such-order')).toBeUndefined();
  set(Date.parse(order.expires_at)); // the order falls due: settling it writes, so the read waits
  const due = repo.get('m', order.order_id);
  expect(due).toBeInstanceOf(Promise);
  expect((await due)?.status).toBe('EXPIRED');
});
