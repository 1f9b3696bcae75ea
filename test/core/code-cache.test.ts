import { expect, test } from 'vitest';
import { openCodeCache, sealCodeCache } from '../../src/core/code-cache.js';

test('a sealed code cache opens only for its own source, and only whole', () => {
  const source = 'console.log("listening on")';
  const data = Buffer.from('v8 code cache bytes');
  const sealed = sealCodeCache(source, data);
  expect(openCodeCache(source, sealed)).toEqual(data);
  expect(openCodeCache('console.log("LISTENING ON")', sealed)).toBeUndefined(); // same length, other source
  const damaged = Buffer.from(sealed);
  damaged.writeUInt8(damaged.readUInt8(damaged.length - 1) ^ 1, damaged.length - 1);
  expect(openCodeCache(source, damaged)).toBeUndefined();
  expect(openCodeCache(source, Buffer.concat([sealed, Buffer.from('x')]))).toBeUndefined();
  expect(openCodeCache(source, sealed.subarray(0, 64))).toBeUndefined();
  expect(openCodeCache(source, data)).toBeUndefined(); // an unsealed cache
});
