/**
 * SQL for one search filter (a parameter with its values) over the resource row `r`: an
 * EXISTS semi-join into the parameter's index table, or a condition on `r` itself for
 * `_id` and `_lastUpdated`. Identifiers come only from the fixed map below; every value is
 * a `$n` parameter.
 */
import { conditionSql } from './condition-sql.ts';
import type { IndexTable } from './index-rows.ts';
import type { SearchFilter } from './search-request.ts';
import type { SqlParams } from './sql-params.ts';

export const TABLES: Readonly<Record<IndexTable, string>> = {
  token: 'sp_token',
  string: 'sp_string',
  date: 'sp_date',
  reference: 'sp_reference',
  number: 'sp_number',
  quantity: 'sp_quantity',
  uri: 'sp_uri',
};

export function tableName(table: IndexTable): string {
  if (!Object.hasOwn(TABLES, table)) throw new Error(`no index table ${String(table)}`);
  return TABLES[table];
}

function resourceFilterSql(f: SearchFilter, p: SqlParams): string {
  if (f.missing !== undefined) return f.missing ? 'false' : 'true'; // the columns are never empty
  if (f.param === '_id' && f.conditions.every((c) => c.kind === 'id')) {
    const ids = f.conditions.map((c) => (c.kind === 'id' ? c.id : ''));
    const match = `r.id = ANY(${p.add(ids, 'text[]')})`;
    return f.not ? `NOT ${match}` : match;
  }
  const any = f.conditions.map((c) => conditionSql(c, p)).join(' OR ');
  return f.not ? `NOT (${any})` : `(${any})`;
}

export function filterSql(f: SearchFilter, typeParam: string, p: SqlParams): string {
  if (f.table === 'resource') return resourceFilterSql(f, p);
  const rows = `SELECT 1 FROM ${tableName(f.table)} x WHERE x.resource_type = ${typeParam} AND x.resource_id = r.id AND x.param = ${p.add(f.param, 'text')}`;
  if (f.missing !== undefined) return `${f.missing ? 'NOT ' : ''}EXISTS (${rows})`;
  const any = f.conditions.map((c) => conditionSql(c, p)).join(' OR ');
  // :not matches resources with no matching value, including those with no value at all.
  return `${f.not ? 'NOT ' : ''}EXISTS (${rows} AND (${any}))`;
}
