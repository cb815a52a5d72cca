/**
 * Writes the search index rows of resources into the sp_* tables. One statement for all
 * rows of all tables (arrays bound as parameters and expanded with unnest), so a write
 * costs one round trip however many values it has, and no value is ever spliced into SQL.
 */
import type { Queryable } from '../../db/types.ts';
import { emptySearchIndexRows, type CompositeSlot, type SearchIndexRows } from './index-rows.ts';
import { careLinkRows, isPatientless } from '../../access/care-link-rows.ts';
import { consentDenyRows } from '../../access/consent-deny-rows.ts';

export interface SearchIndexWrite {
  resourceType: string;
  id: string;
  rows: SearchIndexRows;
  /** True when the resource may already have rows (an update): they are deleted first. */
  replace: boolean;
  /** The resource is deleted: its rows are only removed. */
  removed?: boolean;
  /** The content as stored: what the index rows alone do not hold (a Consent's provision, consent-deny-rows.ts). */
  resource?: unknown;
}

/** One table's INSERT: its columns after (resource_type, resource_id), with their array types. */
interface TableInsert<K extends keyof SearchIndexRows> {
  table: K;
  sql: string;
  columns: (row: SearchIndexRows[K][number]) => unknown[];
}

/**
 * One table's rows arrive as ONE jsonb parameter, an array of row arrays
 * [resource_type, resource_id, ...columns], expanded with jsonb_array_elements. `select`
 * names the columns c1, c2... (they become x->>0, x->>1...) when a value needs SQL work
 * (to_tsvector). Why not a text[] parameter per column: the driver escapes every element of
 * every array in JavaScript and PostgreSQL parses each array literal again, where
 * JSON.stringify and jsonb's parser are native. Measured with the benchmark Patient (35 rows:
 * 62 arrays before, 9 JSON texts now), alternating runs at 16 connections: creates/s up by
 * about a fifth, with less CPU per create on both sides (bench/RESULTS.md, 2026-12-07 09:29 UTC).
 */
function insertSql(table: string, columns: [name: string, type: string][], select?: string): string {
  const names = ['resource_type', 'resource_id', ...columns.map((c) => c[0])];
  const types = ['text', 'text', ...columns.map((c) => c[1])];
  const values = types.map((t, i) => (t === 'text' ? `x->>${i}` : `(x->>${i})::${t}`));
  const selected = select ? select.replace(/\bc(\d+)\b/g, (_, n: string) => values[Number(n) - 1]!) : values.join(', ');
  return `INSERT INTO ${table} (${names.join(', ')}) SELECT ${selected} FROM jsonb_array_elements($1::jsonb) AS x`;
}

const SLOT_COLUMNS: [name: string, type: string][] = [
  ['system', 'text'],
  ['code', 'text'],
  ['text', 'text'],
  ['num', 'numeric'],
  ['low', 'timestamptz'],
  ['high', 'timestamptz'],
];
const COMPOSITE_SLOTS = 3;
const EMPTY_SLOT: CompositeSlot = { system: null, code: null, text: null, num: null, low: null, high: null };

const INSERTS = [
  {
    table: 'token',
    sql: insertSql('sp_token', [
      ['param', 'text'],
      ['system', 'text'],
      ['code', 'text'],
      ['text_value', 'text'],
    ]),
    columns: (r) => [r.param, r.system, r.code, r.textValue],
  } satisfies TableInsert<'token'>,
  {
    table: 'string',
    sql: insertSql('sp_string', [
      ['param', 'text'],
      ['value', 'text'],
      ['raw', 'text'],
    ]),
    columns: (r) => [r.param, r.value, r.raw],
  } satisfies TableInsert<'string'>,
  {
    table: 'date',
    sql: insertSql('sp_date', [
      ['param', 'text'],
      ['low', 'timestamptz'],
      ['high', 'timestamptz'],
    ]),
    columns: (r) => [r.param, r.low, r.high],
  } satisfies TableInsert<'date'>,
  {
    table: 'reference',
    sql: insertSql('sp_reference', [
      ['param', 'text'],
      ['target_type', 'text'],
      ['target_id', 'text'],
      ['url', 'text'],
    ]),
    columns: (r) => [r.param, r.targetType, r.targetId, r.url],
  } satisfies TableInsert<'reference'>,
  {
    table: 'number',
    sql: insertSql('sp_number', [
      ['param', 'text'],
      ['value', 'numeric'],
    ]),
    columns: (r) => [r.param, r.value],
  } satisfies TableInsert<'number'>,
  {
    table: 'quantity',
    sql: insertSql('sp_quantity', [
      ['param', 'text'],
      ['value', 'numeric'],
      ['system', 'text'],
      ['code', 'text'],
      ['unit', 'text'],
    ]),
    columns: (r) => [r.param, r.value, r.system, r.code, r.unit],
  } satisfies TableInsert<'quantity'>,
  {
    table: 'uri',
    sql: insertSql('sp_uri', [
      ['param', 'text'],
      ['value', 'text'],
    ]),
    columns: (r) => [r.param, r.value],
  } satisfies TableInsert<'uri'>,
  {
    table: 'composite',
    sql: insertSql('sp_composite', [
      ['param', 'text'],
      ...[1, 2, 3].flatMap((k) => SLOT_COLUMNS.map(([name, type]): [string, string] => [`c${k}_${name}`, type])),
    ]),
    columns: (r) => [
      r.param,
      ...Array.from({ length: COMPOSITE_SLOTS }, (_, k) => r.slots[k] ?? EMPTY_SLOT).flatMap((s) => [
        s.system,
        s.code,
        s.text,
        s.num,
        s.low,
        s.high,
      ]),
    ],
  } satisfies TableInsert<'composite'>,
  {
    table: 'text',
    sql: insertSql(
      'sp_text',
      [
        ['param', 'text'],
        ['doc', 'text'],
      ],
      "c1, c2, c3, to_tsvector('simple', c4)",
    ),
    columns: (r) => [r.param, r.text],
  } satisfies TableInsert<'text'>,
] as const;

