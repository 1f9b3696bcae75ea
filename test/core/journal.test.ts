import { expect, test } from 'vitest';
import { Journal } from '../../src/core/journal.js';

const entry = (i: number, service = 'kustom', tenant = 't') => ({ at: new Date(i).toISOString(), service, tenant, operation: `op${i % 2}`, method: 'GET', path: `/p/${i}`, status: 200, durationMs: 1 });

test('newest first, bounded by capacity, filtered', () => {
  const j = new Journal(3);
  for (let i = 1; i <= 5; i++) j.record(entry(i, i % 2 ? 'kustom' : 'other'));
  expect(j.query().map((e) => e.path)).toEqual(['/p/5', '/p/4', '/p/3']);
  expect(j.query({ service: 'kustom' }).map((e) => e.path)).toEqual(['/p/5', '/p/3']);
  expect(j.query({ limit: 1 })).toHaveLength(1);
});

test('clear removes matching entries and keeps order of the rest', () => {
  const j = new Journal(10);
  for (let i = 1; i <= 4; i++) j.record(entry(i, 'kustom', i <= 2 ? 'a' : 'b'));
  expect(j.clear({ tenant: 'a' })).toBe(2);
  expect(j.query().map((e) => e.path)).toEqual(['/p/4', '/p/3']);
  j.record(entry(5));
  expect(j.query().map((e) => e.path)).toEqual(['/p/5', '/p/4', '/p/3']);
});
