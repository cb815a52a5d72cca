/**
 * SQL for one search filter (a parameter with its values) over a resource row (alias `r`
 * at the top, `r1`, `r2`... inside chains): an EXISTS semi-join into the parameter's index
 * table, or a condition on the row itself for `_id` and `_lastUpdated`. Chains and `_has`
 * are nested EXISTS through sp_reference to the linked resource's row, on which the inner
 * filter is built the same way. Identifiers come only from the fixed maps below; every
 * value (parameter codes and type names included) is a `$n` parameter.
 */
import { REFERENCE_COLUMNS, TABLE_COLUMNS, conditionSql } from './condition-sql.ts';
import type { IndexTable } from './index-rows.ts';
import type { SearchFilter } from './search-request.ts';
import { hasOneDateRow } from './single-valued.ts';
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

/** Tables searched by filters beyond the single-value ones. */
const OTHER_TABLES = { composite: 'sp_composite', text: 'sp_text' } as const;

export function tableName(table: IndexTable): string {
  if (!Object.hasOwn(TABLES, table)) throw new Error(`no index table ${String(table)}`);
  return TABLES[table];
}

/** The alias of the resource row one link further in (`r` -> `r1` -> `r2`). */
function nextAlias(alias: string): string {
  return `r${alias === 'r' ? 1 : Number(alias.slice(1)) + 1}`;
}

function resourceFilterSql(f: SearchFilter, p: SqlParams, alias: string): string {
  if (f.missing !== undefined) return f.missing ? 'false' : 'true'; // the columns are never empty
  if (f.param === '_id' && f.conditions.every((c) => c.kind === 'id')) {
    const ids = f.conditions.map((c) => (c.kind === 'id' ? c.id : ''));
    const match = `${alias}.id = ANY(${p.add(ids, 'text[]')})`;
    return f.not ? `NOT ${match}` : match;
  }
  const any = f.conditions.map((c) => conditionSql(c, p, TABLE_COLUMNS, alias)).join(' OR ');
  return f.not ? `NOT (${any})` : `(${any})`;
}

/** `subject:Patient.name=x`: a reference of this resource leads to a live target matching the inner filter. */
function chainSql(f: SearchFilter, typeParam: string, p: SqlParams, alias: string): string {
  const chain = f.chain!;
  const target = nextAlias(alias);
  const link = `l${target.slice(1)}`;
  const targetType = p.add(chain.targetType, 'text');
  return `EXISTS (SELECT 1 FROM sp_reference ${link} JOIN resource ${target} ON ${target}.resource_type = ${link}.target_type AND ${target}.id = ${link}.target_id
    WHERE ${link}.resource_type = ${typeParam} AND ${link}.resource_id = ${alias}.id AND ${link}.param = ${p.add(f.param, 'text')}
      AND ${link}.target_type = ${targetType} AND NOT ${target}.deleted
      AND ${filterSql(chain.filter, targetType, p, target)})`;
}

/** `_has:Observation:patient:code=x`: a live resource of the source type points here and matches the inner filter. */
function hasSql(f: SearchFilter, typeParam: string, p: SqlParams, alias: string): string {
  const has = f.has!;
  const source = nextAlias(alias);
  const link = `l${source.slice(1)}`;
  const sourceType = p.add(has.sourceType, 'text');
  return `EXISTS (SELECT 1 FROM sp_reference ${link} JOIN resource ${source} ON ${source}.resource_type = ${link}.resource_type AND ${source}.id = ${link}.resource_id
    WHERE ${link}.target_type = ${typeParam} AND ${link}.target_id = ${alias}.id AND ${link}.resource_type = ${sourceType}
      AND ${link}.param = ${p.add(f.param, 'text')} AND NOT ${source}.deleted
      AND ${filterSql(has.filter, sourceType, p, source)})`;
}

