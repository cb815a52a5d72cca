/**
 * Addresses and phone numbers. Cities are real US cities (with their state, a plausible
 * ZIP prefix and area code); street numbers, streets and the last digits are invented.
 * Phone numbers use the 555-01xx range, reserved for fiction, in varied formats.
 */
import type { Address } from '@medplum/fhirtypes';
import type { Random } from './random.ts';

export interface City {
  city: string;
  state: string;
  zip: string; // first three digits
  area: string; // telephone area code
}

export const CITIES: readonly City[] = [
  { city: 'Boston', state: 'MA', zip: '021', area: '617' },
  { city: 'Cambridge', state: 'MA', zip: '021', area: '617' },
  { city: 'Worcester', state: 'MA', zip: '016', area: '508' },
  { city: 'Springfield', state: 'MA', zip: '011', area: '413' },
  { city: 'Providence', state: 'RI', zip: '029', area: '401' },
  { city: 'Hartford', state: 'CT', zip: '061', area: '860' },
  { city: 'New York', state: 'NY', zip: '100', area: '212' },
  { city: 'Brooklyn', state: 'NY', zip: '112', area: '718' },
  { city: 'Buffalo', state: 'NY', zip: '142', area: '716' },
  { city: 'Newark', state: 'NJ', zip: '071', area: '973' },
  { city: 'Philadelphia', state: 'PA', zip: '191', area: '215' },
  { city: 'Pittsburgh', state: 'PA', zip: '152', area: '412' },
  { city: 'Baltimore', state: 'MD', zip: '212', area: '410' },
  { city: 'Washington', state: 'DC', zip: '200', area: '202' },
  { city: 'Richmond', state: 'VA', zip: '232', area: '804' },
  { city: 'Charlotte', state: 'NC', zip: '282', area: '704' },
  { city: 'Atlanta', state: 'GA', zip: '303', area: '404' },
  { city: 'Miami', state: 'FL', zip: '331', area: '305' },
  { city: 'Orlando', state: 'FL', zip: '328', area: '407' },
  { city: 'Tampa', state: 'FL', zip: '336', area: '813' },
  { city: 'Nashville', state: 'TN', zip: '372', area: '615' },
  { city: 'Detroit', state: 'MI', zip: '482', area: '313' },
  { city: 'Dearborn', state: 'MI', zip: '481', area: '313' },
  { city: 'Chicago', state: 'IL', zip: '606', area: '312' },
  { city: 'Milwaukee', state: 'WI', zip: '532', area: '414' },
  { city: 'Minneapolis', state: 'MN', zip: '554', area: '612' },
  { city: 'St. Louis', state: 'MO', zip: '631', area: '314' },
  { city: 'New Orleans', state: 'LA', zip: '701', area: '504' },
  { city: 'Houston', state: 'TX', zip: '770', area: '713' },
  { city: 'San Antonio', state: 'TX', zip: '782', area: '210' },
  { city: 'El Paso', state: 'TX', zip: '799', area: '915' },
  { city: 'Denver', state: 'CO', zip: '802', area: '303' },
  { city: 'Albuquerque', state: 'NM', zip: '871', area: '505' },
  { city: 'Phoenix', state: 'AZ', zip: '850', area: '602' },
  { city: 'Salt Lake City', state: 'UT', zip: '841', area: '801' },
  { city: 'Las Vegas', state: 'NV', zip: '891', area: '702' },
  { city: 'Los Angeles', state: 'CA', zip: '900', area: '213' },
  { city: 'San Diego', state: 'CA', zip: '921', area: '619' },
  { city: 'San Jose', state: 'CA', zip: '951', area: '408' },
  { city: 'San Francisco', state: 'CA', zip: '941', area: '415' },
  { city: 'Sacramento', state: 'CA', zip: '958', area: '916' },
  { city: 'Portland', state: 'OR', zip: '972', area: '503' },
  { city: 'Seattle', state: 'WA', zip: '981', area: '206' },
  { city: 'Anchorage', state: 'AK', zip: '995', area: '907' },
  { city: 'Honolulu', state: 'HI', zip: '968', area: '808' },
];

const STREETS = [
  'Main Street',
  'Oak Street',
  'Maple Avenue',
  'Cedar Lane',
  'Pine Street',
  'Elm Street',
  'Washington Avenue',
  'Lincoln Road',
  'Park Avenue',
  'Lake Drive',
  'Hillside Road',
  'Sunset Boulevard',
  'River Road',
  'Church Street',
  'Spring Street',
  'Highland Avenue',
  'Jefferson Street',
  'Franklin Avenue',
  'Chestnut Street',
  'Willow Way',
  'Harbor View Drive',
  'Meadow Lane',
  'Orchard Street',
  'Summit Avenue',
  'Prospect Street',
  'Garden Court',
  'Bay Street',
  'College Avenue',
  'Mill Road',
  'Forest Avenue',
  'Union Street',
  'Valley View Road',
  'Magnolia Drive',
  'Cherry Lane',
  'Bridge Street',
  'Academy Street',
  'Market Street',
  'Water Street',
];

export function drawCity(rnd: Random): City {
  return rnd.pick(CITIES);
}

export function drawAddress(rnd: Random, city: City, use: 'home' | 'work' = 'home'): Address {
  const line = [`${rnd.int(1, 9899)} ${rnd.pick(STREETS)}`];
  if (use === 'home' && rnd.chance(0.25))
    line.push(rnd.chance(0.5) ? `Apt ${rnd.int(1, 40)}${rnd.pick(['', 'A', 'B', 'C'])}` : `Unit ${rnd.int(100, 999)}`);
  return { use, type: 'physical', line, city: city.city, state: city.state, postalCode: city.zip + rnd.digits(2), country: 'US' };
}

/**
 * A fictional number (area code, 555-01xx), written the many ways registration desks and
 * patients type them, so phone search meets the formats real data has.
 */
export function drawPhone(rnd: Random, city: City): string {
  const a = city.area;
  const last = `01${rnd.digits(2)}`;
  switch (rnd.weighted(PHONE_FORMATS, PHONE_FORMAT_WEIGHTS)) {
    case 'e164-dashes':
      return `+1-${a}-555-${last}`;
    case 'e164':
      return `+1${a}555${last}`;
    case 'parentheses':
      return `(${a}) 555-${last}`;
    case 'dashes':
      return `${a}-555-${last}`;
    case 'dots':
      return `${a}.555.${last}`;
    case 'spaces':
      return `+1 ${a} 555 ${last}`;
    case 'digits':
      return `${a}555${last}`;
  }
}

const PHONE_FORMATS = ['e164-dashes', 'e164', 'parentheses', 'dashes', 'dots', 'spaces', 'digits'] as const;
const PHONE_FORMAT_WEIGHTS = [25, 10, 25, 20, 8, 7, 5];
