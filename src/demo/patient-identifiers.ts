/**
 * The identifiers a registration desk records for a generated patient, from several
 * systems so identifier search meets realistic data: the hospital MRN (with a check
 * digit, as MRN systems print them), a national id (US SSN in the 999 range, which is
 * never issued), and for some a driver's licence or a passport. The MRN and the national
 * id are bijections of the patient index, so they are unique within a seed by
 * construction (up to 10^8 and 10^6 patients).
 */
import type { Identifier } from '@medplum/fhirtypes';
import { MRN_TYPE, SYSTEM, concept, type Code } from './codes.ts';
import type { Random } from './random.ts';
import { mix32, seedWord } from './random.ts';
import { luhnCheckDigit } from '../modules/patients/mrn.ts';

const SSN_TYPE: Code = { code: 'SS', display: 'Social Security number' };
const DL_TYPE: Code = { code: 'DL', display: "Driver's license number" };
const PASSPORT_TYPE: Code = { code: 'PPN', display: 'Passport number' };

export const IDENTIFIER_SYSTEM = {
  ssn: 'http://hl7.org/fhir/sid/us-ssn',
  passport: 'http://hl7.org/fhir/sid/passport-USA',
  /** Followed by the issuing state, e.g. .../drivers-license/MA */
  driversLicense: 'https://hale.example/drivers-license/',
} as const;

/** `<seed tag>-<8 digits><check digit>`: the patient's number in this seed's hospital system. */
export function mrnFor(tag: string, index: number): string {
  const digits = String(index + 1).padStart(8, '0');
  return `${tag}-${digits}${luhnCheckDigit(digits)}`;
}

/** 999-XX-XXXX, distinct for every index below 10^6 within a seed (7,919 is prime to 10^6). */
export function nationalIdFor(seed: number, index: number): string {
  const n = (mix32(seedWord(seed) ^ 0x2545f491) + index * 7_919) % 1_000_000;
  const s = String(n).padStart(6, '0');
  return `999-${s.slice(0, 2)}-${s.slice(2)}`;
}

export interface IdentifierInput {
  seed: number;
  tag: string;
  index: number;
  adult: boolean;
  state: string;
}

export function patientIdentifiers(rnd: Random, input: IdentifierInput): Identifier[] {
  const ids: Identifier[] = [
    { use: 'usual', type: concept(SYSTEM.identifierType, MRN_TYPE), system: SYSTEM.mrn, value: mrnFor(input.tag, input.index) },
  ];
  // Not everyone gives a national id at registration.
  if (rnd.chance(0.9)) {
    ids.push({
      use: 'official',
      type: concept(SYSTEM.identifierType, SSN_TYPE),
      system: IDENTIFIER_SYSTEM.ssn,
      value: nationalIdFor(input.seed, input.index),
    });
  }
  if (input.adult && rnd.chance(0.55)) {
    ids.push({
      use: 'secondary',
      type: concept(SYSTEM.identifierType, DL_TYPE),
      system: IDENTIFIER_SYSTEM.driversLicense + input.state,
      value: `${String.fromCharCode(65 + rnd.int(0, 25))}${rnd.digits(8)}`,
    });
  }
  if (rnd.chance(0.08)) {
    ids.push({
      use: 'secondary',
      type: concept(SYSTEM.identifierType, PASSPORT_TYPE),
      system: IDENTIFIER_SYSTEM.passport,
      value: `${rnd.int(1, 9)}${rnd.digits(8)}`,
    });
  }
  return ids;
}