/** `_list=42`: List/42 has this resource among its entries (List's `item` parameter). */
function listSql(f: SearchFilter, typeParam: string, p: SqlParams, alias: string): string {
  const lists = f.conditions.map((c) => (c.kind === 'list' ? c.listId : ''));
  return `EXISTS (SELECT 1 FROM sp_reference x WHERE x.resource_type = 'List' AND x.resource_id = ANY(${p.add(lists, 'text[]')})
    AND x.param = 'item' AND x.target_type = ${typeParam} AND x.target_id = ${alias}.id)`;
}

/**
 * The condition `f` puts on the resource row `alias` (default `r`) of type `typeParam`
 * (a bound parameter). build-sql.ts calls it with the defaults for each top-level filter.
 */
export function filterSql(f: SearchFilter, typeParam: string, p: SqlParams, alias = 'r', perRow = false): string {
  switch (f.table) {
    case 'resource':
      return resourceFilterSql(f, p, alias);
    case 'chain':
      return chainSql(f, typeParam, p, alias);
    case 'has':
      return hasSql(f, typeParam, p, alias);
    case 'list':
      return listSql(f, typeParam, p, alias);
  }
  const table = f.table === 'composite' || f.table === 'text' ? OTHER_TABLES[f.table] : tableName(f.table);
  const rows = `SELECT 1 FROM ${table} x WHERE x.resource_type = ${typeParam} AND x.resource_id = ${alias}.id AND x.param = ${p.add(f.param, 'text')}`;
  const probe = perRow ? PER_ROW : '';
  if (f.missing !== undefined) return `${f.missing ? 'NOT ' : ''}EXISTS (${rows}${probe})`;
  const cols = f.table === 'reference' ? REFERENCE_COLUMNS : TABLE_COLUMNS;
  const any = f.conditions.map((c) => conditionSql(c, p, cols, alias)).join(' OR ');
  // :not matches resources with no matching value, including those with no value at all.
  return `${f.not ? 'NOT ' : ''}EXISTS (${rows} AND (${any})${probe})`;
}

/**
 * Ends an EXISTS so that PostgreSQL runs it as a probe of the index for each row it is given
 * (an EXISTS with OFFSET cannot become a join). For filters that match a large share of the
 * hospital, tested on rows from a short list (candidate-matches.ts).
 */
const PER_ROW = ' OFFSET 0';

/** A date filter that may share its index row with others on the same parameter (single-valued.ts). */
function mergeableDate(resourceType: string, f: SearchFilter): boolean {
  return f.table === 'date' && !f.not && f.missing === undefined && !f.chain && !f.has && hasOneDateRow(resourceType, f.param);
}

/**
 * The conditions of a search's top-level filters on row `r`, one per filter, except that
 * date filters on a parameter with one date per resource (`birthdate=ge..&birthdate=le..`)
 * become one EXISTS with every filter's conditions on the same index row: the same answer,
 * but the planner sees one bounded range rather than two half-open ones.
 */
export function filtersSql(
  resourceType: string,
  filters: readonly SearchFilter[],
  typeParam: string,
  p: SqlParams,
  opts: { perRow?: (f: SearchFilter) => boolean } = {},
): string[] {
  const merged = new Map<string, SearchFilter[]>();
  for (const f of filters) {
    if (!mergeableDate(resourceType, f)) continue;
    const group = merged.get(f.param);
    if (group) group.push(f);
    else merged.set(f.param, [f]);
  }
  const out: string[] = [];
  for (const f of filters) {
    const group = merged.get(f.param);
    if (!group || group.length < 2 || !mergeableDate(resourceType, f)) {
      out.push(filterSql(f, typeParam, p, 'r', opts.perRow?.(f) ?? false));
    } else if (group[0] === f) {
      const rows = `SELECT 1 FROM sp_date x WHERE x.resource_type = ${typeParam} AND x.resource_id = r.id AND x.param = ${p.add(f.param, 'text')}`;
      const each = group.map((g) => `(${g.conditions.map((c) => conditionSql(c, p, TABLE_COLUMNS, 'r')).join(' OR ')})`);
      out.push(`EXISTS (${rows} AND ${each.join(' AND ')}${opts.perRow?.(f) ? PER_ROW : ''})`);
    }
  }
  return out;
}
