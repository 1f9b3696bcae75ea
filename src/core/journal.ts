import type { Fault } from './scenarios/schema.js';
import { CorrelationIds } from './correlation-ids.js';

/**
 * The request journal: a bounded ring of what the sandbox answered, newest first on read.
 *
 * @example
 * const journal = new Journal(1000);
 * journal.record({ service: 'kustom', tenant: 't1', operation: 'getOrder', method: 'GET',
 *   path: '/ordermanagement/v1/orders/x', status: 200, durationMs: 1, at: Date.now() });
 * journal.query({ service: 'kustom' }); // [ { id: 1, … } ]
 */
export interface JournalEntry {
  id: number;
  at: string;
  service: string;
  tenant: string | null;
  operation: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  correlationId?: string | undefined;
  errorCode?: string | undefined;
  scenario?: string | undefined;
  /** A network fault a scenario injected (then `status` is 0 when the client got no answer at all). */
  fault?: Fault | undefined;
  /** The idempotency key the request carried (APIs that take one). */
  idempotencyKey?: string | undefined;
  /** The record the request acted on (an order id), and its status before and after, where the service says. */
  subject?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** When the request was answered by the wall clock (`at` is sandbox time, which can be frozen or moved). */
  recordedAt: string;
}

export interface JournalQuery {
  service?: string | undefined;
  tenant?: string | undefined;
  operation?: string | undefined;
  limit?: number | undefined;
}

/**
 * What a service records per request: `at` is sandbox time in epoch ms (the entry shows it as ISO);
 * `correlation` is the number of a correlation id from the journal's own `correlations` (the entry
 * shows the id).
 */
export type JournalInput = Omit<JournalEntry, 'id' | 'at' | 'correlationId' | 'recordedAt' | keyof Rare> & Rare & { at: number; correlation?: number | undefined };

/** What most entries lack: kept as one object, only for the entries that have any. */
export interface Rare {
  errorCode?: string | undefined;
  scenario?: string | undefined;
  fault?: Fault | undefined;
  idempotencyKey?: string | undefined;
  subject?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

const RARE_KEYS = ['errorCode', 'scenario', 'fault', 'idempotencyKey', 'subject', 'from', 'to'] as const;

/** The entry's rare fields as one object, or undefined when it has none (most GETs). */
function rareOf(e: Rare): Rare | undefined {
  let rare: Rare | undefined;
  for (const k of RARE_KEYS) {
    const v = e[k];
    if (v !== undefined) (rare ??= {})[k] = v as never;
  }
  return rare;
}

/**
 * Strings of one column, kept as UTF-8 bytes in one fixed-width slot per entry; a longer string is
 * kept as itself in `#long`.
 */
class ByteColumn {
  readonly #bytes: Buffer;
  readonly #length: Uint16Array;
  readonly #long = new Map<number, string>();
  readonly #width: number;

  constructor(capacity: number, width: number) {
    this.#bytes = Buffer.alloc(capacity * width);
    this.#length = new Uint16Array(capacity);
    this.#width = width;
  }

  set(i: number, s: string | undefined): void {
    if (this.#long.size > 0) this.#long.delete(i);
    if (s === undefined) {
      this.#length[i] = 0xffff;
      return;
    }
    if (s.length <= this.#width) {
      const n = this.#bytes.write(s, i * this.#width, this.#width, 'utf8');
      // Written whole unless the slot was nearly full (a character takes up to 4 bytes): then ask.
      if (n <= this.#width - 4 || Buffer.byteLength(s) === n) {
        this.#length[i] = n;
        return;
      }
    }
    this.#length[i] = 0xfffe;
    this.#long.set(i, s);
  }

  get(i: number): string | undefined {
    const n = this.#length[i] as number;
    if (n === 0xffff) return undefined;
    if (n === 0xfffe) return this.#long.get(i);
    return this.#bytes.toString('utf8', i * this.#width, i * this.#width + n);
  }
}

/**
 * The ring is kept in columns (typed arrays for the numbers, bytes for the request's own strings)
 * rather than as one object per entry. An entry lives for the next `capacity` requests: long enough
 * for the young-generation collector to copy and then promote whatever objects it holds, which made
 * the journal the largest single cost of a GET (bench/RESULTS.md, run 8). Entries are built as objects
 * only when read.
 */
export class Journal {
  readonly capacity: number;
  /** Where requests get their correlation ids; the journal keeps an entry's as its number. */
  readonly correlations = new CorrelationIds();
  #next = 0;
  #seq = 0;
  #size = 0;
  readonly #id: Float64Array;
  readonly #at: Float64Array;
  /** When each entry was recorded: wall-clock ms to the microsecond, to order entries of several replicas. */
  readonly #recorded: Float64Array;
  readonly #duration: Float64Array;
  readonly #status: Uint16Array;
  readonly #service: string[];
  readonly #tenant: (string | null)[];
  readonly #operation: string[];
  readonly #method: string[];
  readonly #path: ByteColumn;
  /** Sequence numbers of `correlations`; 0 for none. */
  readonly #correlation: Float64Array;
  readonly #rare: (Rare | undefined)[];
  /** One copy of each tenant name, so an entry keeps no per-request string for it. */
  readonly #tenants = new Map<string, string>();

