import { expect, test } from 'vitest';
import { CorrelationIds } from '../../src/core/correlation-ids.js';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('ids are version 4 UUIDs, each number spelt as its own id, unique across numbers up to 2^48', () => {
  const ids = new CorrelationIds();
  const seen = new Set<string>();
  for (let i = 0; i < 1_000; i++) seen.add(ids.spell(ids.next()));
  for (const n of [0xffffff, 0x1000000, 0x1000001, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 5, 2 ** 48 - 1]) seen.add(ids.spell(n));
  expect(seen.size).toBe(1_007);
  for (const id of seen) expect(id).toMatch(V4);
  expect(ids.spell(2 ** 40 + 5).slice(-12)).toBe('010000000005');
  expect(ids.spell(2 ** 48 - 1).slice(-12)).toBe('ffffffffffff');
});

test('the prefix comes from the random bytes, with the version and variant bits set; two sources share no ids', () => {
  expect(new CorrelationIds(new Uint8Array(10).fill(0xff)).spell(1)).toBe('ffffffff-ffff-4fff-bfff-000000000001');
  expect(new CorrelationIds(new Uint8Array(10)).spell(1)).toBe('00000000-0000-4000-8000-000000000001');
  const [a, b] = [new CorrelationIds(), new CorrelationIds()];
  expect(a.spell(a.next())).not.toBe(b.spell(b.next()));
  expect(() => new CorrelationIds(new Uint8Array(4))).toThrow(RangeError);
});
