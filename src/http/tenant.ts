import type { Context } from 'hono';
import { z } from '@hono/zod-openapi';
import { TENANT_MAX } from '../core/tenant-name.js';
import { vars, type SandboxEnv } from './env.js';

/**
 * The tenant a service's auth middleware set for this request. A route reached without one is a
 * wiring mistake (auth must run first), so this throws, and the service answers 500 in its envelope.
 *
 * @example
 * const order = await repo.get(tenantOf(c), orderId);
 */
export function tenantOf(c: Context<SandboxEnv>): string {
  const t = vars(c).tenant;
  if (!t) throw new Error(`${c.req.method} ${c.req.path} reached a route without a tenant: the service's auth middleware must run first`);
  return t;
}

/**
 * A tenant named in an admin request: what a credential can name, 1 to TENANT_MAX characters (a longer
 * one is the admin API's 400, never a tenant the store is asked to make).
 *
 * @example
 * const Tenant = z.object({ tenant: tenantName().openapi({ description: 'The merchant.' }) });
 */
export const tenantName = () => z.string().min(1).max(TENANT_MAX);
