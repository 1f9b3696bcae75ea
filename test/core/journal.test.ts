import { expect, test } from 'vitest';
import { Journal } from '../../src/core/journal.js';

const entry = (i: number, service = 'kustom', tenant = 't') => ({ at: i, service, tenant, operation: `op${i % 2}`, method: 'GET', path: `/p/${i}`, status: 200, durationMs: 1 });

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

test('entries read back whole after the ring wraps, with ISO times and the rarely set fields', () => {
  const j = new Journal(3);
  const c = Array.from({ length: 8 }, () => j.correlations.next());
  const rare = { errorCode: 'NOT_FOUND', scenario: 's#1', fault: 'timeout' as const, idempotencyKey: 'k-1', subject: 'o-1', from: 'AUTHORIZED', to: 'CAPTURED' };
  const before = Date.now();
  for (let i = 1; i <= 7; i++) j.record({ ...entry(i), ...(i === 6 ? rare : {}), correlation: c[i] });
  const id = (i: number) => j.correlations.spell(c[i]!);
  const none = { errorCode: undefined, scenario: undefined, fault: undefined, idempotencyKey: undefined, subject: undefined, from: undefined, to: undefined };
  const read = j.query();
  expect(read).toEqual([
    { id: 7, at: new Date(7).toISOString(), service: 'kustom', tenant: 't', operation: 'op1', method: 'GET', path: '/p/7', status: 200, durationMs: 1, correlationId: id(7), ...none, recordedAt: expect.any(String) },
    { id: 6, at: new Date(6).toISOString(), service: 'kustom', tenant: 't', operation: 'op0', method: 'GET', path: '/p/6', status: 200, durationMs: 1, correlationId: id(6), ...rare, recordedAt: expect.any(String) },
    { id: 5, at: new Date(5).toISOString(), service: 'kustom', tenant: 't', operation: 'op1', method: 'GET', path: '/p/5', status: 200, durationMs: 1, correlationId: id(5), ...none, recordedAt: expect.any(String) },
  ]);
  // `at` is sandbox time (here 1970); `recordedAt` the wall clock when the entry was recorded.
  for (const e of read) expect(Date.parse(e.recordedAt)).toBeGreaterThanOrEqual(before - 1);
  for (const e of read) expect(Date.parse(e.recordedAt)).toBeLessThanOrEqual(Date.now() + 1);
});

test('clear after the ring wrapped keeps the survivors\' ids, correlation ids and order, and recording goes on after them', () => {
  const j = new Journal(4);
  for (let i = 1; i <= 6; i++) j.record({ ...entry(i, 'kustom', i % 2 ? 'odd' : 'even'), correlation: j.correlations.next() });
  expect(j.clear({ tenant: 'even' })).toBe(2);
  expect(j.query().map((e) => [e.id, e.path, e.correlationId])).toEqual([[5, '/p/5', j.correlations.spell(5)], [3, '/p/3', j.correlations.spell(3)]]);
  j.record(entry(7));
  j.record(entry(8));
  j.record(entry(9));
  expect(j.query().map((e) => e.id)).toEqual([9, 8, 7, 5]);
  expect(j.clear()).toBe(4);
  expect(j.query()).toEqual([]);
});

test('paths longer than a slot, non-ASCII paths and missing correlation ids read back as recorded', () => {
  const j = new Journal(2);
  const long = `/p/${'x'.repeat(500)}`;
  const accented = `/p/${'é'.repeat(80)}`; // 160 bytes of UTF-8: fits
  const wide = `/p/${'€'.repeat(70)}`; // 210 bytes: kept as a string
  const c1 = j.correlations.next();
  j.record({ ...entry(1), path: long, correlation: c1 });
  j.record({ ...entry(2), path: accented });
  expect(j.query().map((e) => [e.path, e.correlationId])).toEqual([[accented, undefined], [long, j.correlations.spell(c1)]]);
  const c3 = j.correlations.next();
  j.record({ ...entry(3), path: wide, correlation: c3 });
  j.record({ ...entry(4), path: '/short' });
  expect(j.query().map((e) => [e.path, e.correlationId])).toEqual([['/short', undefined], [wide, j.correlations.spell(c3)]]);
});

test('a string that fills its slot to the last bytes reads back whole, whether it fits or was cut short by a multi-byte character', () => {
  const j = new Journal(8);
  const paths = [
    `/${'a'.repeat(191)}`, // exactly 192 bytes
    `/é${'a'.repeat(189)}`, // 192 bytes, 191 characters
    `/é${'a'.repeat(190)}`, // 193 bytes: does not fit
    `/${'a'.repeat(188)}😀`, // 193 bytes, the last character 4 of them
    `/${'a'.repeat(187)}😀`, // 192 bytes
  ];
  for (const [k, path] of paths.entries()) j.record({ ...entry(k + 1), path });
  expect(j.query().map((e) => e.path).reverse()).toEqual(paths);
});
