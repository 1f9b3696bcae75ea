import { Hono } from 'hono';
import type { SandboxEnv } from '../http/env.js';
import { ADMIN_DOC } from '../http/openapi-documents.js';
import type { DemoCredential, ServiceModule } from '../http/service-module.js';

/**
 * `/docs`: an interactive reference (Scalar) over the four OpenAPI documents, with the demo credentials
 * of the fixtures filled in. Everything it loads comes from this sandbox: the Scalar bundle from the
 * installed package at `/ui/scalar.js`, no web fonts, no telemetry.
 *
 * @example
 * app.route('/docs', docsPage(services));
 */
export function docsPage(services: ServiceModule[]): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  // Scalar's renderer is imported on the first visit, not at start-up (it is not needed to serve the APIs).
  let scalar: Promise<typeof import('@scalar/hono-api-reference')> | undefined;
  app.get('/', async (c, next) => {
    const { Scalar } = await (scalar ??= import('@scalar/hono-api-reference'));
    return Scalar(() => configuration(services))(c as unknown as Parameters<ReturnType<typeof Scalar>>[0], next);
  });
  return app;
}

/** The page's Scalar configuration: the four documents and the fixtures' demo credentials. */
function configuration(services: ServiceModule[]) {
  const credentials: Record<string, DemoCredential> = {};
  for (const s of services) Object.assign(credentials, s.docs?.credentials());
  // Schemes used together (Khumbu: token and key) are one entry; Scalar selects the one a document has.
  const preferred = services.flatMap((s) => s.docs?.preferredSchemes ?? []);
  return {
    pageTitle: 'Order Sandbox — API reference',
    cdn: '/ui/scalar.js',
    withDefaultFonts: false,
    telemetry: false,
    showOperationId: true,
    showDeveloperTools: 'never' as const,
    agent: { disabled: true },
    sources: [
      ...services.map((s, i) => ({ title: s.info.title, slug: s.name, url: `/openapi/${s.name}.json`, default: i === 0 })),
      { title: ADMIN_DOC.title, slug: ADMIN_DOC.name, url: `/openapi/${ADMIN_DOC.name}.json` },
    ],
    authentication: { preferredSecurityScheme: preferred, securitySchemes: credentials },
  };
}
