import { randomUUID, randomInt } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Faker } from '@faker-js/faker';

/**
 * Identifier and fake-data sources.
 *
 * Runtime identifiers (order, capture, refund ids) are random UUIDs so that a restarted sandbox
 * with a data directory can never collide with ids it issued before. Fixture data and faker-filled
 * fields come from faker seeded with a fixed number: the same data every start.
 *
 * @example
 * const ids = createIds();
 * ids.uuid();          // '6f1c…'
 * ids.reference();     // 'K4MADNY'
 * seededFaker(42, 'de').person.firstName();
 */
export interface Ids {
  uuid(): string;
  /** Short upper-case reference such as Klarna's `klarna_reference` (7 letters/digits). */
  reference(length?: number): string;
}

const REF_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function createIds(): Ids {
  return {
    uuid: () => randomUUID(),
    reference: (length = 7) => {
      let s = '';
      for (let i = 0; i < length; i++) s += REF_ALPHABET[randomInt(REF_ALPHABET.length)];
      return s;
    },
  };
}

export type FakerLocale = 'en' | 'de' | 'pl' | 'sv';

// A locale's entry is loaded on first use, not at start-up: the first one costs about 55 ms, each
// further one about 6 ms (the package's main entry would load every locale). Synchronous require of an
// ES module needs Node >= 20.19 (the package's engines); the bundled CLI leaves faker outside the bundle.
const requireLocale = createRequire(import.meta.url);
const SHARED: Partial<Record<FakerLocale, Faker>> = {};
function sharedFaker(locale: FakerLocale): Faker {
  return (SHARED[locale] ??= (requireLocale(`@faker-js/faker/locale/${locale}`) as { faker: Faker }).faker);
}

/**
 * A new faker instance (never the locale module's shared one, so sandboxes share nothing) with a
 * locale and a fixed seed: the same sequence every time. The locale's definitions already include
 * the English and base fallbacks.
 */
export function seededFaker(seed: number, locale: FakerLocale = 'en'): Faker {
  const shared = sharedFaker(locale);
  const FakerClass = shared.constructor as new (opts: { locale: Faker['rawDefinitions'] }) => Faker;
  const faker = new FakerClass({ locale: shared.rawDefinitions });
  faker.seed(seed);
  return faker;
}
