import { randomBytes } from 'node:crypto';

/** The hex spelling of every byte. */
const HEX2 = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/**
 * Correlation ids: UUID-shaped (version 4, RFC 4122 variant), unique rather than random. Each source
 * draws a random prefix of 74 bits once; an id is that prefix and a 48-bit sequence number, so ids
 * never repeat within a source and two sources (two sandboxes, a restart) share none but by a
 * 1-in-2^74 chance.
 *
 * Why not `crypto.randomUUID()` per request: the sandbox makes one id per request, and a number is
 * all the journal then needs to keep (it spells the id only when read). Making a random UUID string
 * and copying it into the journal cost about 0.35 µs of a 2.7 µs GET (bench/RESULTS.md).
 *
 * @example
 * const ids = new CorrelationIds();
 * const n = ids.next();   // 1
 * ids.spell(n);           // '3b241101-e2bb-4255-8caf-000000000001'
 */
export class CorrelationIds {
  readonly #prefix: string;
  #last = 0;

  constructor(random: Uint8Array = randomBytes(10)) {
    const b = Array.from(random.subarray(0, 10), (x) => HEX2[x] as string);
    if (b.length !== 10) throw new RangeError('CorrelationIds needs 10 random bytes');
    b[6] = `4${(b[6] as string)[1]}`; // version 4
    b[8] = HEX2[(parseInt(b[8] as string, 16) & 0x3f) | 0x80] as string; // RFC 4122 variant
    this.#prefix = `${b.slice(0, 4).join('')}-${b.slice(4, 6).join('')}-${b.slice(6, 8).join('')}-${b.slice(8, 10).join('')}-`;
  }

  /** A new id, as its sequence number (1, 2, …): {@link spell} gives the id itself. */
  next(): number {
    return ++this.#last;
  }

  /** The id of a sequence number this source gave. */
  spell(n: number): string {
    const high = Math.floor(n / 0x1000000); // the top 24 of 48 bits
    return this.#prefix + HEX2[(high >>> 16) & 255] + HEX2[(high >>> 8) & 255] + HEX2[high & 255] + HEX2[(n >>> 16) & 255] + HEX2[(n >>> 8) & 255] + HEX2[n & 255];
  }
}
