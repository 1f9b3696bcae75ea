import { expect, test } from 'vitest';
import { lazyProperty, once } from '../../src/core/lazy.js';

test('once computes on the first call only; lazyProperty reads through it, enumerable, nothing computed before', () => {
  let calls = 0;
  const menus = once(() => {
    calls++;
    return [{ id: 'm' }];
  });
  const store = lazyProperty({ id: '48002' }, 'menus', menus);
  expect(calls).toBe(0);
  expect(store.menus).toBe(store.menus);
  expect(calls).toBe(1);
  expect(Object.keys(store)).toEqual(['id', 'menus']);
  expect(JSON.parse(JSON.stringify(store))).toEqual({ id: '48002', menus: [{ id: 'm' }] });
  expect(calls).toBe(1);
});
