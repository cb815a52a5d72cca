/**
 * The SQL of the fuzzy patient lookup (docs/patient-lookup.md): one bounded, indexed
 * query over the search index tables that gathers candidate patients per term, scores
 * them, applies the caller's row scope and filters, and returns the best first.
 *
 * Every value is bound through SqlParams; the only literals are fixed names (index table
 * parameters, field names) from this file. The expressions over `code` must stay
 * identical to the indexes of migration 0006, or the planner cannot use them.
 */
import { SqlParams } from '../search/sql-params.ts';
import { fromRow, type ResourceRow } from './resource-rows.ts';
import type { StoredResource } from './stored-resource.ts';
import { oneEditVariants } from './spelling-variants.ts';

/** What the box was understood to ask for (parsed by src/modules/patients/lookup-query.ts). */
export interface PatientLookupTerms {
  /** The request as the user sent it (q and filters), for the audit trail. */
  queryText: string;
  /** Name words, normalised like sp_string.value (lower-case, unaccented). */
  names: string[];
  /** Full dates of birth (YYYY-MM-DD); an ambiguous date brings both readings. */
  birthDates: string[];
  /** Years of birth typed alone ("garcia 1984"). */
  birthYears: number[];
  /** Digit strings of 7 or more digits, as typed without formatting. */
  phones: string[];
  /** Values that may be an identifier (MRN, insurance number, national id), as typed. */
  identifiers: string[];
  filters: PatientLookupFilters;
}

export interface PatientLookupFilters {
  birthDate?: string;
  gender?: string;
  active?: boolean;
}

export type LookupField = 'family' | 'given' | 'birthDate' | 'phone' | 'identifier';
export const LOOKUP_FIELDS: readonly LookupField[] = ['family', 'given', 'birthDate', 'phone', 'identifier'];

export interface PatientLookupMatch {
  stored: StoredResource;
  score: number;
  matches: LookupField[];
}

export interface PatientLookupRow extends ResourceRow {
  score: number | string;
  fields: string[] | null;
}

export interface PatientLookupSqlOptions {
  limit: number;
  /** The caller's row scope, an SQL boolean over `r` (access-scope.ts). */
  scope?: (p: SqlParams) => string;
  /** Blind-index codes to look for when a Patient token parameter may hold hashed values. */
  hashedCodes?: (param: 'identifier' | 'phone', value: string) => string[];
}

/**
 * Run before the lookup, in its transaction. The query reads a few hundred index rows;
 * its cost estimate (hundreds of one-edit spellings) can still make the planner start
 * parallel workers, whose start-up costs more than the whole lookup.
 */
export const PATIENT_LOOKUP_SETTINGS = 'SET LOCAL max_parallel_workers_per_gather = 0';

/** Weights: an exact identifier beats everything else together; a full date of birth beats a phone and a year. */
export const WEIGHTS = { identifier: 20, name: 4, birthDate: 3, phone: 3, birthYear: 1 } as const;

/**
 * Rows kept per term before scoring across terms, and read per kind of fuzzy match (one
 * edit, prefix, trigram; exact matches may fill the whole term): bounds the work of a very
 * common name or a short prefix, whatever the number of patients.
 */
export const CANDIDATES_PER_TERM = 1000;
export const CANDIDATES_PER_KIND = 300;

/** Shortest tail of a phone number that is worth matching alone. */
export const PHONE_MIN_DIGITS = 7;

// The same expressions as the indexes of migration 0006.
const IDENTIFIER_KEY = `upper(regexp_replace(t.code, '[[:space:]./()-]', '', 'g'))`;
const NAME_TRIGRAMS = `lower(s.value)`;
const PHONE_REVERSED_DIGITS = `reverse(regexp_replace(t.code, '[^0-9]', '', 'g'))`;

/** The key an identifier is compared by: no spaces or - . / ( ), upper case (as in the blind index). */
export function identifierKey(value: string): string {
  return value.replace(/[\s\-./()]/g, '').toUpperCase();
}

/** The smallest string greater than every string starting with `prefix` (byte order, as text_pattern_ops compares). */
function prefixUpperBound(prefix: string): string {
  const chars = [...prefix];
  const last = chars.pop()!;
  return chars.join('') + String.fromCodePoint(last.codePointAt(0)! + 1);
}

function reversed(s: string): string {
  return [...s].reverse().join('');
}

function utcMidnight(day: string): string {
  return `${day}T00:00:00Z`;
}

/** Terms shorter than this skip the trigram arm: their one-edit spellings and prefixes cover them, and their trigrams match thousands of names. */
export const MIN_TRIGRAM_TERM = 4;

/**
 * One arm per name term (term = its index): family and given names equal to it, one edit
 * away, starting with it, or trigram-similar, each kind its own index scan with its own
 * score (the best per patient is kept later). Separate scans, not one OR: each stays an
 * exact index lookup with nothing to recheck, and the one-edit spellings are joined from
 * an array instead of being tested against every candidate row.
 */