/**
 * The INSERT CTEs with their parameters numbered from `first` (one of two values: with or
 * without the DELETE parts before them), built once: renumbering them per write was 5% of a
 * create's CPU.
 */
const insertCtesByFirst = new Map<number, string[]>();
function insertCtesFrom(first: number): string[] {
  let ctes = insertCtesByFirst.get(first);
  if (!ctes) {
    ctes = [];
    let base = first;
    for (const spec of INSERTS) ctes.push(`ins_${spec.table} AS (${spec.sql.replace('$1', `$${base++}`)})`);
    insertCtesByFirst.set(first, ctes);
  }
  return ctes;
}

/**
 * The index writes of many resources as parts of ONE statement (data-modifying CTEs):
 * a DELETE of the replaced resources' old rows per table and an INSERT per table, the care
 * links derived from the reference rows included. Every
 * table is always present (an empty array inserts nothing), so the SQL text is one of two
 * (with or without the DELETE parts) and can be prepared once per connection. Within one statement a DELETE does not see the
 * rows its sibling INSERT adds, so replacing is safe.
 */
export function indexWriteCtes(writes: readonly SearchIndexWrite[], firstParam: number): { ctes: string[]; params: unknown[] } {
  const params: unknown[] = [];
  const ctes: string[] = [];
  const replaced = writes.filter((w) => w.replace);
  if (replaced.length > 0)
    params.push(
      replaced.map((w) => w.resourceType),
      replaced.map((w) => w.id),
    );
  const [dt, di] = [firstParam, firstParam + 1];
  // Pure creates get no DELETE parts at all: a prepared (generic) plan cannot see that the
  // arrays are empty and may scan the tables.
  if (replaced.length > 0)
    for (const table of [
      'sp_token',
      'sp_string',
      'sp_date',
      'sp_reference',
      'sp_number',
      'sp_quantity',
      'sp_uri',
      'sp_composite',
      'sp_text',
      'hale_care_link',
      'hale_patientless',
      'hale_consent_deny',
    ]) {
      ctes.push(
        `del_${table} AS (DELETE FROM ${table} WHERE (resource_type, resource_id) IN (SELECT * FROM unnest($${dt}::text[], $${di}::text[])))`,
      );
    }
  const inserts = insertCtesFrom(firstParam + params.length);
  for (const [k, spec] of (INSERTS as readonly TableInsert<keyof SearchIndexRows>[]).entries()) {
    ctes.push(inserts[k]!);
    const rows: unknown[][] = [];
    for (const w of writes)
      for (const row of w.rows[spec.table] as SearchIndexRows[keyof SearchIndexRows][number][])
        rows.push([w.resourceType, w.id, ...spec.columns(row as never)]);
    params.push(JSON.stringify(rows));
  }
  // Rows derived from the index rows and kept beside them: the care relationships the
  // references record and the live resources that name no patient (access/care-link-rows.ts),
  // and the Consents that deny access (access/consent-deny-rows.ts).
  const derived = (cte: string, table: string, columns: readonly string[], rows: readonly (string | null)[][]) => {
    const first = firstParam + params.length;
    const unnest = columns.map((_, i) => `$${first + i}::text[]`).join(', ');
    ctes.push(`${cte} AS (INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${unnest}))`);
    params.push(...columns.map((_, i) => rows.map((r) => r[i])));
  };
  derived(
    'ins_care_link',
    'hale_care_link',
    ['resource_type', 'resource_id', 'actor_type', 'actor_id', 'patient_id', 'kind'],
    writes.flatMap((w) =>
      careLinkRows(w.resourceType, w.id, w.rows.reference).map((l) => [w.resourceType, w.id, l.actorType, l.actorId, l.patientId, l.kind]),
    ),
  );
  derived(
    'ins_patientless',
    'hale_patientless',
    ['resource_type', 'resource_id'],
    writes.filter((w) => !w.removed && isPatientless(w.resourceType, w.rows.reference)).map((w) => [w.resourceType, w.id]),
  );
  derived(
    'ins_consent_deny',
    'hale_consent_deny',
    ['resource_type', 'resource_id', 'patient_id', 'actor_type', 'actor_id'],
    writes.flatMap((w) =>
      w.removed
        ? []
        : consentDenyRows(w.resourceType, w.resource, w.rows).map((d) => [w.resourceType, w.id, d.patientId, d.actorType, d.actorId]),
    ),
  );
  return { ctes, params };
}

/** Index rows of many resources at once, in one statement (the CTEs above). */
export async function writeSearchIndexBatch(tx: Queryable, writes: readonly SearchIndexWrite[]): Promise<void> {
  if (writes.length === 0) return;
  const { ctes, params } = indexWriteCtes(writes, 1);
  await tx.query(`WITH ${ctes.join(',\n')}\nSELECT 1 AS done`, params);
}

export async function writeSearchIndex(
  tx: Queryable,
  resourceType: string,
  id: string,
  rows: SearchIndexRows,
  replace: boolean,
): Promise<void> {
  await writeSearchIndexBatch(tx, [{ resourceType, id, rows, replace }]);
}

export async function deleteSearchIndex(tx: Queryable, resourceType: string, id: string): Promise<void> {
  await writeSearchIndexBatch(tx, [{ resourceType, id, rows: emptySearchIndexRows(), replace: true, removed: true }]);
}
