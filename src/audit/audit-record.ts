/** One audit record as the rest of the server hands it in, and the multi-row INSERT for many. */
import type { SecurityAuditRecord } from '../access/security-audit.ts';
import type { SqlParams } from '../fhir/search/sql-params.ts';

export type AuditRecord = SecurityAuditRecord;

const COLUMNS = [
  'user_id',
  'roles',
  'action',
  'outcome',
  'resource_type',
  'resource_id',
  'patient_ids',
  'query',
  'result_ids',
  'ip',
  'user_agent',
  'request_id',
  'detail',
] as const;
const CASTS = ['text', 'text[]', 'text', 'text', 'text', 'text', 'text[]', 'text', 'text[]', 'text', 'text', 'text', 'jsonb'];

/**
 * A record's column values in COLUMNS order: text, arrays of text (or null), and the detail
 * object (each INSERT encodes it its own way). Long free text is cut here, once.
 */
function columnValues(r: AuditRecord): (string | string[] | Record<string, unknown> | null)[] {
  return [
    r.userId.slice(0, 200),
    r.roles,
    r.action,
    r.outcome,
    r.resourceType ?? null,
    r.resourceId ?? null,
    r.patientIds ?? [],
    r.query ?? null,
    r.resultIds ?? null,
    r.ip ?? null,
    r.userAgent?.slice(0, 512) ?? null,
    r.requestId ?? null,
    r.detail ?? null,
  ];
}

/** A record as the JSON object the INSERTs below expand (one key per column). */
export function auditRow(r: AuditRecord): Record<string, unknown> {
  const values = columnValues(r);
  const row: Record<string, unknown> = {};
  COLUMNS.forEach((c, i) => (row[c] = values[i]));
  return row;
}

/**
 * ONE INSERT for all records: the batch goes as one JSON array that PostgreSQL turns into
 * rows (jsonb_to_recordset, which makes JSON arrays into text[] itself), so the SQL text is
 * the same for any number of rows (one prepared statement), and a record costs one
 * JSON.stringify on our side instead of a bound array element per column.
 */
export function auditInsert(records: readonly AuditRecord[], firstParam = 1): { sql: string; params: unknown[] } {
  return { sql: insertSql(firstParam), params: [JSON.stringify(records.map(auditRow))] };
}

/**
 * The records of reads whose rows a statement has selected as `rows` (a CTE with the
 * columns k, allowed, deleted and patient_ids): `jsonParam` holds a JSON array of
 * auditRow objects each with the `k` of its row, and a record is written only for a row
 * that is visible and not deleted, with the row's patients.
 */
export function keyedAuditInsert(jsonParam: string, rows: string): string {
  const fromJson = COLUMNS.map((c, i) => [c, CASTS[i]] as const).filter(([c]) => c !== 'patient_ids');
  return `INSERT INTO audit_event (${COLUMNS.join(', ')})
    SELECT ${COLUMNS.map((c) => (c === 'patient_ids' ? `${rows}.patient_ids` : `x.${c}`)).join(', ')}
      FROM ${rows} JOIN jsonb_to_recordset(${jsonParam}::jsonb) AS x(k int, ${fromJson.map(([c, t]) => `${c} ${t}`).join(', ')}) ON x.k = ${rows}.k
     WHERE ${rows}.allowed AND NOT ${rows}.deleted`;
}

/** The INSERT's text for a parameter position: built once, since every read's record goes through it. */
const insertTexts = new Map<number, string>();
function insertSql(firstParam: number): string {
  let sql = insertTexts.get(firstParam);
  if (!sql) {
    sql = `INSERT INTO audit_event (${COLUMNS.join(', ')})
    SELECT ${COLUMNS.map((c) => `x.${c}`).join(', ')} FROM jsonb_to_recordset($${firstParam}::jsonb) AS x(${COLUMNS.map((c, i) => `${c} ${CASTS[i]}`).join(', ')})`;
    insertTexts.set(firstParam, sql);
  }
  return sql;
}

/**
 * `INSERT INTO audit_event ... SELECT` of one record whose patients (and, for a page of
 * results, what was returned) are SQL expressions over rows the same statement reads: a
 * read and its record in one statement, one round trip. The caller may append a row source
 * (`FROM g WHERE ...`). Every field is bound, present or not, so the text (and the prepared
 * plan) is the same for every request.
 */
export function auditInsertSelect(p: SqlParams, r: AuditRecord, from: { patientIds: string; resultIds?: string }): string {
  const values = columnValues(r).map((v, i) => {
    if (COLUMNS[i] === 'patient_ids') return from.patientIds;
    if (COLUMNS[i] === 'result_ids' && from.resultIds) return from.resultIds;
    if (CASTS[i] === 'jsonb') return `${p.add(v === null ? null : JSON.stringify(v), 'text')}::jsonb`;
    return p.add(v, CASTS[i] === 'text[]' ? 'text[]' : 'text');
  });
  return `INSERT INTO audit_event (${COLUMNS.join(', ')}) SELECT ${values.join(', ')}`;
}
