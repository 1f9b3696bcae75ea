import type { Faker } from '@faker-js/faker';

/**
 * The people in the fixtures' demo data: names, phone numbers and postal addresses per country,
 * curated so that a street, its postal code, its city and its country agree, and chosen by a seeded
 * faker (the same people from the same seed, whatever the faker's locale). Vendor-free: each service
 * takes the countries it sells in.
 *
 * @example
 * const f = seededFaker(42);
 * demoPerson(f, 'SE');            // { givenName: 'Karin', familyName: 'Lindqvist', phone: '+46 70 412 55 08', email: 'karin.lindqvist@example.com' }
 * demoAddress(f, 'DE', 'Berlin'); // { street: 'Kastanienallee', houseNumber: '12', postalCode: '10435', city: 'Berlin', country: 'DE', streetAddress: 'Kastanienallee 12' }
 */
export const DEMO_COUNTRIES = ['SE', 'DE', 'PL'] as const;
export type DemoCountry = (typeof DEMO_COUNTRIES)[number];

/** A street with the postal code and city it has there. */
export interface DemoStreet {
  street: string;
  postalCode: string;
  city: string;
}

/** Postal codes as each country writes them: SE `123 45`, DE `12345`, PL `12-345`. */
export const POSTAL_CODE_FORMAT: Record<DemoCountry, RegExp> = { SE: /^\d{3} \d{2}$/, DE: /^\d{5}$/, PL: /^\d{2}-\d{3}$/ };

export const DEMO_STREETS: Record<DemoCountry, readonly DemoStreet[]> = {
  SE: [
    { street: 'Drottninggatan', postalCode: '111 51', city: 'Stockholm' },
    { street: 'Götgatan', postalCode: '116 46', city: 'Stockholm' },
    { street: 'Hornsgatan', postalCode: '118 20', city: 'Stockholm' },
    { street: 'Sankt Eriksgatan', postalCode: '112 39', city: 'Stockholm' },
    { street: 'Kungsportsavenyen', postalCode: '411 36', city: 'Göteborg' },
    { street: 'Linnégatan', postalCode: '413 04', city: 'Göteborg' },
    { street: 'Södra Förstadsgatan', postalCode: '211 43', city: 'Malmö' },
    { street: 'Davidshallsgatan', postalCode: '211 45', city: 'Malmö' },
    { street: 'Svartbäcksgatan', postalCode: '753 20', city: 'Uppsala' },
    { street: 'Stora Södergatan', postalCode: '222 23', city: 'Lund' },
    { street: 'Storgatan', postalCode: '582 23', city: 'Linköping' },
    { street: 'Drottninggatan', postalCode: '702 10', city: 'Örebro' },
    { street: 'Vasagatan', postalCode: '722 15', city: 'Västerås' },
    { street: 'Rådhusesplanaden', postalCode: '903 28', city: 'Umeå' },
  ],
  DE: [
    { street: 'Kastanienallee', postalCode: '10435', city: 'Berlin' },
    { street: 'Oderberger Straße', postalCode: '10435', city: 'Berlin' },
    { street: 'Lychener Straße', postalCode: '10437', city: 'Berlin' },
    { street: 'Kollwitzstraße', postalCode: '10405', city: 'Berlin' },
    { street: 'Torstraße', postalCode: '10119', city: 'Berlin' },
    { street: 'Bergmannstraße', postalCode: '10961', city: 'Berlin' },
    { street: 'Lange Reihe', postalCode: '20099', city: 'Hamburg' },
    { street: 'Osterstraße', postalCode: '20259', city: 'Hamburg' },
    { street: 'Leopoldstraße', postalCode: '80802', city: 'München' },
    { street: 'Sendlinger Straße', postalCode: '80331', city: 'München' },
    { street: 'Ehrenstraße', postalCode: '50672', city: 'Köln' },
    { street: 'Berger Straße', postalCode: '60316', city: 'Frankfurt am Main' },
    { street: 'Karl-Liebknecht-Straße', postalCode: '04275', city: 'Leipzig' },
    { street: 'Königsbrücker Straße', postalCode: '01099', city: 'Dresden' },
    { street: 'Königstraße', postalCode: '70173', city: 'Stuttgart' },
    { street: 'Ostertorsteinweg', postalCode: '28203', city: 'Bremen' },
  ],
  PL: [
    { street: 'ul. Chmielna', postalCode: '00-021', city: 'Warszawa' },
    { street: 'ul. Nowy Świat', postalCode: '00-373', city: 'Warszawa' },
    { street: 'ul. Puławska', postalCode: '02-515', city: 'Warszawa' },
    { street: 'ul. Grochowska', postalCode: '04-186', city: 'Warszawa' },
    { street: 'ul. Floriańska', postalCode: '31-019', city: 'Kraków' },
    { street: 'ul. Karmelicka', postalCode: '31-128', city: 'Kraków' },
    { street: 'ul. Piotrkowska', postalCode: '90-410', city: 'Łódź' },
    { street: 'ul. Długa', postalCode: '80-827', city: 'Gdańsk' },
    { street: 'ul. Świdnicka', postalCode: '50-066', city: 'Wrocław' },
    { street: 'ul. Półwiejska', postalCode: '61-888', city: 'Poznań' },
    { street: 'ul. Krakowskie Przedmieście', postalCode: '20-002', city: 'Lublin' },
    { street: 'al. Niepodległości', postalCode: '70-412', city: 'Szczecin' },
    { street: 'ul. Mariacka', postalCode: '40-014', city: 'Katowice' },
  ],
};

