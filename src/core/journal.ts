import type { Fault } from './scenarios/schema.js';

/**
 * The request journal: a bounded ring of what the sandbox answered, newest first on read.
 *
 * @example
 * const journal = new Journal(1000);
 * journal.record({ service: 'kustom', tenant: 't1', operation: 'getOrder', method: 'GET',
 *   path: '/ordermanagement/v1/orders/x', status: 200, durationMs: 1, at: new Date(0).toISOString() });
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
}

export interface JournalQuery {
  service?: string | undefined;
  tenant?: string | undefined;
  operation?: string | undefined;
  limit?: number | undefined;
}

export class Journal {
  readonly capacity: number;
  #entries: (JournalEntry | undefined)[];
  #next = 0;
  #seq = 0;

  constructor(capacity = 1000) {
    this.capacity = capacity;
    this.#entries = new Array(capacity);
  }

  record(entry: Omit<JournalEntry, 'id'>): JournalEntry {
    const full = { ...entry, id: ++this.#seq };
    this.#entries[this.#next] = full;
    this.#next = (this.#next + 1) % this.capacity;
    return full;
  }

  /** Newest first; `limit` defaults to 100 and never exceeds the capacity. */
  query(q: JournalQuery = {}): JournalEntry[] {
    const limit = Math.min(q.limit ?? 100, this.capacity);
    const out: JournalEntry[] = [];
    for (let i = 1; i <= this.capacity && out.length < limit; i++) {
      const e = this.#entries[(this.#next - i + this.capacity) % this.capacity];
      if (!e) break;
      if (q.service && e.service !== q.service) continue;
      if (q.tenant && e.tenant !== q.tenant) continue;
      if (q.operation && e.operation !== q.operation) continue;
      out.push(e);
    }
    return out;
  }

  /** Deletes entries matching the filter (all when empty); returns how many went. */
  clear(q: Omit<JournalQuery, 'limit'> = {}): number {
    let n = 0;
    for (let i = 0; i < this.capacity; i++) {
      const e = this.#entries[i];
      if (!e) continue;
      if (q.service && e.service !== q.service) continue;
      if (q.tenant && e.tenant !== q.tenant) continue;
      if (q.operation && e.operation !== q.operation) continue;
      this.#entries[i] = undefined;
      n++;
    }
    this.#compact();
    return n;
  }

  #compact(): void {
    const live = this.query({ limit: this.capacity }).reverse();
    this.#entries = new Array(this.capacity);
    live.forEach((e, i) => (this.#entries[i] = e));
    this.#next = live.length % this.capacity;
  }
}