function nameArm(p: SqlParams, term: string, index: number): string {
  const t = p.add(term, 'text');
  const names = `s.resource_type = 'Patient' AND s.param IN ('family', 'given')`;
  const select = (score: string) => `SELECT s.resource_id AS id, s.param AS field, ${score} AS score`;
  const kinds = [
    `${select('1.0::float8')} FROM sp_string s WHERE ${names} AND s.value = ${t} LIMIT ${CANDIDATES_PER_TERM}`,
    `${select(`0.7 + 0.3 * similarity(s.value, ${t})`)}
       FROM unnest(${p.add(oneEditVariants(term), 'text[]')}) AS v(spelling) JOIN sp_string s ON ${names} AND s.value = v.spelling
       LIMIT ${CANDIDATES_PER_KIND}`,
    `${select(`0.5 + 0.4 * length(${t})::float8 / length(s.value)`)}
       FROM sp_string s WHERE ${names} AND s.value ~>=~ ${t} AND s.value ~<~ ${p.add(prefixUpperBound(term), 'text')} AND s.value <> ${t}
       LIMIT ${CANDIDATES_PER_KIND}`,
  ];
  if ([...term].length >= MIN_TRIGRAM_TERM) {
    kinds.push(
      `${select(`0.9 * similarity(s.value, ${t})`)} FROM sp_string s WHERE ${names} AND ${NAME_TRIGRAMS} % ${t} LIMIT ${CANDIDATES_PER_KIND}`,
    );
  }
  return `(SELECT id, ${index} AS term, field, score FROM (
        ${kinds.map((k) => `(${k})`).join('\n        UNION ALL ')}
      ) m ORDER BY score DESC LIMIT ${CANDIDATES_PER_TERM})`;
}

const TERM = { identifier: -1, phone: -2, birthDate: -3, birthYear: -4 } as const;

function identifierArm(p: SqlParams, values: string[], hashed: string[]): string {
  const keys = p.add([...new Set(values.map(identifierKey).filter((k) => k.length > 0))], 'text[]');
  const byHash = hashed.length ? ` OR t.code = ANY(${p.add(hashed, 'text[]')})` : '';
  return `(SELECT t.resource_id AS id, ${TERM.identifier} AS term, 'identifier' AS field, 1.0::float8 AS score
      FROM sp_token t
      WHERE t.resource_type = 'Patient' AND t.param = 'identifier' AND (${IDENTIFIER_KEY} = ANY(${keys})${byHash})
      LIMIT ${CANDIDATES_PER_TERM})`;
}

/**
 * Phones ending with the typed number's last 7 digits are candidates; a phone that ends
 * with the whole typed number (or whose digits are the end of it: a country prefix
 * typed) is a full match, the others a partial one.
 */
function phoneArm(p: SqlParams, digits: string, hashed: string[]): string {
  const whole = p.add(reversed(digits), 'text');
  const tail = reversed(digits.slice(-PHONE_MIN_DIGITS));
  const low = p.add(tail, 'text');
  const high = p.add(prefixUpperBound(tail), 'text');
  const hash = hashed.length ? p.add(hashed, 'text[]') : undefined;
  return `(SELECT t.resource_id AS id, ${TERM.phone} AS term, 'phone' AS field,
        CASE WHEN ${hash ? `t.code = ANY(${hash}) OR ` : ''}starts_with(${PHONE_REVERSED_DIGITS}, ${whole}) OR starts_with(${whole}, ${PHONE_REVERSED_DIGITS})
             THEN 1.0::float8 ELSE 0.5 END AS score
      FROM sp_token t
      WHERE t.resource_type = 'Patient' AND t.param = 'phone'
        AND ((${PHONE_REVERSED_DIGITS} ~>=~ ${low} AND ${PHONE_REVERSED_DIGITS} ~<~ ${high})${hash ? ` OR t.code = ANY(${hash})` : ''})
      LIMIT ${CANDIDATES_PER_TERM})`;
}

function birthDateArm(p: SqlParams, days: string[]): string {
  return `(SELECT d.resource_id AS id, ${TERM.birthDate} AS term, 'birthDate' AS field, 1.0::float8 AS score
      FROM sp_date d
      WHERE d.resource_type = 'Patient' AND d.param = 'birthdate' AND d.low = ANY(${p.add(days.map(utcMidnight), 'text[]')}::timestamptz[])
      LIMIT ${CANDIDATES_PER_TERM})`;
}

/** Births in any of the years, over `d` (an sp_date row). */
function inYears(p: SqlParams, years: number[]): string {
  return years
    .map(
      (y) => `(d.low >= ${p.add(`${y}-01-01T00:00:00Z`, 'timestamptz')} AND d.low < ${p.add(`${y + 1}-01-01T00:00:00Z`, 'timestamptz')})`,
    )
    .join(' OR ');
}

function birthYearArm(p: SqlParams, years: number[]): string {
  return `(SELECT d.resource_id AS id, ${TERM.birthYear} AS term, 'birthDate' AS field, 1.0::float8 AS score
      FROM sp_date d
      WHERE d.resource_type = 'Patient' AND d.param = 'birthdate' AND (${inYears(p, years)})
      LIMIT ${CANDIDATES_PER_TERM})`;
}

