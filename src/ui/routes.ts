import { Hono } from 'hono';
import { adminErrorResponse } from '../http/admin-envelope.js';
import type { SandboxEnv } from '../http/env.js';
import { requestOrigin } from '../http/origin.js';
import type { ServiceModule } from '../http/service-module.js';
import { asset } from './assets.js';
import { dashboardHtml } from './dashboard-page.js';
import { docsPage } from './docs-page.js';

/**
 * What a person opens in a browser: the dashboard at `/` (a client asking for JSON gets `index` instead),
 * the API reference at `/docs`, and their files at `/ui/*`, all served by the sandbox itself.
 *
 * @example
 * app.route('/', uiRoutes(services, (origin) => ({ name: 'order-sandbox', ...baseUrls(origin) })));
 */
export function uiRoutes(services: ServiceModule[], index: (origin: string) => unknown): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  app.get('/ui/:name', async (c) => {
    const a = await asset(c.req.param('name'));
    if (!a) return adminErrorResponse(c, 404, 'NOT_FOUND', `No file /ui/${c.req.param('name')}.`);
    return c.body(a.body, 200, { 'content-type': a.type, 'cache-control': 'no-cache' });
  });
  app.route('/docs', docsPage(services));
  // Browsers ask for /favicon.ico on pages that name no icon (and some ask anyway).
  app.get('/favicon.ico', async (c) => {
    const a = await asset('favicon.svg');
    return a ? c.body(a.body, 200, { 'content-type': a.type, 'cache-control': 'max-age=86400' }) : c.notFound();
  });
  app.get('/', (c) => {
    const accept = c.req.header('accept') ?? '';
    if (accept.includes('text/html')) return c.html(dashboardHtml());
    return c.json(index(requestOrigin(c)));
  });
  return app;
}
