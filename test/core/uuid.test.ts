import { expect, test } from 'vitest';
import { uuidSource } from '../../src/core/uuid.js';

test('uuidSource makes version 4 UUIDs, all different, across refills of its random pool', () => {
  const uuid = uuidSource();
  const seen = new Set<string>();
  for (let i = 0; i < 2_000; i++) seen.add(uuid()); // 256 per pool: several refills
  expect(seen.size).toBe(2_000);
  for (const id of [...seen].slice(0, 300)) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  // every hex digit turns up in every free position: the bytes are not stuck
  const digits = new Set([...seen].map((id) => id[0]));
  expect(digits.size).toBe(16);
});