function filterSql(p: SqlParams, f: PatientLookupFilters): string[] {
  const where: string[] = [];
  const token = (param: string, code: string) =>
    `EXISTS (SELECT 1 FROM sp_token f WHERE f.resource_type = 'Patient' AND f.resource_id = r.id AND f.param = '${param}' AND f.code = ${p.add(code, 'text')})`;
  if (f.gender) where.push(token('gender', f.gender));
  // A Patient without `active` counts as active (the element's meaning when absent).
  if (f.active !== undefined) where.push(f.active ? `NOT ${token('active', 'false')}` : token('active', 'false'));
  if (f.birthDate) {
    where.push(
      `EXISTS (SELECT 1 FROM sp_date f WHERE f.resource_type = 'Patient' AND f.resource_id = r.id AND f.param = 'birthdate' AND f.low = ${p.add(utcMidnight(f.birthDate), 'timestamptz')})`,
    );
  }
  return where;
}

export function patientLookupSql(terms: PatientLookupTerms, opts: PatientLookupSqlOptions): { sql: string; params: unknown[] } {
  const p = new SqlParams();
  const hashes = (param: 'identifier' | 'phone', values: string[]) =>
    opts.hashedCodes ? values.flatMap((v) => opts.hashedCodes!(param, v)) : [];
  const arms: string[] = terms.names.map((name, i) => nameArm(p, name, i));
  if (terms.identifiers.length) arms.push(identifierArm(p, terms.identifiers, hashes('identifier', terms.identifiers)));
  for (const digits of terms.phones) arms.push(phoneArm(p, digits, hashes('phone', [digits])));
  if (terms.birthDates.length) arms.push(birthDateArm(p, terms.birthDates));
  // A year alone is too broad to gather candidates beside other terms; there it only ranks.
  const yearOnly = arms.length === 0;
  if (yearOnly && terms.birthYears.length) arms.push(birthYearArm(p, terms.birthYears));
  if (!arms.length) throw new Error('patientLookupSql needs at least one term');

  const nameCount = Math.max(terms.names.length, 1);
  const yearHit =
    terms.birthYears.length && !yearOnly
      ? `EXISTS (SELECT 1 FROM sp_date d WHERE d.resource_type = 'Patient' AND d.resource_id = g.id AND d.param = 'birthdate' AND (${inYears(p, terms.birthYears)}))`
      : 'false';
  const where = ['NOT r.deleted', ...(opts.scope ? [opts.scope(p)] : []), ...filterSql(p, terms.filters)];
  const limit = p.add(opts.limit, 'bigint');
  const birthWeight = terms.birthDates.length ? WEIGHTS.birthDate : WEIGHTS.birthYear;
  // Candidates are scored and sorted first; the resource rows (content, scope, filters) are
  // then read in score order only until the page is full.
  const sql = `WITH hits AS (
      ${arms.join('\n      UNION ALL ')}
    ),
    best AS (
      SELECT DISTINCT ON (id, term) id, term, field, score FROM hits ORDER BY id, term, score DESC
    ),
    grouped AS (
      SELECT id,
             coalesce(sum(score) FILTER (WHERE term >= 0), 0) / ${nameCount} AS name_score,
             bool_or(term = ${TERM.identifier}) AS identifier_hit,
             coalesce(max(score) FILTER (WHERE term = ${TERM.phone}), 0) AS phone_score,
             bool_or(term IN (${TERM.birthDate}, ${TERM.birthYear})) AS birth_hit,
             array_agg(DISTINCT field) AS fields
      FROM best GROUP BY id
    ),
    scored AS (
      SELECT g.id, g.fields, y.year_hit,
             (CASE WHEN g.identifier_hit THEN ${WEIGHTS.identifier} ELSE 0 END
              + ${WEIGHTS.name} * g.name_score
              + CASE WHEN g.birth_hit THEN ${birthWeight} WHEN y.year_hit THEN ${WEIGHTS.birthYear} ELSE 0 END
              + ${WEIGHTS.phone} * g.phone_score) AS score
      FROM grouped g CROSS JOIN LATERAL (SELECT ${yearHit} AS year_hit) y
    )
    SELECT r.resource_type, r.id, r.version_id, r.last_updated, r.deleted, r.content, c.score,
           CASE WHEN c.year_hit THEN array_append(c.fields, 'birthDate') ELSE c.fields END AS fields
    FROM (SELECT * FROM scored ORDER BY score DESC, id) c
    JOIN resource r ON r.resource_type = 'Patient' AND r.id = c.id
    WHERE ${where.join(' AND ')}
    ORDER BY c.score DESC, c.id
    LIMIT ${limit}`;
  return { sql, params: p.values };
}

/** A result row to a match, with stored content passed through `reveal` (field decryption). */
export function patientLookupMatch(row: PatientLookupRow, reveal: (s: StoredResource) => StoredResource): PatientLookupMatch {
  const fields = new Set(row.fields ?? []);
  return {
    stored: reveal(fromRow(row)),
    score: Math.round(Number(row.score) * 1000) / 1000,
    matches: LOOKUP_FIELDS.filter((f) => fields.has(f)),
  };
}
