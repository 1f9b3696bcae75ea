import { expect, test } from 'vitest';
import { signJwt, verifyJwt } from '../../src/core/jwt.js';

test('a signed JWT verifies with its secret and returns the payload', () => {
  const t = signJwt({ sub: 'c', exp: 10 }, 's');
  expect(verifyJwt(t, 's')).toEqual({ sub: 'c', exp: 10 });
});

test('another secret, a changed payload, a cut signature or garbage → null', () => {
  const t = signJwt({ sub: 'c' }, 's');
  const [h, , sig] = t.split('.');
  expect(verifyJwt(t, 'other')).toBeNull();
  expect(verifyJwt(`${h}.${Buffer.from('{"sub":"x"}').toString('base64url')}.${sig}`, 's')).toBeNull();
  expect(verifyJwt(t.slice(0, -2), 's')).toBeNull();
  expect(verifyJwt('a.b', 's')).toBeNull();
  expect(verifyJwt('', 's')).toBeNull();
});

test('alg none is refused even with a matching signature shape', () => {
  const head = Buffer.from('{"alg":"none"}').toString('base64url');
  const body = Buffer.from('{"sub":"c"}').toString('base64url');
  expect(verifyJwt(`${head}.${body}.`, 's')).toBeNull();
});
