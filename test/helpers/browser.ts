import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/**
 * Debian's chromium driven by playwright-core, with no network but the sandbox: every request to
 * another origin is aborted and recorded, so a test can prove a page needs nothing from outside.
 *
 * @example
 * const b = await openBrowser('http://127.0.0.1:4010');
 * const page = await b.context.newPage(); … expect(b.outside).toEqual([]); await b.close();
 */
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = 'test/artifacts';
export const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Whether the browser tests can run here; under CI they must (.ci/run installs chromium). */
export const browserAvailable = existsSync(CHROMIUM);

export async function openBrowser(origin: string): Promise<{ browser: Browser; context: BrowserContext; outside: string[]; seen: string[]; close(): Promise<void> }> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const outside: string[] = [];
  const seen: string[] = [];
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.origin === origin) {
      seen.push(u.pathname);
      return route.continue();
    }
    outside.push(u.href);
    return route.abort();
  });
  return { browser, context, outside, seen, close: () => browser.close() };
}
