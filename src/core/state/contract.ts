import type { Clock } from '../clock.js';
import type { Store } from '../store.js';
import type { TenantState } from './tenant-state.js';
import type { CollectionKey, Outgoing, RecordOf, Unit } from './unit.js';

/**
 * What the state layer is configured with and runs on: a service's configuration (its records, how time
 * changes them, when), and the context every service's state shares (the store adapter, the clock, the
 * outbox, the due book). See tenant-state.ts for what it offers, and ARCHITECTURE.md for the contract a
 * storage adapter implements.
 *
 * @example
 * const cfg: TenantStateConfig<OktoDoc, 'orders'> = { service: 'oktopos', seed, collection: 'orders', settle: (o, u) => settle(o, u.now), dueAt: nextDueAt };
 */
export interface TenantStateConfig<D extends object, K extends CollectionKey<D>> {
  service: string;
  /** A tenant's fresh document. */
  seed(tenant: string): D;
  /** The collection whose records change by themselves (orders). */
  collection: K;
  /** What time has done to a record by `unit.now`: the same object when nothing, else its successor (webhooks go through `unit.enqueue`). */
  settle(record: RecordOf<D, K>, unit: Unit<D, RecordOf<D, K>>): RecordOf<D, K>;
  /** When the record next changes by itself (tenant time, epoch ms), or null. */
  dueAt(record: RecordOf<D, K>): number | null;
}

export interface StateContext {
  store: Store;
  clock: Clock;
  /** Where committed units' webhooks go. */
  outbox: Outgoing;
  /** Freeze every stored record (under test), so an in-place edit throws. */
  freezeRecords?: boolean;
  /** Every service's state by name, for the layers that work across services (idempotency). */
  states?: Map<string, TenantState<never, never>>;
  /** Idempotency records kept per tenant (default MAX_REMEMBERED of idempotency-records.ts). */
  maxRemembered?: number;
  /** The due times kept in the store, so work due for a tenant not in memory (after a restart) still happens. */
  dues?: DueBook;
}

/** Each tenant's earliest due moment (tenant time), kept in the store (state/system-state.ts). */
export interface DueBook {
  /** Lowers the kept moment to `at` (or a little earlier) if it is earlier; the commit to wait for, if anything changed. */
  lower(service: string, tenant: string, at: number): Promise<void> | undefined;
  /** Sets the kept moment exactly (null: nothing due), without waiting: a tenant leaving memory. */
  settle(service: string, tenant: string, at: number | null): void;
  /** The kept moments of a service's tenants. */
  of(service: string): [tenant: string, at: number][];
}
