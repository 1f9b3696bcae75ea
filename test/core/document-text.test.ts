import fc from 'fast-check';
import { expect, test } from 'vitest';
import { documentText } from '../../src/core/document-text.js';

test('property: the text parses to what JSON.stringify would give, for any document', async () => {
  const doc = fc.dictionary(fc.string(), fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue()));
  await fc.assert(fc.asyncProperty(doc, async (d) => {
    expect(JSON.parse(await documentText(d))).toEqual(JSON.parse(JSON.stringify(d)));
  }), { numRuns: 200, seed: 11 });
  for (const odd of [[1, 2], 'text', null, { a: undefined, b: { x: undefined, y: 1 } }]) expect(JSON.parse(await documentText(odd))).toEqual(JSON.parse(JSON.stringify(odd)));
  const proto = JSON.parse('{"orders":{"__proto__":{"id":"__proto__"}}}') as Record<string, unknown>;
  expect(JSON.parse(await documentText(proto))).toEqual(proto);
});

test('one record per line, and the event loop gets turns while a large document is written out', async () => {
  const orders: Record<string, unknown> = {};
  for (let i = 0; i < 20_000; i++) orders[`o${i}`] = { order_id: `o${i}`, status: 'AUTHORIZED', lines: [{ name: 'x'.repeat(50), n: i }] };
  const doc = { orders, nextId: 7 };
  let turns = 0;
  const tick = setInterval(() => turns++, 0);
  const text = await documentText(doc, 1);
  clearInterval(tick);
  expect(turns).toBeGreaterThan(0);
  const lines = text.split('\n');
  expect(lines[0]).toBe('{');
  expect(lines[1]).toBe('  "orders": {');
  expect(JSON.parse(lines[2]!.trim().replace(/,$/, '').replace(/^"o0": /, ''))).toEqual(orders['o0']);
  expect(lines).toHaveLength(20_000 + 6);
  expect(JSON.parse(text)).toEqual(doc);
});

test('records changed, added or deleted while the text is made are taken as they are when reached', async () => {
  const orders: Record<string, { n: number }> = {};
  for (let i = 0; i < 5_000; i++) orders[`o${i}`] = { n: 0 };
  const making = documentText({ orders }, 0); // yields after every record
  await new Promise((r) => setImmediate(r));
  orders['o4999'] = { n: 1 }; // not reached yet: taken as changed
  delete orders['o4998']; // not reached yet: left out
  orders['late'] = { n: 2 }; // added after the keys were read: left to the log
  const back = JSON.parse(await making) as { orders: Record<string, { n: number }> };
  expect(back.orders['o4999']).toEqual({ n: 1 });
  expect(back.orders['o4998']).toBeUndefined();
  expect(back.orders['late']).toBeUndefined();
  expect(Object.keys(back.orders)).toHaveLength(4_999);
});
