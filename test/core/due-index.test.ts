import { expect, test } from 'vitest';
import { DueIndex } from '../../src/core/due-index.js';

test('the earliest due time per tenant: recompute, note only earlier, isDue, forget', () => {
  const d = new DueIndex();
  expect(d.known('t')).toBe(false);
  expect(d.isDue('t', Infinity)).toBe(false);
  d.recompute('t', [null, 5000, 3000]);
  expect(d.isDue('t', 2999)).toBe(false);
  expect(d.isDue('t', 3000)).toBe(true);
  d.note('t', 4000); // later: no change
  d.note('t', null);
  d.note('t', 1000);
  expect(d.isDue('t', 1000)).toBe(true);
  d.recompute('t', []);
  expect(d.known('t')).toBe(true);
  expect(d.isDue('t', Number.MAX_SAFE_INTEGER)).toBe(false);
  d.forget('t');
  expect(d.known('t')).toBe(false);
});
