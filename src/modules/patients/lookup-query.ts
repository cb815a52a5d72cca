/**
 * What a reception desk types into one box, understood: name words, a date of birth in
 * the usual formats, a birth year, a phone number however formatted, an MRN or other
 * identifier, or a mix ("garcia 1984"). See docs/patient-lookup.md for the rules.
 */
import { badRequest } from '../../errors.ts';
import type { PatientLookupFilters, PatientLookupTerms } from '../../fhir/store/patient-lookup-sql.ts';
import { PHONE_MIN_DIGITS } from '../../fhir/store/patient-lookup-sql.ts';
import { normalizeText } from '../../fhir/search/normalize.ts';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 50;
export const MIN_QUERY_LENGTH = 2;
export const MAX_QUERY_LENGTH = 200;
const MAX_NAME_TERMS = 6;
const MAX_NAME_LENGTH = 40;
const MAX_IDENTIFIERS = 10;
const MAX_PHONES = 3;
const MAX_PHONE_DIGITS = 15;
/** Earliest year of birth taken as one: older numbers are identifiers or noise. */
const EARLIEST_BIRTH_YEAR = 1880;
const GENDERS = new Set(['male', 'female', 'other', 'unknown']);

export interface LookupRequest {
  terms: PatientLookupTerms;
  limit: number;
}

type Query = Record<string, unknown>;

function invalid(field: string, message: string): never {
  throw badRequest(`${field} ${message}`, [{ field, message }]);
}

/** One value of a query parameter, or undefined; a repeated parameter is an error. */
function single(query: Query, field: string): string | undefined {
  const v = query[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') invalid(field, 'must be given once');
  return v;
}

function isoDay(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A real calendar day, not after today, or undefined. */
function dayOf(y: number, m: number, d: number, today: Date): string | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < EARLIEST_BIRTH_YEAR) return undefined;
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return undefined;
  if (t > today.getTime()) return undefined;
  return isoDay(y, m, d);
}

/** Two-digit years: this century when that is not in the future, else the last one. */
function fullYear(text: string, today: Date): number {
  const n = Number(text);
  if (text.length === 4) return n;
  const current = today.getUTCFullYear();
  return 2000 + n <= current ? 2000 + n : 1900 + n;
}

const ISO_DATE = /(?<![\p{L}\d])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\p{L}\d])/gu;
const DMY_OR_MDY = /(?<![\p{L}\d])(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?![\p{L}\d])/gu;
const COMPACT_DATE = /(?<![\p{L}\d])(\d{4})(\d{2})(\d{2})(?![\p{L}\d])/gu;
/** Digits with the separators people put in phone numbers, not glued to letters (CD3930-0007 is one identifier). */
const DIGIT_RUN = /(?<![\p{L}\d-])\+?\(?\d[\d\s().-]*\d(?![\p{L}\d])/gu;

interface Collected {
  names: string[];
  birthDates: string[];
  birthYears: number[];
  phones: string[];
  identifiers: string[];
}

/** Takes the dates out of `text` (replaced by spaces), adding their readings. */
function takeDates(text: string, c: Collected, today: Date): string {
  const take = (re: RegExp, read: (m: RegExpExecArray) => (string | undefined)[], keepAsIdentifier = false) => {
    text = text.replace(re, (...args) => {
      const m = args.slice(0, -2) as unknown as RegExpExecArray;
      const days = read(m).filter((d): d is string => d !== undefined);
      if (!days.length) return m[0]; // not a real date: maybe an identifier
      c.birthDates.push(...days);
      if (keepAsIdentifier) c.identifiers.push(m[0]);
      return ' ';
    });
  };
  take(ISO_DATE, (m) => [dayOf(Number(m[1]), Number(m[3]), Number(m[4]), today)]);
  // Day and month first, or month and day first: both readings when both are real days
  // ("03/12/1984" is 3 December or 12 March), the real one otherwise ("25/12/1984").
  take(DMY_OR_MDY, (m) => {
    const y = fullYear(m[4]!, today);
    return [dayOf(y, Number(m[3]), Number(m[1]), today), dayOf(y, Number(m[1]), Number(m[3]), today)];
  });
  // 19840312: a date, and as likely an MRN.
  take(COMPACT_DATE, (m) => [dayOf(Number(m[1]), Number(m[2]), Number(m[3]), today)], true);
  return text;
}

function birthYear(token: string, today: Date): number | undefined {
  if (!/^\d{4}$/.test(token)) return undefined;
  const y = Number(token);
  return y >= EARLIEST_BIRTH_YEAR && y <= today.getUTCFullYear() ? y : undefined;
}

/** Runs of 7+ digits (with spaces, dashes, dots, brackets): phone numbers, and possibly identifiers. */
function takePhones(text: string, c: Collected, today: Date): string {
  return text.replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/\D/g, '');
    if (digits.length < PHONE_MIN_DIGITS) return run;
    if (digits.length <= MAX_PHONE_DIGITS) c.phones.push(digits);
    c.identifiers.push(run.trim());
    // "1984 5551234" may be a year and a number: the year still counts.
    for (const part of run.split(/\s+/)) {
      const y = birthYear(part, today);
      if (y !== undefined) c.birthYears.push(y);
    }
    return ' ';
  });
}

