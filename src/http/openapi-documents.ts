import type { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { adminErrorResponse } from './admin-envelope.js';
import type { SandboxEnv } from './env.js';
import type { OpenApiDoc } from './openapi-examples.js';
import { requestOrigin } from './origin.js';
import type { ServiceModule } from './service-module.js';

/**
 * `/openapi/{kustom,khumbu,oktopos,admin}.json`: OpenAPI 3.1 documents generated from the zod schemas,
 * each with this sandbox's own URL as its server and examples from the fixtures. The admin document keeps
 * only the `/__admin` paths and the components they use.
 *
 * @example
 * app.route('/openapi', openApiDocuments(app, services));
 */
export const ADMIN_DOC = { name: 'admin', title: 'Order Sandbox admin API' };

export function openApiDocuments(root: OpenAPIHono<SandboxEnv>, services: ServiceModule[]): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  app.get('/:file', async (c) => {
    const name = c.req.param('file').replace(/\.json$/, '');
    const servers = [{ url: requestOrigin(c), description: 'This sandbox' }];
    if (name === ADMIN_DOC.name) {
      // route() merged every registry into the root app's: keep the admin paths and what they reference.
      const doc = root.getOpenAPI31Document({ openapi: '3.1.0', info: { title: ADMIN_DOC.title, version: '1.0.0', description: 'Reset, clock, journal, webhooks, scenarios and per-service admin actions.' }, servers });
      doc.paths = Object.fromEntries(Object.entries(doc.paths ?? {}).filter(([p]) => p.startsWith('/__admin')));
      delete doc.webhooks;
      return c.json(keepReferenced(doc, ['adminToken']));
    }
    const svc = services.find((s) => s.name === name);
    if (!svc) return adminErrorResponse(c, 404, 'NOT_FOUND', `No OpenAPI document "${name}". Available: ${documentNames(services).map((n) => `/openapi/${n}.json`).join(', ')}.`);
    const doc = svc.api.getOpenAPI31Document({ openapi: '3.1.0', info: svc.info, servers });
    await svc.docs?.addExamples?.(doc);
    return c.json(doc);
  });
  return app;
}

/** The names of every document served under /openapi. */
export function documentNames(services: ServiceModule[]): string[] {
  return [...services.map((s) => s.name), ADMIN_DOC.name];
}

/** Drops component schemas nothing reachable from the paths refers to; keeps the named security schemes. */
function keepReferenced<D extends OpenApiDoc>(doc: D, securitySchemes: string[]): D {
  const components = (doc.components ?? {}) as { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
  const schemas = components.schemas ?? {};
  const keep = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string' && x.startsWith('#/components/schemas/')) {
        const name = x.slice('#/components/schemas/'.length);
        if (!keep.has(name)) {
          keep.add(name);
          visit(schemas[name]);
        }
      } else visit(x);
    }
  };
  visit(doc.paths);
  components.schemas = Object.fromEntries(Object.entries(schemas).filter(([n]) => keep.has(n)));
  components.securitySchemes = Object.fromEntries(Object.entries(components.securitySchemes ?? {}).filter(([n]) => securitySchemes.includes(n)));
  return { ...doc, components };
}
