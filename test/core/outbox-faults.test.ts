import { expect, test } from 'vitest';
import { Clock } from '../../src/core/clock.js';
import type { DeliveryFault } from '../../src/core/delivery.js';
import { Outbox } from '../../src/core/outbox.js';

function setup(fault: (kind: string) => DeliveryFault | null) {
  let real = 0;
  const clock = new Clock(() => real);
  const sent: string[] = [];
  const outbox = new Outbox({ clock, send: async (_url, init) => (sent.push(init.body), 200), faults: (d) => fault(d.kind) });
  const enqueue = (kind: string, body: string) => outbox.enqueue({ service: 's', tenant: 't', kind, url: 'http://127.0.0.1:1/h', body, schedule: [0, 10_000, 60_000] });
  return { outbox, sent, enqueue, tick: (ms: number) => ((real += ms), outbox.runDue()) };
}

const f = (fault: DeliveryFault['fault'], extra: Partial<DeliveryFault> = {}): DeliveryFault => ({ label: 'sc#1', fault, ...extra });

test('delayed: every attempt comes later by ms', async () => {
  const { outbox, sent, enqueue, tick } = setup(() => f('delayed', { ms: 5000 }));
  const d = enqueue('k', 'a');
  await tick(4999);
  expect(sent).toEqual([]);
  await tick(1);
  expect(sent).toEqual(['a']);
  expect(outbox.get(d.id)).toMatchObject({ state: 'delivered', scenario: 'sc#1 (delayed)', attempts: [{ at: new Date(5000).toISOString() }] });
});

test('duplicated: the receiver gets the same delivery twice', async () => {
  const { outbox, sent, enqueue, tick } = setup(() => f('duplicated'));
  enqueue('k', 'a');
  await tick(0);
  expect(sent).toEqual(['a', 'a']);
  expect(outbox.list().map((d) => outbox.get(d.id)!.state)).toEqual(['delivered', 'delivered']);
});

test('out_of_order: held until a later delivery of the tenant has gone, so it arrives after it', async () => {
  const { outbox, sent, enqueue, tick } = setup((kind) => (kind === 'first' ? f('out_of_order', { ms: 60_000 }) : null));
  const first = enqueue('first', '1');
  await tick(1000);
  expect(sent).toEqual([]);
  enqueue('second', '2');
  await tick(0);
  await tick(0);
  expect(sent).toEqual(['2', '1']);
  expect(outbox.get(first.id)!.attempts[0]?.at).toBe(new Date(1000).toISOString());
});

test('out_of_order without a later delivery is released after ms', async () => {
  const { sent, enqueue, tick } = setup(() => f('out_of_order', { ms: 3000 }));
  enqueue('k', 'a');
  await tick(2999);
  expect(sent).toEqual([]);
  await tick(1);
  expect(sent).toEqual(['a']);
});

test('dropped: the first attempts never reach the receiver; retries follow the schedule', async () => {
  const { outbox, sent, enqueue, tick } = setup(() => f('dropped', { attempts: 2 }));
  const d = enqueue('k', 'a');
  await tick(0);
  await tick(10_000);
  expect(sent).toEqual([]);
  expect(outbox.get(d.id)!.attempts.map((a) => [a.status, a.error?.includes('dropped on the way by scenario sc#1') ?? false])).toEqual([[null, true], [null, true]]);
  await tick(50_000);
  expect(sent).toEqual(['a']);
  expect(outbox.get(d.id)!.state).toBe('delivered');
});

test('inbox deliveries (no receiver URL) are never disturbed', () => {
  let asked = 0;
  const outbox = new Outbox({ clock: new Clock(() => 0), faults: () => (asked++, f('dropped')) });
  const d = outbox.enqueue({ service: 's', tenant: 't', kind: 'k', url: null, body: '' });
  expect([outbox.get(d.id)!.state, d.scenario, asked]).toEqual(['inbox', undefined, 0]);
});
