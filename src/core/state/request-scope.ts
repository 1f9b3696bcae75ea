import type { TenantDoc } from '../store.js';
import type { Outgoing, Unit } from './unit.js';

/**
 * One request's units of work, held together so they commit with what the request answered: an
 * idempotent request's change and the record of its first answer land in one write, or neither does.
 * Otherwise a crash between the two would leave a capture made but its key unknown, and the client's
 * retry would capture again.
 *
 * The idempotency layer opens a scope for the request and hands it to the handler (`vars(c).scope`),
 * which passes it to its units (`state.unit(tenant, fn, scope)`): a unit of that service and tenant
 * joins the scope instead of committing on its own, and holds the document's group commit
 * (TenantDoc.hold) until the scope is finished (TenantState.finish). Everything else commits as usual.
 *
 * The scope is passed explicitly, not found through an AsyncLocalStorage: on Node 20 an enabled
 * AsyncLocalStorage runs an async hook for every promise and socket write of the process, about 2 µs
 * on every request after the first idempotent one (bench/RESULTS.md, session 10).
 *
 * @example
 * const scope = new RequestScope('kustom', tenant);
 * await state.unit(tenant, (u) => capture(u), scope); // the capture's unit joins the scope
 * await state.finish(scope, { key, record });         // one write: the capture and its answer
 */

/** The first answer to an idempotency key, replayed to every retry within its window. */
export interface Remembered {
  status: number;
  headers: [string, string][];
  body: string;
  /** Tenant time after which the key may run again. */
  expiresAt: number;
  /** The first request's operation and correlation: a replay is journaled as that operation, under the id the client gets again. */
  operation?: string | undefined;
  correlation?: number | undefined;
  correlationId?: string | undefined;
  errorCode?: string | undefined;
}

export class RequestScope {
  readonly service: string;
  readonly tenant: string;
  #doc: TenantDoc<object> | null = null;
  #release: (() => void) | null = null;
  /** Released: a unit that comes later commits on its own. */
  #closed = false;
  #taken: TenantDoc<object> | null = null;
  readonly #units: Unit<object, unknown>[] = [];

  constructor(service: string, tenant: string) {
    this.service = service;
    this.tenant = tenant;
  }

  /** Not yet released: units that come now join it. */
  get open(): boolean {
    return !this.#closed;
  }

  /** The shared document the scope has taken (TenantState.enter, or its first unit): let go by {@link end}. */
  take(doc: TenantDoc<object>): void {
    this.#taken = doc;
  }

  /** Lets go of the tenant the scope took (after its commit, or when the request failed): once. */
  end(): void {
    this.#taken?.end(this);
    this.#taken = null;
  }

  /** The document the scope's units changed, if any. */
  get doc(): TenantDoc<object> | null {
    return this.#doc;
  }

  /**
   * A unit joins: its changes wait for the scope's commit, and the document's writes are held until
   * then. False once the scope has been released (something the request left running): the unit then
   * commits on its own.
   */
  adopt(doc: TenantDoc<object>, unit: Unit<object, unknown>): boolean {
    if (this.#closed || (this.#doc && this.#doc !== doc)) return false;
    if (!this.#doc) {
      this.#doc = doc;
      this.#release = doc.hold();
    }
    this.#units.push(unit);
    return true;
  }

  /** Lets the document write again; units that come later commit on their own. */
  release(): void {
    this.#closed = true;
    this.#release?.();
    this.#release = null;
  }

  /** The scope's commit landed. */
  committed(): void {
    for (const u of this.#units) u.committed();
  }

  /** Takes every joined unit back, newest first. */
  undo(): void {
    for (let i = this.#units.length - 1; i >= 0; i--) this.#units[i]!.undo();
  }

  /** After the commit: the joined units' webhooks go out. */
  publish(out: Outgoing): void {
    for (const u of this.#units) u.publish(out);
  }
}
