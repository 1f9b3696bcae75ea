import { claimedElsewhere, nextAttemptAt, type Claimant, type DeliveryRecord } from '../delivery.js';
import type { OutboxOptions } from '../outbox.js';
import { own } from '../own.js';
import type { DueBook } from './contract.js';
import type { TenantState } from './tenant-state.js';
import { OUTBOX } from './unit.js';

type Kept = Record<string, DeliveryRecord>;
/** The outbox's side of a unit: the tenant's kept deliveries, and how to change them. */
type OutboxUnit = { data: Record<string, unknown>; put(collection: string, key: string, value: DeliveryRecord): void; remove(collection: string, key: string): void };

/**
 * How the outbox keeps its deliveries in their tenants' documents (each change a unit of work of that
 * tenant's state): a record's new state, records dropped from the history, and, with replicas, the
 * claim of an attempt before it is made.
 *
 * @example
 * new Outbox({ clock, persist: keptDeliveries(states, system, claimant) });
 */
export function keptDeliveries(states: Map<string, TenantState<never, never>>, dues: DueBook | undefined, claimant?: Claimant): NonNullable<OutboxOptions['persist']> {
  const unit = <T>(service: string, tenant: string, fn: (u: OutboxUnit) => T, none: T): Promise<T> => {
    const state = states.get(service);
    return state ? state.unit(tenant, (u) => fn(u as unknown as OutboxUnit)) : Promise.resolve(none);
  };
  const kept = (u: OutboxUnit) => own(u.data, OUTBOX) as Kept | undefined;
  return {
    /** A new delivery, or a known one's new state (after an attempt); one its tenant no longer holds (a reset meanwhile) stays gone. */
    async keep(r, fresh) {
      const at = fresh ? nextAttemptAt(r) : null;
      if (at !== null) await dues?.lower(r.d.service, r.d.tenant, at); // a replay due after a crash
      await unit(r.d.service, r.d.tenant, (u) => {
        const k = kept(u);
        if (fresh || (k && own(k, r.d.id))) u.put(OUTBOX, r.d.id, r);
      }, undefined);
    },
    /** Drops deliveries from the tenant's history (the outbox's bound). */
    forget: (service, tenant, ids) => unit(service, tenant, (u) => {
      for (const id of ids) u.remove(OUTBOX, id);
    }, undefined),
    /**
     * Replicas: claims the next attempt of `r` for this replica in the tenant's stored state (the tenant
     * taken, its data current). Refused when the stored record is not `r` any more (another replica
     * attempted it, or it was stopped or reset) or another live replica's claim holds.
     */
    ...(claimant ? {
      claim: (r: DeliveryRecord) => unit(r.d.service, r.d.tenant, (u): { claimed: DeliveryRecord } | { stored: DeliveryRecord | null } => {
        const k = kept(u);
        const stored = (k && own(k, r.d.id)) ?? null;
        if (!stored || stored.step !== r.step || stored.d.state !== 'pending' || stored.d.attempts.length !== r.d.attempts.length || claimedElsewhere(stored, claimant)) return { stored };
        const claimed: DeliveryRecord = { ...stored, claim: { by: claimant.id, at: Date.now() } };
        u.put(OUTBOX, r.d.id, claimed);
        return { claimed };
      }, { stored: null }),
    } : {}),
  };
}