/** A name word as the index keeps it (lower-case, unaccented), edges trimmed of punctuation. */
function nameWord(token: string): string {
  return normalizeText(token)
    .replace(/[^\p{L}'’-]/gu, '')
    .replace(/^['’-]+|['’-]+$/g, '');
}

/** Splits the box's text into terms; pure, so the rules are unit-tested without a database. */
export function parseLookupText(q: string, today = new Date()): Collected {
  const c: Collected = { names: [], birthDates: [], birthYears: [], phones: [], identifiers: [] };
  let rest = takeDates(q, c, today);
  rest = takePhones(rest, c, today);
  for (const token of rest.split(/[\s,;]+/).filter(Boolean)) {
    const y = birthYear(token, today);
    if (y !== undefined) c.birthYears.push(y);
    else if (/\d/.test(token)) {
      if (token.length >= 2) c.identifiers.push(token);
    } else {
      const word = nameWord(token);
      if ([...word].length >= 2) c.names.push(word.slice(0, MAX_NAME_LENGTH));
    }
  }
  // The whole box may be one identifier written with spaces ("AB 123 456"): when it has
  // digits, no date and no word long enough to be a name.
  const whole = q.trim();
  if (/\d/.test(whole) && /\s/.test(whole) && !c.birthDates.length && c.names.every((n) => [...n].length <= 3)) c.identifiers.push(whole);
  const unique = <T>(xs: T[]) => [...new Set(xs)];
  return {
    names: unique(c.names).slice(0, MAX_NAME_TERMS),
    birthDates: unique(c.birthDates),
    birthYears: unique(c.birthYears),
    phones: unique(c.phones).slice(0, MAX_PHONES),
    identifiers: unique(c.identifiers).slice(0, MAX_IDENTIFIERS),
  };
}

function parseFilters(query: Query, today: Date): PatientLookupFilters {
  const f: PatientLookupFilters = {};
  const birthDate = single(query, 'birthDate');
  if (birthDate !== undefined) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
    const day = m ? dayOf(Number(m[1]), Number(m[2]), Number(m[3]), today) : undefined;
    if (!day) invalid('birthDate', 'must be a past date written YYYY-MM-DD');
    f.birthDate = day;
  }
  const gender = single(query, 'gender');
  if (gender !== undefined) {
    if (!GENDERS.has(gender)) invalid('gender', `must be one of ${[...GENDERS].join(', ')}`);
    f.gender = gender;
  }
  const active = single(query, 'active');
  if (active !== undefined) {
    if (active !== 'true' && active !== 'false') invalid('active', 'must be true or false');
    f.active = active === 'true';
  }
  return f;
}

function parseLimit(query: Query): number {
  const limit = single(query, 'limit');
  if (limit === undefined) return DEFAULT_LIMIT;
  if (!/^\d{1,6}$/.test(limit) || Number(limit) < 1) invalid('limit', `must be a whole number from 1 to ${MAX_LIMIT}`);
  // Larger asks are served at the maximum, as FHIR servers do with _count.
  return Math.min(Number(limit), MAX_LIMIT);
}

/** The query string of GET /api/v1/patients/search, checked and understood. */
export function parseLookupRequest(query: Query, today = new Date()): LookupRequest {
  const raw = single(query, 'q');
  const q = raw?.trim() ?? '';
  if (!q) invalid('q', 'is required: type a name, a date of birth, a phone number or an identifier');
  if ([...q].length < MIN_QUERY_LENGTH) invalid('q', `must have at least ${MIN_QUERY_LENGTH} characters`);
  if ([...q].length > MAX_QUERY_LENGTH) invalid('q', `must have at most ${MAX_QUERY_LENGTH} characters`);
  const filters = parseFilters(query, today);
  const limit = parseLimit(query);
  const found = parseLookupText(q, today);
  if (!found.names.length && !found.birthDates.length && !found.birthYears.length && !found.phones.length && !found.identifiers.length) {
    invalid('q', 'has nothing to look for: type a name (2 letters or more), a date of birth, a phone number or an identifier');
  }
  const audited = new URLSearchParams({ q });
  for (const k of ['birthDate', 'gender', 'active'] as const) {
    const v = single(query, k);
    if (v !== undefined) audited.set(k, v);
  }
  return { terms: { queryText: audited.toString(), ...found, filters }, limit };
}
