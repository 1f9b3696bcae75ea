import { z } from '@hono/zod-openapi';
import { expect, test } from 'vitest';
import { plainStrings } from '../../src/http/plain-strings.js';
import { OrderIdParams, CaptureParams } from '../../src/services/kustom/schemas.js';

const UUID = '4d9c7a8e-1b2c-4d3e-8f9a-0b1c2d3e4f5a';

test('for plain string fields it gives what zod gives, or undefined where zod refuses', () => {
  const schemas = [
    OrderIdParams,
    CaptureParams,
    z.object({ a: z.string(), b: z.string().regex(/^\d+$/).regex(/^1/) }),
    z.object({ id: z.string().regex(/^[a-z]+$/i).openapi({ param: { name: 'id', in: 'path' } }) }),
  ];
  const values: Record<string, unknown>[] = [
    { order_id: UUID }, { order_id: UUID.toUpperCase() }, { order_id: 'nope' }, { order_id: 7 }, {},
    { order_id: UUID, capture_id: 'c1' }, { order_id: UUID, capture_id: ['c1'] }, { order_id: UUID, extra: 'x' },
    { a: '', b: '123' }, { a: 'x', b: '23' }, { a: 'x', b: '1x' }, { b: '1' },
    { id: 'Abc' }, { id: 'a1' }, { id: '' },
  ];
  let passed = 0;
  for (const schema of schemas) {
    const fast = plainStrings(schema);
    expect(fast).not.toBeNull();
    for (const value of values) {
      const theirs = schema.safeParse(value);
      // every value zod accepts takes the fast path, with zod's output; every other is left to zod
      expect({ value, out: fast!(value) }).toStrictEqual({ value, out: theirs.success ? theirs.data : undefined });
      if (theirs.success) passed++;
    }
  }
  expect(passed).toBeGreaterThan(5);
});

test('anything beyond plain strings and patterns is left to zod', () => {
  const others = [
    z.object({ a: z.string().optional() }),
    z.object({ a: z.coerce.string() }),
    z.object({ a: z.string().min(2) }),
    z.object({ a: z.uuid() }),
    z.object({ a: z.string().regex(/x/g) }),
    z.object({ a: z.string().transform((s) => s.trim()) }),
    z.object({ a: z.number() }),
    z.object({ a: z.string() }).refine(() => true),
    z.object({ a: z.string() }).catchall(z.string()),
    z.object({ a: z.string() }).passthrough(),
    z.string(),
  ];
  for (const schema of others) expect(plainStrings(schema)).toBeNull();
});
