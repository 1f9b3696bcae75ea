import { expect, test } from 'vitest';
import { Clock } from '../../src/core/clock.js';
import { Outbox } from '../../src/core/outbox.js';

function setup(statuses: (number | Error)[]) {
  let real = 0;
  const clock = new Clock(() => real);
  const sent: string[] = [];
  const outbox = new Outbox({
    clock,
    send: async (url) => {
      sent.push(url);
      const s = statuses.shift() ?? 200;
      if (s instanceof Error) throw s;
      return s;
    },
  });
  return { clock, outbox, sent, tick: (ms: number) => ((real += ms), outbox.runDue()) };
}

test('retries on its schedule until a 2xx, recording every attempt', async () => {
  const { outbox, sent, tick } = setup([500, new Error('connect ECONNREFUSED'), 204]);
  const d = outbox.enqueue({ service: 's', tenant: 't', kind: 'k', url: 'http://127.0.0.1:1/h', body: '{}', schedule: [0, 1000, 5000, 9000] });
  await tick(0);
  await tick(999);
  expect(sent).toHaveLength(1);
  await tick(1);
  await tick(4000);
  expect(outbox.get(d.id)!.attempts.map((a) => [a.status, a.error?.includes('ECONNREFUSED') ?? false])).toEqual([[500, false], [null, true], [204, false]]);
  expect(outbox.get(d.id)!.state).toBe('delivered');
  await tick(10_000);
  expect(sent).toHaveLength(3);
});

test('a schedule that runs out without success ends failed', async () => {
  const { outbox, tick } = setup([500, 500]);
  const d = outbox.enqueue({ service: 's', tenant: 't', kind: 'k', url: 'http://127.0.0.1:1/h', body: '', schedule: [0, 10] });
  await tick(100);
  expect(outbox.get(d.id)!.attempts).toHaveLength(2);
  expect(outbox.get(d.id)!.state).toBe('failed');
});

test('until cancelled: keeps going after a 2xx; cancel stops it', async () => {
  const { outbox, tick } = setup([200, 200, 200]);
  const d = outbox.enqueue({ service: 's', tenant: 't', kind: 'push', key: 'push:1', url: 'http://127.0.0.1:1/h', body: '', schedule: [0, 10, 20], until: 'cancelled' });
  await tick(10);
  expect(outbox.get(d.id)!.attempts).toHaveLength(2);
  expect(outbox.cancel('s', 't', 'push:1')).toBe(1);
  await tick(100);
  expect(outbox.get(d.id)!.attempts).toHaveLength(2);
  expect(outbox.get(d.id)!.state).toBe('delivered');
});

test('without a URL a delivery lands in the inbox at once', async () => {
  const { outbox, sent, tick } = setup([]);
  const d = outbox.enqueue({ service: 's', tenant: 't', kind: 'k', url: null, body: '{"a":1}' });
  await tick(1000);
  expect(outbox.get(d.id)!.state).toBe('inbox');
  expect(sent).toEqual([]);
  expect(outbox.list({ service: 's' })).toEqual([d]);
});

test('attempts follow the tenant\'s own clock', async () => {
  const { clock, outbox, sent } = setup([]);
  outbox.enqueue({ service: 's', tenant: 'a', kind: 'k', url: 'http://127.0.0.1:1/a', body: '', schedule: [60_000] });
  outbox.enqueue({ service: 's', tenant: 'b', kind: 'k', url: 'http://127.0.0.1:1/b', body: '', schedule: [60_000] });
  clock.advance(60, { service: 's', tenant: 'a' });
  await outbox.runDue();
  expect(sent).toEqual(['http://127.0.0.1:1/a']);
});

test('history is bounded; pending deliveries are never dropped', () => {
  const clock = new Clock(() => 0);
  const outbox = new Outbox({ clock, historyLimit: 3, send: async () => 200 });
  for (let i = 0; i < 5; i++) outbox.enqueue({ service: 's', tenant: 't', kind: 'k', url: null, body: '' });
  expect(outbox.list()).toHaveLength(3);
  for (let i = 0; i < 5; i++) outbox.enqueue({ service: 's', tenant: 't', kind: 'k', url: 'http://127.0.0.1:1/', body: '', schedule: [1000] });
  expect(outbox.list().filter((d) => outbox.get(d.id)!.state === 'pending')).toHaveLength(5);
});

test('until 200: a 204 is a failure and is retried; only a 200 delivers', async () => {
  const { outbox, tick } = setup([204, 200]);
  const d = outbox.enqueue({ service: 's', tenant: 't', kind: 'k', url: 'http://127.0.0.1:1/h', body: '{}', schedule: [0, 1000], until: '200' });
  await tick(0);
  expect(outbox.get(d.id)!.state).toBe('pending');
  await tick(1000);
  expect(outbox.get(d.id)!.attempts.map((a) => a.status)).toEqual([204, 200]);
  expect(outbox.get(d.id)!.state).toBe('delivered');
  const e = outbox.enqueue({ service: 's', tenant: 't', kind: 'k', url: 'http://127.0.0.1:1/h', body: '{}', schedule: [0], until: '200' });
  await tick(0);
  expect(outbox.get(e.id)!.state).toBe('delivered'); // setup answers 200 once the list is used up
});

test('until 200 with only 2xx-but-not-200 answers ends failed', async () => {
  const { outbox, tick } = setup([201, 202]);
  const d = outbox.enqueue({ service: 's', tenant: 't', kind: 'k', url: 'http://127.0.0.1:1/h', body: '{}', schedule: [0, 10], until: '200' });
  await tick(0);
  await tick(10);
  expect(outbox.get(d.id)!.state).toBe('failed');
});

test('a delivery enqueued late for an earlier event counts its schedule from the event', async () => {
  const { outbox, tick } = setup([500, 500, 500]);
  await tick(100_000);
  const d = outbox.enqueue({ service: 's', tenant: 't', kind: 'k', url: 'http://127.0.0.1:1/h', body: '{}', schedule: [0, 1000, 60_000], at: 40_000 });
  expect(d.createdAt).toBe(new Date(40_000).toISOString());
  await tick(0);
  expect(outbox.get(d.id)!.attempts.map((a) => a.at)).toEqual([new Date(40_000).toISOString(), new Date(41_000).toISOString(), new Date(100_000).toISOString()]);
});
