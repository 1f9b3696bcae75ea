import { expect, test } from 'vitest';
import { applyFieldChanges, recordChanges } from '../../src/core/tracked.js';

/** How the embedded change log writes a replaced record: as its changed fields, when replaying them gives the same record. */
const replay = (before: Record<string, unknown>, next: Record<string, unknown>) => {
  const changes = recordChanges(before, next);
  if (!changes) return null;
  const doc = { items: { x: structuredClone(before) } };
  applyFieldChanges(doc, ['items', 'x'], changes);
  return doc.items.x;
};

test('changed, removed and appended fields replay to the same record, field order included', () => {
  const tags = ['a'];
  const before = { id: 'x', n: 1, tags, gone: true };
  const next = { id: 'x', n: 2, tags: [...tags, 'b'], added: 'last' };
  expect(recordChanges(before, next)).toEqual([[['n'], 2], [['tags', 1], 'b'], [['added'], 'last'], [['gone']]]);
  expect(JSON.stringify(replay(before, next))).toBe(JSON.stringify(next));
});

test('a field added before others, or fields reordered, are not field changes: the whole record is written', () => {
  expect(recordChanges({ id: 'x', n: 1 }, { id: 'x', extra: 1, n: 1 })).toBeNull();
  expect(recordChanges({ id: 'x', n: 1 }, { n: 1, id: 'x' })).toBeNull();
  expect(recordChanges({ id: 'x', n: 1 }, { id: 'x' })).toEqual([[['n']]]);
});
