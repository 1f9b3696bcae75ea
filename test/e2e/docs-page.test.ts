import { expect, test } from 'vitest';
import { createSandbox } from '../../src/index.js';
import { ARTIFACTS, browserAvailable, openBrowser } from '../helpers/browser.js';
import { MARKET } from '../helpers/khumbu.js';

/**
 * The docs page in a real browser (Debian's chromium, no network but the sandbox): each API's reference
 * offers only its own security scheme, and the Khumbu demo token keeps working after the sandbox clock
 * outlived it.
 */
const runs = browserAvailable || process.env['CI'] === 'true';

test.runIf(runs)('docs: each API shows only its own auth type; a Khumbu request with the demo token still gets through after two hours of sandbox time', async () => {
  const sb = await createSandbox({ logLevel: 'silent' });
  const server = await sb.listen(0);
  const b = await openBrowser(server.url);
  try {
    const page = await b.context.newPage();
    const authType = async (slug: string) => {
      await page.goto(`${server.url}/docs?api=${slug}`);
      await page.getByText('Selected Auth Type').first().waitFor();
      return /Selected Auth Type:\s*([^\n]*)/.exec(await page.evaluate(() => document.body.innerText))?.[1]?.trim();
    };
    expect(await authType('kustom')).toBe('basicAuth');
    await page.screenshot({ path: `${ARTIFACTS}/docs-kustom-auth.png` });
    expect(await authType('oktopos')).toBe('ApiKeyAuth');
    expect(await authType('khumbu')).toBe('bearerAuth & apiKey');

    // What "Test request" sends: the page's fetch, with the token the page was given.
    const send = () => page.evaluate(async (path) => {
      const khumbu = (window as unknown as { sandboxDocs: { configurations: { slug: string; authentication: { securitySchemes: Record<string, { token?: string; value?: string }> } }[] } })
        .sandboxDocs.configurations.find((c) => c.slug === 'khumbu')!.authentication.securitySchemes;
      const res = await fetch(path, { method: 'POST', headers: { Authorization: `Bearer ${khumbu['bearerAuth']!.token}`, 'x-api-key': khumbu['apiKey']!.value!, 'content-type': 'application/json' }, body: '{}' });
      return res.status;
    }, `${MARKET}/orders/notification`);
    expect(await send()).toBe(400); // past the gateway: the empty body is what is wrong
    await sb.admin.clock.advance({ seconds: 2 * 3600 });
    expect(await send()).toBe(400); // renewed, not 401
    // newest first: the retry, the renewal, the refused first try
    expect(sb.admin.journal.list({ service: 'khumbu', limit: 3 }).map((e) => [e.path.split('/').pop(), e.status])).toEqual([['notification', 400], ['token', 200], ['notification', 401]]);
    expect(b.outside).toEqual([]);
  } finally {
    await b.close();
    await server.close();
    await sb.close();
  }
});
