import { expect, test } from 'vitest';
import { DEMO_COUNTRIES, DEMO_STREETS, POSTAL_CODE_FORMAT, demoAddress, demoPerson, type DemoCountry } from '../../src/core/demo-people.js';
import { seededFaker } from '../../src/core/ids.js';

/**
 * The people of the demo data: every curated street's postal code is written as its country writes
 * them and lies in its city's range, and what faker chooses comes from those lists.
 */

/** Where each city's postal codes start (independent of the list under test). A new city needs its range here. */
const CITY_RANGE: Record<DemoCountry, Record<string, RegExp>> = {
  SE: { Stockholm: /^1[01]\d/, Göteborg: /^4[01]\d/, Malmö: /^2[01]\d/, Uppsala: /^75/, Lund: /^22/, Linköping: /^58/, Örebro: /^70/, Västerås: /^72/, Umeå: /^90/ },
  DE: { Berlin: /^1[0-4]/, Hamburg: /^2[0-2]/, München: /^8[01]/, Köln: /^5[01]/, 'Frankfurt am Main': /^60/, Leipzig: /^04/, Dresden: /^01/, Stuttgart: /^70/, Bremen: /^28/ },
  PL: { Warszawa: /^0[0-4]/, Kraków: /^3[01]/, Łódź: /^9[0-4]/, Gdańsk: /^80/, Wrocław: /^5[0-4]/, Poznań: /^6[01]/, Lublin: /^20/, Szczecin: /^7[01]/, Katowice: /^40/ },
};

const PHONE: Record<DemoCountry, RegExp> = { SE: /^\+46 7\d \d{3} \d{2} \d{2}$/, DE: /^\+49 1[5-7]\d \d{8}$/, PL: /^\+48 [5-8]\d{2} \d{3} \d{3}$/ };

test('every curated street: the postal code in the country\'s format (SE 123 45, DE 12345, PL 12-345) and in its city\'s range', () => {
  expect(POSTAL_CODE_FORMAT.SE.test('123 45') && POSTAL_CODE_FORMAT.DE.test('01099') && POSTAL_CODE_FORMAT.PL.test('00-021')).toBe(true);
  expect(POSTAL_CODE_FORMAT.SE.test('12345') || POSTAL_CODE_FORMAT.DE.test('1234') || POSTAL_CODE_FORMAT.PL.test('00021')).toBe(false);
  for (const country of DEMO_COUNTRIES) {
    expect(DEMO_STREETS[country].length).toBeGreaterThanOrEqual(10);
    for (const s of DEMO_STREETS[country]) {
      expect(s.postalCode, `${s.street}, ${s.city}`).toMatch(POSTAL_CODE_FORMAT[country]);
      expect(CITY_RANGE[country][s.city], `${s.city} is a city of ${country}`).toBeDefined();
      expect(s.postalCode, `${s.street}, ${s.city}`).toMatch(CITY_RANGE[country][s.city] as RegExp);
    }
  }
});

test('people and addresses come from the country\'s lists, whatever the faker\'s locale; the same seed gives the same people', () => {
  for (const country of DEMO_COUNTRIES) {
    const f = seededFaker(7); // English locale: no 'East Guidoworth'
    for (let i = 0; i < 50; i++) {
      const p = demoPerson(f, country);
      expect(p.phone).toMatch(PHONE[country]);
      expect(p.email).toMatch(/^[a-z-]+\.[a-z-]+@example\.com$/);
      const a = demoAddress(f, country);
      expect(DEMO_STREETS[country]).toContainEqual({ street: a.street, postalCode: a.postalCode, city: a.city });
      expect(a.streetAddress).toBe(`${a.street} ${a.houseNumber}`);
      expect(a.houseNumber).toMatch(country === 'PL' ? /^\d+(\/\d+)?$/ : /^\d+$/);
    }
  }
  const berlin = seededFaker(1);
  expect(new Set(Array.from({ length: 20 }, () => demoAddress(berlin, 'DE', 'Berlin').city))).toEqual(new Set(['Berlin']));
  const people = (seed: number) => { const f = seededFaker(seed); return Array.from({ length: 5 }, () => [demoPerson(f, 'PL'), demoAddress(f, 'PL')]); };
  expect(people(3)).toEqual(people(3));
  expect(people(3)).not.toEqual(people(4));
});
