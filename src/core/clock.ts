/**
 * The sandbox's only source of time: real time plus offsets, or frozen.
 *
 * Offsets stack: global + per service + per tenant, so one CI job can move its own tenant's time
 * (expire its orders, fire its webhooks) without touching anyone else's.
 *
 * @example
 * const clock = new Clock();
 * clock.advance(3600, { service: 'kustom', tenant: 'kco_test_api_demo' });
 * clock.now('kustom', 'kco_test_api_demo') - clock.now(); // 3_600_000
 */
export interface ClockScope {
  service?: string | undefined;
  tenant?: string | undefined;
}

export interface ClockState {
  now: string;
  frozen: boolean;
  offsets: { scope: string; seconds: number }[];
}

/** Everything the clock holds, for the state layer to keep (see state/system-state.ts). */
export interface ClockSnapshot {
  frozenAt: number | null;
  globalOffset: number;
  /** `service` or `service/tenant` → ms */
  offsets: Record<string, number>;
}

export class Clock {
  readonly #realNow: () => number;
  #frozenAt: number | null = null;
  #globalOffset = 0;
  readonly #offsets = new Map<string, number>();

  constructor(realNow: () => number = () => Date.now()) {
    this.#realNow = realNow;
  }

  /** Milliseconds since the epoch as seen by a service's tenant (or globally). */
  now(service?: string, tenant?: string): number {
    const base = this.#frozenAt ?? this.#realNow() + this.#globalOffset;
    if (!service || this.#offsets.size === 0) return base; // no per-scope offsets: no key to build
    const svc = this.#offsets.get(service) ?? 0;
    const ten = tenant ? (this.#offsets.get(`${service}/${tenant}`) ?? 0) : 0;
    return base + svc + ten;
  }

  /** Sets the global time and/or freezes it. `now` is epoch ms. */
  set(opts: { now?: number | undefined; frozen?: boolean | undefined }): void {
    const target = opts.now ?? this.now();
    const frozen = opts.frozen ?? this.#frozenAt !== null;
    if (frozen) {
      this.#frozenAt = target;
    } else {
      this.#frozenAt = null;
      this.#globalOffset = target - this.#realNow();
    }
  }

  /** Moves time forward (never backward) for everyone, a service, or one tenant. */
  advance(seconds: number, scope: ClockScope = {}): void {
    const ms = Math.round(seconds * 1000);
    if (!scope.service) {
      if (this.#frozenAt !== null) this.#frozenAt += ms;
      else this.#globalOffset += ms;
      return;
    }
    const key = scope.tenant ? `${scope.service}/${scope.tenant}` : scope.service;
    this.#offsets.set(key, (this.#offsets.get(key) ?? 0) + ms);
  }

  /** Forgets offsets within a scope (used by reset): a service's, a tenant's (in one service or in all), or, with no scope, all of them, and unfreezes. */
  reset(scope: ClockScope = {}): void {
    if (!scope.service && !scope.tenant) {
      this.#frozenAt = null;
      this.#globalOffset = 0;
      this.#offsets.clear();
      return;
    }
    for (const key of [...this.#offsets.keys()]) {
      const [svc, ten] = key.split('/', 2);
      if (scope.service && svc !== scope.service) continue;
      if (scope.tenant && ten !== scope.tenant) continue;
      this.#offsets.delete(key);
    }
  }

  /** What the clock holds, to keep it across a restart. */
  snapshot(): ClockSnapshot {
    return { frozenAt: this.#frozenAt, globalOffset: this.#globalOffset, offsets: Object.fromEntries(this.#offsets) };
  }

  /** Takes back what {@link snapshot} gave (after a restart: the same frozen time, the same offsets). */
  restore(s: ClockSnapshot): void {
    this.#frozenAt = s.frozenAt;
    this.#globalOffset = s.globalOffset;
    this.#offsets.clear();
    for (const [k, ms] of Object.entries(s.offsets)) this.#offsets.set(k, ms);
  }

  state(): ClockState {
    return {
      now: new Date(this.now()).toISOString(),
      frozen: this.#frozenAt !== null,
      offsets: [...this.#offsets].map(([scope, ms]) => ({ scope, seconds: ms / 1000 })),
    };
  }
}