/** Given names, and family names (Polish ones have a masculine and a feminine form). */
interface Names {
  female: readonly string[];
  male: readonly string[];
  family: readonly (string | { male: string; female: string })[];
}

const pl = (male: string): { male: string; female: string } => ({ male, female: `${male.slice(0, -1)}a` });

const NAMES: Record<DemoCountry, Names> = {
  SE: {
    female: ['Anna', 'Eva', 'Maria', 'Karin', 'Sara', 'Emma', 'Elin', 'Ida', 'Johanna', 'Linnea', 'Maja', 'Frida'],
    male: ['Erik', 'Lars', 'Karl', 'Johan', 'Anders', 'Per', 'Oskar', 'Nils', 'Magnus', 'Gustav', 'Axel', 'Henrik'],
    family: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson', 'Lindberg', 'Lindqvist', 'Bergström', 'Holm', 'Sjöberg', 'Åberg'],
  },
  DE: {
    female: ['Anna', 'Lena', 'Julia', 'Katharina', 'Sophie', 'Laura', 'Sabine', 'Claudia', 'Miriam', 'Hannah', 'Jana', 'Petra'],
    male: ['Jonas', 'Lukas', 'Felix', 'Maximilian', 'Thomas', 'Michael', 'Stefan', 'Jan', 'Tobias', 'Andreas', 'Florian', 'Matthias'],
    family: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Wolf', 'Schröder', 'Neumann', 'Zimmermann'],
  },
  PL: {
    female: ['Anna', 'Katarzyna', 'Magdalena', 'Agnieszka', 'Joanna', 'Monika', 'Aleksandra', 'Zofia', 'Natalia', 'Ewa', 'Karolina', 'Marta'],
    male: ['Piotr', 'Krzysztof', 'Tomasz', 'Paweł', 'Michał', 'Marcin', 'Jakub', 'Łukasz', 'Kamil', 'Wojciech', 'Marek', 'Adam'],
    family: ['Nowak', pl('Kowalski'), pl('Wiśniewski'), 'Wójcik', 'Kowalczyk', pl('Kamiński'), pl('Lewandowski'), pl('Zieliński'), pl('Szymański'), 'Woźniak', pl('Dąbrowski'), pl('Kozłowski'), 'Mazur', 'Krawczyk'],
  },
};

const digits = (f: Faker, n: number) => f.string.numeric({ length: n, allowLeadingZeros: true });

/** Mobile numbers in international form, grouped as the country writes them. */
const PHONE: Record<DemoCountry, (f: Faker) => string> = {
  SE: (f) => `+46 ${f.helpers.arrayElement(['70', '72', '73', '76'])} ${digits(f, 3)} ${digits(f, 2)} ${digits(f, 2)}`,
  DE: (f) => `+49 ${f.helpers.arrayElement(['151', '152', '157', '160', '170', '171', '176'])} ${digits(f, 8)}`,
  PL: (f) => `+48 ${f.helpers.arrayElement(['501', '512', '533', '601', '662', '693', '725', '788', '798'])} ${digits(f, 3)} ${digits(f, 3)}`,
};

/** The name as an e-mail's local part: lower case, letters without their marks (å → a, ł → l, ß → ss). */
const mailbox = (s: string) => s.toLowerCase().replace(/ł/g, 'l').replace(/ß/g, 'ss').normalize('NFD').replace(/\p{M}/gu, '').replace(/[^a-z0-9]+/g, '-');

export interface DemoPerson {
  givenName: string;
  familyName: string;
  phone: string;
  email: string;
}

/** A person of the country: a name, a mobile number and an address at example.com. */
export function demoPerson(f: Faker, country: DemoCountry): DemoPerson {
  const names = NAMES[country];
  const female = f.datatype.boolean();
  const givenName = f.helpers.arrayElement(female ? names.female : names.male);
  const family = f.helpers.arrayElement(names.family);
  const familyName = typeof family === 'string' ? family : female ? family.female : family.male;
  return { givenName, familyName, phone: PHONE[country](f), email: `${mailbox(givenName)}.${mailbox(familyName)}@example.com` };
}

export interface DemoAddress extends DemoStreet {
  country: DemoCountry;
  /** The house number (in Poland sometimes with the flat: `14/3`). */
  houseNumber: string;
  /** Street and house number as one line, the way the country writes it. */
  streetAddress: string;
}

/** An address in the country (in `city` when given and known there). */
export function demoAddress(f: Faker, country: DemoCountry, city?: string): DemoAddress {
  const streets = DEMO_STREETS[country].filter((s) => !city || s.city === city);
  const at = f.helpers.arrayElement(streets.length ? streets : DEMO_STREETS[country]);
  const house = String(f.number.int({ min: 1, max: 64 }));
  const houseNumber = country === 'PL' && f.datatype.boolean() ? `${house}/${f.number.int({ min: 1, max: 40 })}` : house;
  return { ...at, country, houseNumber, streetAddress: `${at.street} ${houseNumber}` };
}
