import { expect, test } from 'vitest';
import { CorrelationIds } from '../../src/core/correlation-ids.js';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('each number is spelt as the prefix and its 12 hex digits: ids handed out in order, older ones read back, and numbers up to 2^48', () => {
  const ids = new CorrelationIds(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
  const spelt = (n: number) => `01020304-0506-4708-890a-${n.toString(16).padStart(12, '0')}`;
  const handed: [number, string][] = [];
  for (let i = 0; i < 700; i++) {
    const n = ids.next();
    handed.push([n, ids.spell(n)]); // crosses two batch boundaries
  }
  for (const [n, id] of handed) expect(id).toBe(spelt(n));
  for (const n of [1, 300, 650, 699, 700]) expect(ids.spell(n)).toBe(spelt(n)); // as the journal reads them, in any order
  for (const n of [0xffffff, 0x1000000, 0x1000001, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 5, 2 ** 48 - 1]) expect(ids.spell(n)).toBe(spelt(n));
  const n = ids.next();
  expect(ids.spell(n)).toBe(spelt(701));
  expect(new Set(handed.map(([, id]) => id)).size).toBe(700);
});

test('ids are version 4 UUIDs; the prefix comes from the random bytes with the version and variant bits set; two sources share no ids', () => {
  expect(new CorrelationIds(new Uint8Array(10).fill(0xff)).spell(1)).toBe('ffffffff-ffff-4fff-bfff-000000000001');
  expect(new CorrelationIds(new Uint8Array(10)).spell(1)).toBe('00000000-0000-4000-8000-000000000001');
  const [a, b] = [new CorrelationIds(), new CorrelationIds()];
  const [x, y] = [a.spell(a.next()), b.spell(b.next())];
  expect(x).toMatch(V4);
  expect(y).toMatch(V4);
  expect(x).not.toBe(y);
  expect(() => new CorrelationIds(new Uint8Array(4))).toThrow(RangeError);
});
