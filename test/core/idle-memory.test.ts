import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { idleMemoryRelease } from '../../src/core/idle-memory.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const busy = (idle: { onRequest(): void }, n: number) => {
  for (let i = 0; i < n; i++) idle.onRequest();
};

test('collects after a busy spell once a second passes without a request, then three times more as V8 shrinks its spaces', () => {
  const collect = vi.fn();
  const idle = idleMemoryRelease({ idleMs: 1000, minRequests: 1000, collect, rss: () => 200e6 });
  busy(idle, 1000);
  vi.advanceTimersByTime(1000); // the step that sees the requests, then 750 ms of quiet
  expect(collect).not.toHaveBeenCalled();
  vi.advanceTimersByTime(250);
  expect(collect).toHaveBeenCalledTimes(1);
  vi.advanceTimersByTime(1000);
  expect(collect).toHaveBeenCalledTimes(3);
  vi.advanceTimersByTime(1000);
  expect(collect).toHaveBeenCalledTimes(4);
  expect(idle.releases).toBe(1);
  vi.advanceTimersByTime(60_000); // quiet, but nothing new to give back
  expect(collect).toHaveBeenCalledTimes(4);
  idle.stop();
});

test('the later collections are skipped once requests come again, or once RSS is under the floor', () => {
  const collect = vi.fn();
  const idle = idleMemoryRelease({ idleMs: 1000, minRequests: 1000, collect, rss: () => 200e6 });
  busy(idle, 1000);
  vi.advanceTimersByTime(1250);
  expect(collect).toHaveBeenCalledTimes(1);
  idle.onRequest(); // a new load begins
  vi.advanceTimersByTime(2500);
  expect(collect).toHaveBeenCalledTimes(1);
  idle.stop();

  const shrinking = vi.fn();
  let rss = 200e6;
  const low = idleMemoryRelease({ idleMs: 1000, minRequests: 1000, minRssBytes: 150e6, collect: () => { shrinking(); rss -= 40e6; }, rss: () => rss });
  busy(low, 1000);
  vi.advanceTimersByTime(1250 + 300); // the first collection, then the one at 300 ms: 120 MB
  expect(shrinking).toHaveBeenCalledTimes(2);
  vi.advanceTimersByTime(2000); // under the floor: the ones at 1 s and 2 s are skipped
  expect(shrinking).toHaveBeenCalledTimes(2);
  low.stop();
});

test('never while requests keep coming, nor after too few of them', () => {
  const collect = vi.fn();
  const idle = idleMemoryRelease({ idleMs: 1000, minRequests: 1000, collect, rss: () => 200e6 });
  for (let i = 0; i < 50; i++) {
    busy(idle, 100);
    vi.advanceTimersByTime(600);
  }
  expect(collect).not.toHaveBeenCalled();
  idle.stop();
  const few = idleMemoryRelease({ idleMs: 1000, minRequests: 1000, collect, rss: () => 200e6 });
  busy(few, 999);
  vi.advanceTimersByTime(10_000);
  expect(collect).not.toHaveBeenCalled();
  busy(few, 1);
  vi.advanceTimersByTime(1500);
  expect(collect).toHaveBeenCalledTimes(1);
  few.stop();
});

test('not while RSS is under the floor: the spell counts as looked at, and a later one over it releases', () => {
  const collect = vi.fn();
  let rss = 110e6;
  const idle = idleMemoryRelease({ idleMs: 1000, minRequests: 1000, minRssBytes: 128 * 1024 * 1024, collect, rss: () => rss });
  busy(idle, 5000);
  vi.advanceTimersByTime(10_000);
  expect(collect).not.toHaveBeenCalled();
  rss = 180e6;
  vi.advanceTimersByTime(10_000); // no new requests since: nothing to look at
  expect(collect).not.toHaveBeenCalled();
  busy(idle, 1000);
  vi.advanceTimersByTime(1500);
  expect(collect).toHaveBeenCalledTimes(1);
  expect(idle.releases).toBe(1);
  idle.stop();
});

test('stop cancels the follow-up collections', () => {
  const collect = vi.fn();
  const idle = idleMemoryRelease({ idleMs: 500, minRequests: 1, collect, rss: () => 200e6 });
  busy(idle, 1);
  vi.advanceTimersByTime(750);
  expect(collect).toHaveBeenCalledTimes(1);
  idle.stop();
  vi.advanceTimersByTime(5000);
  expect(collect).toHaveBeenCalledTimes(1);
});

test('without a collect function it uses V8\'s full collection', () => {
  vi.useRealTimers();
  vi.useFakeTimers({ toFake: ['setInterval', 'setTimeout', 'clearInterval', 'clearTimeout'] });
  const idle = idleMemoryRelease({ idleMs: 250, minRequests: 1, minRssBytes: 0 });
  busy(idle, 1);
  vi.advanceTimersByTime(500);
  expect(idle.releases).toBe(1);
  idle.stop();
});

test('a nudge (tenants evicted) releases at the next quiet moment, however few requests came', () => {
  const collect = vi.fn();
  const idle = idleMemoryRelease({ idleMs: 1000, minRequests: 1000, collect, rss: () => 200e6 });
  busy(idle, 10);
  vi.advanceTimersByTime(5000);
  expect(collect).not.toHaveBeenCalled(); // too few requests to be worth it
  idle.nudge();
  vi.advanceTimersByTime(250);
  expect(collect).toHaveBeenCalledTimes(1);
  expect(idle.releases).toBe(1);
  idle.stop();
});
