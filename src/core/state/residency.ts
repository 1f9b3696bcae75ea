import type { Store } from '../store.js';

/**
 * Memory bounded by the working set: which tenants' documents stay in memory. Run once per tick, it
 * evicts tenants idle for `idleSeconds` (unless work of theirs falls due within that time), and beyond
 * `maxTenants` the least recently used ones (never one used in the last two ticks, nor one with work
 * under way). An evicted tenant is loaded again, identical,
 * on its next request; what falls due for it meanwhile is in the store's due moments, so the tick brings
 * it back in time. With `:memory:` nothing is evicted: there is nothing to load it from again.
 *
 * @example
 * const residency = new Residency(store, (service, tenant) => states.get(service)!.evict(tenant), { maxTenants: 64, idleSeconds: 120 });
 * await residency.sweep(); // each tick
 * residency.stats();       // { resident: 12, maxTenants: 64, idleSeconds: 120, evictions: 3 }
 */
export interface ResidencyOptions {
  /** At most this many tenants (of all services) in memory. */
  maxTenants: number;
  /** A tenant unused this long (seconds, real time) leaves memory. */
  idleSeconds: number;
  /** Told after a sweep that evicted tenants (memory to give back). */
  onEvicted?: (count: number) => void;
}

/**
 * Beyond the budget, a tenant used within this many ticks stays: in a working set larger than the budget,
 * evicting what is in use would load it again at once, over and over.
 */
const MIN_IDLE_TICKS = 2;

export const DEFAULT_RESIDENCY: Pick<ResidencyOptions, 'maxTenants' | 'idleSeconds'> = { maxTenants: 64, idleSeconds: 120 };

export class Residency {
  readonly #store: Store;
  readonly #evict: (service: string, tenant: string, opts: { unlessDueWithinMs?: number }) => Promise<boolean>;
  readonly options: ResidencyOptions;
  #evictions = 0;
  #sweeping: Promise<void> | null = null;

  constructor(store: Store, evict: (service: string, tenant: string, opts: { unlessDueWithinMs?: number }) => Promise<boolean>, options: Partial<ResidencyOptions> = {}) {
    this.#store = store;
    this.#evict = evict;
    this.options = { ...DEFAULT_RESIDENCY, ...options };
  }

  /** One tick: the store ages by one, then idle and surplus tenants leave memory. Sweeps never overlap. */
  sweep(): Promise<void> {
    this.#store.age();
    if (!this.#store.persistent || this.#sweeping) return this.#sweeping ?? Promise.resolve();
    this.#sweeping = this.#sweepOnce().finally(() => (this.#sweeping = null));
    return this.#sweeping;
  }

  async #sweepOnce(): Promise<void> {
    const resident = this.#store.resident(); // least recently used first
    let surplus = resident.length - this.options.maxTenants;
    const leaving: Promise<boolean>[] = [];
    for (const r of resident) {
      const idle = r.idle >= this.options.idleSeconds;
      const over = surplus > 0 && r.idle >= MIN_IDLE_TICKS;
      if (r.busy || (!idle && !over)) continue;
      // Over the budget it goes whatever is due; merely idle, it stays for work due within its idle time.
      leaving.push(this.#evict(r.service, r.tenant, over ? {} : { unlessDueWithinMs: this.options.idleSeconds * 1000 }));
      surplus--;
    }
    // Out of memory at once (each closes its log meanwhile): counted once closed.
    let n = 0;
    for (const evicted of await Promise.all(leaving)) if (evicted) n++;
    this.#evictions += n;
    if (n) this.options.onEvicted?.(n);
  }

  /** Takes every tenant not in use out of memory now (admin: to see a restart's reload without one); how many left. */
  async evictAll(): Promise<number> {
    let n = 0;
    for (const r of this.#store.resident()) if (!r.busy && (await this.#evict(r.service, r.tenant, {}))) n++;
    this.#evictions += n;
    return n;
  }

  /** How many tenants are in memory, the budget, and how many evictions so far. */
  stats(): { resident: number; maxTenants: number; idleSeconds: number; evictions: number; evicting: boolean } {
    const { maxTenants, idleSeconds } = this.options;
    return { resident: this.#store.resident().length, maxTenants, idleSeconds, evictions: this.#evictions, evicting: this.#store.persistent };
  }
}
