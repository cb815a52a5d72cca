/**
 * A page of search results and its audit record in one statement: the page query's rows
 * are numbered in the order it returns them, and the record names the first `count` of
 * them (the page; the query asks for one more row, to know whether another page exists)
 * and the patients they belong to. One round trip instead of two, and the record is
 * committed when the page comes back.
 */
import { auditInsertSelect, type AuditRecord } from '../../audit/audit-record.ts';
import type { Queryable } from '../../db/types.ts';
import { SqlParams } from '../search/sql-params.ts';

export interface PageAudit {
  /** The page's record; its result ids and patients are filled in by the statement. */
  record: AuditRecord;
  /** Where the statement runs (see StoreAuditSink.readConnection). */
  on: Pick<Queryable, 'query'>;
}

/**
 * `pageSql` returns rows with `resource_type` and `id`, and with `patientsColumn` (a text[]
 * of patient ids) when given; `count` is the page size.
 */
export function pageWithAudit(
  pageSql: string,
  pageParams: readonly unknown[],
  count: number,
  record: AuditRecord,
  patientsColumn?: string,
  /** A condition over the numbered rows `m`, given the page size: the record is written only when it holds (a walk that served the page). */
  onlyIf?: (pageSize: string) => string,
  /** The query reads the page last-first (a previous or last page); the caller turns it round, and the record lists it as shown. */
  reversed = false,
  /** CTEs the page query and `onlyIf` refer to, put first in the statement's WITH (evaluated once for both). */
  leadingCtes: readonly string[] = [],
): { sql: string; params: unknown[] } {
  const p = new SqlParams(pageParams);
  const n = p.add(count, 'bigint');
  const onPage = `m.page_row <= ${n}`;
  const select = auditInsertSelect(p, record, {
    patientIds: patientsColumn
      ? `ARRAY(SELECT DISTINCT pid FROM m, unnest(m.${patientsColumn}) AS pid WHERE ${onPage})`
      : 'ARRAY[]::text[]',
    resultIds: `ARRAY(SELECT m.resource_type || '/' || m.id FROM m WHERE ${onPage} ORDER BY m.page_row${reversed ? ' DESC' : ''})`,
  });
  const insert = onlyIf ? `${select} WHERE ${onlyIf(n)}` : select;
  // row_number() over the page query's output numbers its rows in the order it sorted them.
  const sql = `WITH ${leadingCtes.map((c) => `${c}, `).join('')}m AS (SELECT q.*, row_number() OVER () AS page_row FROM (${pageSql}) q), a AS (${insert})
SELECT * FROM m ORDER BY m.page_row`;
  return { sql, params: p.values };
}