  constructor(capacity = 1000) {
    this.capacity = capacity;
    this.#id = new Float64Array(capacity);
    this.#at = new Float64Array(capacity);
    this.#recorded = new Float64Array(capacity);
    this.#duration = new Float64Array(capacity);
    this.#status = new Uint16Array(capacity);
    this.#service = new Array<string>(capacity).fill('');
    this.#tenant = new Array<string | null>(capacity).fill(null);
    this.#operation = new Array<string>(capacity).fill('');
    this.#method = new Array<string>(capacity).fill('');
    this.#path = new ByteColumn(capacity, 192);
    this.#correlation = new Float64Array(capacity);
    this.#rare = new Array<Rare | undefined>(capacity).fill(undefined);
  }

  /** Stores an entry; returns its id. */
  record(e: JournalInput): number {
    const i = this.#next;
    const id = ++this.#seq;
    this.#id[i] = id;
    this.#at[i] = e.at;
    this.#recorded[i] = performance.timeOrigin + performance.now();
    this.#duration[i] = e.durationMs;
    this.#status[i] = e.status;
    this.#service[i] = e.service;
    this.#tenant[i] = e.tenant === null ? null : this.#intern(e.tenant);
    this.#operation[i] = e.operation;
    this.#method[i] = e.method;
    this.#path.set(i, e.path);
    this.#correlation[i] = e.correlation ?? 0;
    // Most entries (GETs) have none of the rare fields: tested inline, without the loop (`to` and `from` come with `subject`).
    this.#rare[i] = e.errorCode === undefined && e.scenario === undefined && e.fault === undefined && e.idempotencyKey === undefined && e.subject === undefined ? undefined : rareOf(e);
    this.#next = (i + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
    return id;
  }

  /** Newest first; `limit` defaults to 100 and never exceeds the capacity. */
  query(q: JournalQuery = {}): JournalEntry[] {
    const limit = Math.min(q.limit ?? 100, this.capacity);
    const out: JournalEntry[] = [];
    for (let n = 1; n <= this.#size && out.length < limit; n++) {
      const i = (this.#next - n + this.capacity) % this.capacity;
      if (this.#matches(i, q)) out.push(this.#entry(i));
    }
    return out;
  }

  /**
   * Entries newer than id `after`, oldest first, each with when it was recorded (wall-clock ms): what a
   * replica writes to the shared journal when asked (postgres-journal.ts).
   */
  since(after: number): { entry: JournalEntry; recorded: number }[] {
    const out: { entry: JournalEntry; recorded: number }[] = [];
    for (let n = this.#size; n >= 1; n--) {
      const i = (this.#next - n + this.capacity) % this.capacity;
      if ((this.#id[i] as number) > after) out.push({ entry: this.#entry(i), recorded: this.#recorded[i] as number });
    }
    return out;
  }

  /** Deletes entries matching the filter (all when empty); returns how many went. The rest keep their order and ids. */
  clear(q: Omit<JournalQuery, 'limit'> = {}): number {
    const kept: number[] = [];
    for (let n = this.#size; n >= 1; n--) {
      const i = (this.#next - n + this.capacity) % this.capacity;
      if (!this.#matches(i, q)) kept.push(i);
    }
    const paths = kept.map((i) => this.#path.get(i));
    const move = <T>(col: { [i: number]: T; fill(v: T): unknown }, empty: T) => {
      const values = kept.map((i) => col[i] as T);
      col.fill(empty);
      values.forEach((v, k) => (col[k] = v));
    };
    move(this.#id, 0);
    move(this.#at, 0);
    move(this.#recorded, 0);
    move(this.#duration, 0);
    move(this.#status, 0);
    move(this.#correlation, 0);
    move(this.#service, '');
    move(this.#tenant, null);
    move(this.#operation, '');
    move(this.#method, '');
    move(this.#rare, undefined);
    paths.forEach((path, k) => this.#path.set(k, path));
    const deleted = this.#size - kept.length;
    this.#size = kept.length;
    this.#next = kept.length % this.capacity;
    return deleted;
  }

  #matches(i: number, q: Omit<JournalQuery, 'limit'>): boolean {
    return (!q.service || this.#service[i] === q.service) && (!q.tenant || this.#tenant[i] === q.tenant) && (!q.operation || this.#operation[i] === q.operation);
  }

  #entry(i: number): JournalEntry {
    const rare = this.#rare[i];
    return {
      id: this.#id[i] as number,
      at: new Date(this.#at[i] as number).toISOString(),
      service: this.#service[i] as string,
      tenant: this.#tenant[i] ?? null,
      operation: this.#operation[i] as string,
      method: this.#method[i] as string,
      path: this.#path.get(i) ?? '',
      status: this.#status[i] as number,
      durationMs: this.#duration[i] as number,
      correlationId: this.#correlation[i] ? this.correlations.spell(this.#correlation[i] as number) : undefined,
      errorCode: rare?.errorCode,
      scenario: rare?.scenario,
      fault: rare?.fault,
      idempotencyKey: rare?.idempotencyKey,
      subject: rare?.subject,
      from: rare?.from,
      to: rare?.to,
      recordedAt: new Date(this.#recorded[i] as number).toISOString(),
    };
  }

  #intern(tenant: string): string {
    const known = this.#tenants.get(tenant);
    if (known !== undefined) return known;
    if (this.#tenants.size >= 10_000) this.#tenants.clear();
    this.#tenants.set(tenant, tenant);
    return tenant;
  }
}
