/**
 * Medical record numbers: 8 digits and a Luhn check digit, as MRN systems print them, so a
 * mistyped digit (and most swapped pairs) is caught at the desk before it finds the wrong
 * patient. Pure functions: the demo generator uses them too, without a database.
 */
import type { Identifier } from '@medplum/fhirtypes';

/** The identifier system of the MRNs this server hands out (a site may pass its own to the routes). */
export const DEFAULT_MRN_SYSTEM = 'urn:hale:mrn';
export const IDENTIFIER_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0203';

/** Luhn (mod 10) check digit of a digit string: catches every single-digit typo and most swaps. */
export function luhnCheckDigit(digits: string): string {
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** The MRN of a sequence number: its 8 digits and their check digit. */
export function mrnOf(n: number | bigint): string {
  const digits = String(n).padStart(8, '0');
  if (!/^\d{8}$/.test(digits)) throw new RangeError(`MRN numbers have 8 digits, got ${digits}`);
  return digits + luhnCheckDigit(digits);
}

/** True for 9 digits whose last is the Luhn check digit of the first 8. */
export function isValidMrn(value: string): boolean {
  return /^\d{9}$/.test(value) && luhnCheckDigit(value.slice(0, 8)) === value[8];
}

export function mrnIdentifier(value: string, system = DEFAULT_MRN_SYSTEM): Identifier {
  return {
    use: 'usual',
    type: { coding: [{ system: IDENTIFIER_TYPE_SYSTEM, code: 'MR', display: 'Medical record number' }], text: 'MRN' },
    system,
    value,
  };
}

/** The patient's MRN in this server's system (or any MR-typed identifier when there is none). */
export function findMrn(identifiers: readonly Identifier[] | undefined, system = DEFAULT_MRN_SYSTEM): Identifier | undefined {
  const ids = identifiers ?? [];
  const isMr = (i: Identifier) => i.type?.coding?.some((c) => c.code === 'MR') ?? false;
  return ids.find((i) => i.system === system && i.value) ?? ids.find((i) => isMr(i) && i.value);
}
