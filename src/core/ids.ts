import { randomUUID, randomInt } from 'node:crypto';
import { Faker, base, en, de, pl, sv } from '@faker-js/faker';

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

/** A faker instance with a locale and a fixed seed: the same sequence every time. */
export function seededFaker(seed: number, locale: FakerLocale = 'en'): Faker {
  const faker = new Faker({ locale: [LOCALES[locale], en, base] });
  faker.seed(seed);
  return faker;
}
