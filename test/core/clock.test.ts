import { expect, test } from 'vitest';
import { Clock } from '../../src/core/clock.js';

const fixed = (t: number) => () => t;

test('real time plus offsets: global, service and tenant stack', () => {
  const clock = new Clock(fixed(1000));
  clock.advance(1);
  clock.advance(2, { service: 'kustom' });
  clock.advance(3, { service: 'kustom', tenant: 'a' });
  expect(clock.now()).toBe(2000);
  expect(clock.now('kustom')).toBe(4000);
  expect(clock.now('kustom', 'a')).toBe(7000);
  expect(clock.now('kustom', 'b')).toBe(4000);
  expect(clock.now('other', 'a')).toBe(2000);
});

test('set moves the global time; frozen time stands still and advances only when told', () => {
  let real = 0;
  const clock = new Clock(() => real);
  clock.set({ now: 50_000 });
  real = 10;
  expect(clock.now()).toBe(50_010);
  clock.set({ frozen: true });
  real = 99_999;
  expect(clock.now()).toBe(50_010);
  clock.advance(5);
  expect(clock.now()).toBe(55_010);
  expect(clock.state()).toMatchObject({ frozen: true, now: new Date(55_010).toISOString() });
});

test('reset of a scope forgets only its offsets; a global reset unfreezes', () => {
  const clock = new Clock(fixed(0));
  clock.advance(10, { service: 'kustom', tenant: 'a' });
  clock.advance(10, { service: 'kustom', tenant: 'b' });
  clock.reset({ service: 'kustom', tenant: 'a' });
  expect(clock.now('kustom', 'a')).toBe(0);
  expect(clock.now('kustom', 'b')).toBe(10_000);
  clock.set({ now: 5, frozen: true });
  clock.reset();
  expect(clock.state()).toEqual({ now: new Date(0).toISOString(), frozen: false, offsets: [] });
});

test('reset of a tenant without a service forgets that tenant\'s offsets in every service, and nothing else', () => {
  const clock = new Clock(fixed(0));
  clock.advance(10, { service: 'kustom', tenant: 'a' });
  clock.advance(20, { service: 'khumbu', tenant: 'a' });
  clock.advance(30, { service: 'kustom', tenant: 'b' });
  clock.advance(40, { service: 'kustom' });
  clock.reset({ tenant: 'a' });
  expect(clock.state().offsets).toEqual([{ scope: 'kustom/b', seconds: 30 }, { scope: 'kustom', seconds: 40 }]);
});
