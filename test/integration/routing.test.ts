import { expect, test } from 'vitest';
import { createSandbox } from '../../src/sandbox.js';

/**
 * Hono's SmartRouter takes RegExpRouter, one regular expression for every route, unless a route
 * cannot be expressed in it (the same path twice with differently named parameters, for one); it then
 * falls back to TrieRouter, silently, and every request pays for it (bench/RESULTS.md, session 5).
 */
test('every route of the sandbox fits RegExpRouter, so requests are matched by one regular expression', async () => {
  const sb = await createSandbox({ logLevel: 'silent' });
  expect((await sb.request('/__admin/health')).status).toBe(200);
  const router = sb.app.router as unknown as { activeRouter: { name: string } };
  expect(router.activeRouter.name).toBe('RegExpRouter');
  await sb.close();
});
