import { Hono } from 'hono';
import type { SandboxEnv } from '../http/env.js';
import { ADMIN_DOC } from '../http/openapi-documents.js';
import type { ServiceModule } from '../http/service-module.js';

/**
 * `/docs`: an interactive reference (Scalar) over the four OpenAPI documents. Everything it loads comes
 * from this sandbox: Scalar's browser bundle at `/ui/scalar.js` (copied from the package at build time),
 * `/ui/docs.js`, no web fonts, no telemetry.
 *
 * One Scalar configuration per document, each with only its own security schemes and the fixtures'
 * demo credentials for them, so a "Test request" on one API sends that API's credentials and nothing
 * of the others'. The page is written here rather than by `@scalar/hono-api-reference` (which renders
 * only the first of several configurations, and needs Node 22). `/ui/docs.js` starts Scalar with the
 * configurations and renews the Khumbu demo token when the sandbox clock has outlived it.
 *
 * @example
 * app.route('/docs', docsPage(services));
 */
export interface DocsConfiguration {
  title: string;
  slug: string;
  url: string;
  default?: boolean;
  authentication: { preferredSecurityScheme: (string | string[])[]; securitySchemes: Record<string, unknown> };
  /** For /ui/docs.js, never given to Scalar: how to renew a demo bearer token that expired on the sandbox clock. */
  'x-sandbox-token-refresh'?: { tokenUrl: string; form: Record<string, string>; paths: string[]; token: string };
  [option: string]: unknown;
}

const COMMON = {
  withDefaultFonts: false,
  telemetry: false,
  showOperationId: true,
  showDeveloperTools: 'never' as const,
  agent: { disabled: true },
};

export function docsPage(services: ServiceModule[]): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  app.get('/', (c) => c.html(docsHtml(docsConfigurations(services))));
  return app;
}

/** The page's Scalar configurations: one per document, each with its own schemes and demo credentials. */
export function docsConfigurations(services: ServiceModule[]): DocsConfiguration[] {
  const apis = services.map((s, i): DocsConfiguration => {
    const credentials = s.docs?.credentials() ?? {};
    const renew = s.docs?.tokenRefresh?.();
    const token = renew && (credentials[renew.scheme] as { token?: string } | undefined)?.token;
    const refresh = renew && token ? { tokenUrl: renew.tokenUrl, form: renew.form, paths: renew.paths, token } : undefined;
    return {
      ...COMMON,
      title: s.info.title,
      slug: s.name,
      url: `/openapi/${s.name}.json`,
      ...(i === 0 ? { default: true } : {}),
      authentication: { preferredSecurityScheme: s.docs?.preferredSchemes ?? [], securitySchemes: credentials },
      ...(refresh ? { 'x-sandbox-token-refresh': refresh } : {}),
    };
  });
  const admin: DocsConfiguration = {
    ...COMMON,
    title: ADMIN_DOC.title,
    slug: ADMIN_DOC.name,
    url: `/openapi/${ADMIN_DOC.name}.json`,
    authentication: { preferredSecurityScheme: ['adminToken'], securitySchemes: {} },
  };
  return [...apis, admin];
}

function docsHtml(configurations: DocsConfiguration[]): string {
  // JSON inside <script>: `<` escaped so no value can close the element.
  const json = JSON.stringify(configurations).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Order Sandbox — API reference</title>
  <link rel="icon" href="/ui/favicon.svg" type="image/svg+xml">
</head>
<body>
  <div id="app"></div>
  <script id="sandbox-docs-configurations" type="application/json">${json}</script>
  <script src="/ui/scalar.js"></script>
  <script src="/ui/docs.js"></script>
</body>
</html>`;
}
