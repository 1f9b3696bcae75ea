import type { MiddlewareHandler } from 'hono';
import { RequestScope } from '../core/state/request-scope.js';
import type { TenantState } from '../core/state/tenant-state.js';
import { vars, type SandboxEnv } from './env.js';

/**
 * Idempotency keys: the first response to a (tenant, key) pair is replayed — status, headers and
 * body — for every later request with that key within the window (24 h of the tenant's time), whatever
 * those requests carry. Requests racing with the same key wait for the first one, so the operation
 * happens once. 5xx and 429 answers are not kept: a retry after a server error or a rate limit runs again.
 *
 * The record is state like the change it answers for: kept in the tenant's document and written in the
 * same commit as that change (core/state/request-scope.ts), so it survives a restart, and a change whose
 * answer the client never got is never made twice by its retry.
 *
 * @example
 * const keys = new Idempotency(states);
 * edge.use(keys.middleware({ header: 'Klarna-Idempotency-Key', service: 'kustom' }));
 */
export interface IdempotencyOptions {
  header: string;
  service: string;
  ttlMs?: number;
  methods?: string[];
}

export class Idempotency {
  readonly #states: Map<string, TenantState<never, never>>;
  readonly #inflight = new Map<string, Promise<void>>();

  constructor(states: Map<string, TenantState<never, never>>) {
    this.#states = states;
  }

  middleware(opts: IdempotencyOptions): MiddlewareHandler<SandboxEnv> {
    const ttl = opts.ttlMs ?? 24 * 3600_000;
    const methods = new Set(opts.methods ?? ['POST', 'PATCH', 'PUT', 'DELETE']);
    return async (c, next) => {
      const key = c.req.header(opts.header);
      const tenant = vars(c).tenant;
      const state = this.#states.get(opts.service);
      if (!key || !tenant || !state || !methods.has(c.req.method)) return next();
      const id = `${tenant}\u0000${key}`;
      // One request per key at a time: the others wait, then find its answer.
      for (let pending = this.#inflight.get(id); pending; pending = this.#inflight.get(id)) await pending;
      let done!: () => void;
      this.#inflight.set(id, new Promise<void>((r) => (done = r)));
      const scope = new RequestScope(opts.service, tenant);
      try {
        await state.enter(scope); // on shared storage the tenant is ours from here to the answer's commit
        const hit = await state.remembered(tenant, key);
        if (hit) {
          const v = vars(c);
          v.operation = hit.operation;
          v.errorCode = hit.errorCode;
          if (hit.correlation !== undefined) {
            v.correlation = hit.correlation;
            v.correlationId = hit.correlationId;
          }
          return new Response(hit.body === '' ? null : hit.body, { status: hit.status, headers: hit.headers });
        }
        vars(c).scope = scope; // the handler's units join it (see RequestScope)
        await next();
        const status = c.res.status;
        if (status >= 500) return await state.finish(scope, null, { undo: true }); // the client is told it failed
        const now = state.now(tenant);
        const v = vars(c);
        const record = status === 429 ? null : {
          status, headers: [...c.res.headers], body: await c.res.clone().text(), expiresAt: now + ttl,
          operation: v.operation, correlation: v.correlation, correlationId: v.correlationId, errorCode: v.errorCode,
        };
        await state.finish(scope, record && { key, record });
      } catch (e) {
        scope.undo();
        scope.release();
        throw e;
      } finally {
        scope.end();
        this.#inflight.delete(id);
        done();
      }
    };
  }
}
