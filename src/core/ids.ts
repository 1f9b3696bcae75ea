import { randomUUID, randomInt } from 'node:crypto';
import type { Faker } from '@faker-js/faker';
// The per-locale entries load in ~40 ms; the package's main entry loads every locale (~240 ms at start-up).
import { faker as de } from '@faker-js/faker/locale/de';
import { faker as en } from '@faker-js/faker/locale/en';
import { faker as pl } from '@faker-js/faker/locale/pl';
import { faker as sv } from '@faker-js/faker/locale/sv';

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
const LOCALES = { en, de, pl, sv } as const;

/**
 * A new faker instance (never the locale module's shared one, so sandboxes share nothing) with a
 * locale and a fixed seed: the same sequence every time. The locale's definitions already include
 * the English and base fallbacks.
 */
export function seededFaker(seed: number, locale: FakerLocale = 'en'): Faker {
  const shared = LOCALES[locale];
  const FakerClass = shared.constructor as new (opts: { locale: Faker['rawDefinitions'] }) => Faker;
  const faker = new FakerClass({ locale: shared.rawDefinitions });
  faker.seed(seed);
  return faker;
}
