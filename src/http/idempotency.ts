import type { MiddlewareHandler } from 'hono';
import type { Clock } from '../core/clock.js';
import { vars, type SandboxEnv } from './env.js';

/**
 * Idempotency keys: the first response to a (tenant, key) pair is replayed — status, headers and
 * body — for every later request with that key within the window, whatever those requests carry.
 * Requests racing with the same key wait for the first one, so the operation happens once.
 * 5xx and 429 answers are not kept: a retry after a server error or a rate limit runs again.
 *
 * The cache is bounded (least recently stored entries go first).
 *
 * @example
 * app.use('/ordermanagement/*', idempotency({ header: 'Klarna-Idempotency-Key', service: 'kustom', clock }));
 */
interface Stored {
  status: number;
  headers: [string, string][];
  body: ArrayBuffer;
  expiresAt: number;
  /** The first request's operation and correlation id: a replay is journaled as that operation, under the id the client gets again. */
  operation: string | undefined;
  correlation: number | undefined;
  correlationId: string | undefined;
  errorCode: string | undefined;
}

export interface IdempotencyOptions {
  header: string;
  service: string;
  clock: Clock;
  ttlMs?: number;
  maxEntries?: number;
  methods?: string[];
}

export class IdempotencyCache {
  readonly #entries = new Map<string, Stored>();
  readonly #inflight = new Map<string, Promise<void>>();
  readonly maxEntries: number;

  constructor(maxEntries = 10_000) {
    this.maxEntries = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(prefix = ''): void {
    for (const k of [...this.#entries.keys()]) if (k.startsWith(prefix)) this.#entries.delete(k);
  }

  middleware(opts: IdempotencyOptions): MiddlewareHandler<SandboxEnv> {
    const ttl = opts.ttlMs ?? 24 * 3600_000;
    const methods = new Set(opts.methods ?? ['POST', 'PATCH', 'PUT', 'DELETE']);
    return async (c, next) => {
      const key = c.req.header(opts.header);
      const tenant = vars(c).tenant;
      if (!key || !tenant || !methods.has(c.req.method)) return next();
      const id = `${opts.service}\u0000${tenant}\u0000${key}`;
      const pending = this.#inflight.get(id);
      if (pending) await pending;
      const now = opts.clock.now(opts.service, tenant);
      const hit = this.#entries.get(id);
      if (hit && hit.expiresAt > now) {
        const v = vars(c);
        v.operation = hit.operation;
        v.errorCode = hit.errorCode;
        if (hit.correlation !== undefined) {
          v.correlation = hit.correlation;
          v.correlationId = hit.correlationId;
        }
        return new Response(hit.body.slice(0), { status: hit.status, headers: hit.headers });
      }
      let done!: () => void;
      this.#inflight.set(id, new Promise<void>((r) => (done = r)));
      try {
        await next();
        if (c.res.status < 500 && c.res.status !== 429) {
          const body = await c.res.clone().arrayBuffer();
          this.#entries.delete(id);
          const v = vars(c);
          this.#entries.set(id, { status: c.res.status, headers: [...c.res.headers], body, expiresAt: now + ttl, operation: v.operation, correlation: v.correlation, correlationId: v.correlationId, errorCode: v.errorCode });
          if (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
        }
      } finally {
        this.#inflight.delete(id);
        done();
      }
    };
  }
}
