import { expect, test } from 'vitest';
import { DEFAULT_FIXTURES_DIR } from '../../../src/sandbox.js';
import { loadKhumbuCatalog } from '../../../src/services/khumbu/fixtures.js';
import { khumbuDemoOrders } from '../../../src/services/khumbu/demo-orders.js';
import { nextDueAt } from '../../../src/services/khumbu/transitions.js';

test('demo orders: accepted, refused, cancelled at the restaurant and on HOLD, each in the past, with its timeline, nothing due', () => {
  const now = Date.parse('2026-06-01T12:00:00Z');
  const orders = khumbuDemoOrders(loadKhumbuCatalog(DEFAULT_FIXTURES_DIR), now);
  expect(orders.map((o) => o.status)).toEqual(['SUCCESS', 'SUCCESS', 'FAILED', 'CANCELLED', 'HOLD']);
  expect(new Set(orders.map((o) => o.ksOrderId)).size).toBe(5);
  expect(orders.every((o) => /^\d{17}$/.test(o.ksOrderId) && Date.parse(o.updatedAt) <= now)).toBe(true);
  expect(orders.map((o) => nextDueAt(o))).toEqual([null, null, null, null, null]);
  expect(orders[2]?.error).toEqual({ code: 'KS-2003', reason: 'Item 101004002 (Bacon BBQ Burger Meal) is out of stock at store 48002.' });
  expect(orders[3]?.history.map((h) => h.status)).toEqual(['RECEIVED', 'SUCCESS', 'CANCELLED']);
  expect(orders[4]?.history.map((h) => h.status)).toEqual(['HOLD']);
});
