/**
 * SQL for one search condition against the row of an index table (alias `x`) or the
 * resource row (alias `r`). Date prefixes follow the R4 rules on ranges (search.html#prefix):
 * the target is the stored [low, high] (NULL = open), the search value its own range.
 *   eq  search range contains the target      ne  not eq
 *   gt  target reaches above the search range lt  target reaches below it
 *   ge  gt or eq                               le  lt or eq
 *   sa  target starts after the search range   eb  target ends before it
 *   ap  target overlaps the (widened) search range
 */
import type { DateRange } from './date-range.ts';
import { escapeLike, indexedString } from './normalize.ts';
import type { Prefix, SearchCondition } from './search-request.ts';
import type { SqlParams } from './sql-params.ts';

/** Column expressions of a value range; `nullable` when NULL means open-ended. */
interface RangeColumns {
  low: string;
  high: string;
  nullable: boolean;
  /** The columns have the GiST index on `tstzrange(low, high, '[]')` (sp_date, migration 0016). */
  rangeIndexed?: boolean;
}

/**
 * What each prefix implies of the stored range, as a range operator the GiST index of sp_date
 * answers (NULL bounds of tstzrange are open, as NULL low/high are). The conditions of
 * dateSql stay the exact test; this one is implied by them and only gives the planner a way
 * in. Without it, `birthdate=ge..&birthdate=le..` is `high >= a AND low <= b`: two half-open
 * ranges on two btree indexes, each matching about half the patients; as ranges, a GiST scan
 * visits only values that overlap [a, b].
 */
function rangeIndexSql(prefix: Prefix, c: RangeColumns, low: () => string, high: () => string): string | undefined {
  const stored = `tstzrange(${c.low}, ${c.high}, '[]')`;
  switch (prefix) {
    case 'eq':
      return `${stored} <@ tstzrange(${low()}, ${high()}, '[]')`;
    case 'ap':
      return `${stored} && tstzrange(${low()}, ${high()}, '[]')`;
    case 'ge':
      return `${stored} && tstzrange(${low()}, NULL, '[)')`;
    case 'le':
      return `${stored} && tstzrange(NULL, ${high()}, '(]')`;
    case 'gt':
    case 'sa':
      return `${stored} && tstzrange(${high()}, NULL, '()')`;
    case 'lt':
    case 'eb':
      return `${stored} && tstzrange(NULL, ${low()}, '()')`;
    case 'ne':
      return undefined;
  }
}

export function dateSql(prefix: Prefix, c: RangeColumns, range: DateRange, p: SqlParams): string {
  // Bound once and only when used (PostgreSQL rejects a parameter no expression mentions),
  // and shared by the exact test and the range operator beside it.
  let sl: string | undefined;
  let sh: string | undefined;
  const lowValue = () => (sl ??= p.add(range.low, 'timestamptz'));
  const highValue = () => (sh ??= p.add(range.high, 'timestamptz'));
  const exact = exactDateSql(prefix, c, lowValue, highValue);
  const indexed = c.rangeIndexed ? rangeIndexSql(prefix, c, lowValue, highValue) : undefined;
  return indexed ? `(${indexed} AND ${exact})` : exact;
}

function exactDateSql(prefix: Prefix, c: RangeColumns, lowValue: () => string, highValue: () => string): string {
  const openLow = c.nullable ? `${c.low} IS NULL OR ` : '';
  const openHigh = c.nullable ? `${c.high} IS NULL OR ` : '';
  // `low <= high` holds for every stored value (per-1 is checked on write; value-rows.ts orders
  // the ends of a Period it cannot compare), so the bound on each column's other side changes
  // nothing but the planner's view: with both bounds on `low` it sees one narrow range it can
  // estimate (and scan) instead of two half-open ones it takes for independent, and it stops
  // walking whole types in id order.
  const within = () =>
    `(${c.low} >= ${lowValue()} AND ${c.low} <= ${highValue()} AND ${c.high} <= ${highValue()} AND ${c.high} >= ${lowValue()})`;
  switch (prefix) {
    case 'eq':
      return within();
    case 'ne':
      return `(${openLow}${openHigh}${c.low} < ${lowValue()} OR ${c.high} > ${highValue()})`;
    case 'gt':
      return `(${openHigh}${c.high} > ${highValue()})`;
    case 'lt':
      return `(${openLow}${c.low} < ${lowValue()})`;
    case 'ge':
      return `(${openHigh}${c.high} > ${highValue()} OR ${within()})`;
    case 'le':
      return `(${openLow}${c.low} < ${lowValue()} OR ${within()})`;
    case 'sa':
      return `${c.low} > ${highValue()}`;
    case 'eb':
      return `${c.high} < ${lowValue()}`;
    case 'ap':
      return `((${openLow}${c.low} <= ${highValue()}) AND (${openHigh}${c.high} >= ${lowValue()}))`;
  }
}

function numberSql(prefix: Prefix, col: string, value: string, low: string, high: string, p: SqlParams): string {
  switch (prefix) {
    case 'eq':
      // The precision range: `100` matches [99.5, 100.5).
      return `(${col} >= ${p.add(low, 'numeric')} AND ${col} < ${p.add(high, 'numeric')})`;
    case 'ne':
      return `(${col} < ${p.add(low, 'numeric')} OR ${col} >= ${p.add(high, 'numeric')})`;
    case 'ap':
      return `(${col} >= ${p.add(low, 'numeric')} AND ${col} <= ${p.add(high, 'numeric')})`;
    case 'gt':
    case 'sa':
      return `${col} > ${p.add(value, 'numeric')}`;
    case 'lt':
    case 'eb':
      return `${col} < ${p.add(value, 'numeric')}`;
    case 'ge':
      return `${col} >= ${p.add(value, 'numeric')}`;
    case 'le':
      return `${col} <= ${p.add(value, 'numeric')}`;
  }
}

const startsWith = (s: string) => `${escapeLike(s)}%`;

/**
 * The columns a condition compares, by role: the single-value tables use their own column
 * names (`x.code`), a composite slot its `x.cK_*` columns (see 0005_search_params.sql).
 */
export interface ValueColumns {
  system: string;
  code: string;
  textValue: string;
  /** The normalised text of a string, the value of a uri. */
  strValue: string;
  raw: string;
  low: string;
  high: string;
  url: string;
  targetId: string;
  targetType: string;
  num: string;
  unit: string;
}

export const TABLE_COLUMNS: ValueColumns = {
  system: 'x.system',
  code: 'x.code',
  textValue: 'x.text_value',
  strValue: 'x.value',
  raw: 'x.raw',
  low: 'x.low',
  high: 'x.high',
  url: 'x.url',
  targetId: 'x.target_id',
  targetType: 'x.target_type',
  num: 'x.value',
  unit: 'x.unit',
};

/** sp_reference: `:below`/`:above` (uri conditions) compare the url as written. */
export const REFERENCE_COLUMNS: ValueColumns = { ...TABLE_COLUMNS, strValue: 'x.url' };

const SLOTS = [1, 2, 3] as const;

export function slotColumns(k: (typeof SLOTS)[number]): ValueColumns {
  const c = (name: string) => `x.c${k}_${name}`;
  return {
    system: c('system'),
    code: c('code'),
    textValue: c('text'),
    strValue: c('code'),
    raw: c('text'),
    low: c('low'),
    high: c('high'),
    url: c('text'),
    targetId: c('code'),
    targetType: c('system'),
    num: c('num'),
    unit: c('text'),
  };
}

/**
 * One condition on index row `x` (or, for `_id` and `_lastUpdated`, on the resource row
 * `resource`); `cols` say which columns hold the value.
 */
export function conditionSql(c: SearchCondition, p: SqlParams, cols: ValueColumns = TABLE_COLUMNS, resource = 'r'): string {
  switch (c.kind) {
    case 'token': {
      const parts: string[] = [];
      if (c.system === null) parts.push(`${cols.system} IS NULL`);
      else if (c.system !== undefined) parts.push(`${cols.system} = ${p.add(c.system, 'text')}`);
      if (c.code !== undefined) parts.push(`${cols.code} = ${p.add(c.code, 'text')}`);
      return `(${parts.join(' AND ')})`;
    }
    case 'token-text':
      // A word of the display or text starting with the search text.
      return `(${cols.textValue} LIKE ${p.add(startsWith(c.text), 'text')} OR ${cols.textValue} LIKE ${p.add(`% ${startsWith(c.text)}`, 'text')})`;
    case 'string':
      if (c.mode === 'exact') {
        // `value` is derived from `raw`, so comparing both is exact and lets the value index serve.
        return `(${cols.strValue} = ${p.add(indexedString(c.value), 'text')} AND ${cols.raw} = ${p.add(c.value, 'text')})`;
      }
      if (c.mode === 'contains') return `${cols.strValue} LIKE ${p.add(`%${escapeLike(c.value)}%`, 'text')}`;
      return `${cols.strValue} LIKE ${p.add(startsWith(indexedString(c.value)), 'text')}`;
    case 'date':
      return dateSql(
        c.prefix,
        { low: cols.low, high: cols.high, nullable: true, rangeIndexed: cols.low === TABLE_COLUMNS.low },
        c.range,
        p,
      );
    case 'reference': {
      if (c.url !== undefined) return `${cols.url} = ${p.add(c.url, 'text')}`;
      const id = `${cols.targetId} = ${p.add(c.id, 'text')}`;
      return c.targetType ? `(${id} AND ${cols.targetType} = ${p.add(c.targetType, 'text')})` : id;
    }
    case 'uri':
      if (c.mode === 'below') return `${cols.strValue} LIKE ${p.add(startsWith(c.value), 'text')}`;
      if (c.mode === 'above') return `starts_with(${p.add(c.value, 'text')}, ${cols.strValue})`;
      return `${cols.strValue} = ${p.add(c.value, 'text')}`;
    case 'number':
      return numberSql(c.prefix, cols.num, c.value, c.low, c.high, p);
    case 'quantity': {
      const parts = [numberSql(c.prefix, cols.num, c.value, c.low, c.high, p)];
      if (c.system !== undefined) parts.push(`${cols.system} = ${p.add(c.system, 'text')}`);
      if (c.code !== undefined) {
        const code = p.add(c.code, 'text');
        // `value||mg` (no system) matches the code or the human unit.
        parts.push(c.system !== undefined ? `${cols.code} = ${code}` : `(${cols.code} = ${code} OR ${cols.unit} = ${code})`);
      }
      return `(${parts.join(' AND ')})`;
    }
    case 'id':
      return `${resource}.id = ${p.add(c.id, 'text')}`;
    case 'last-updated':
      return dateSql(c.prefix, { low: `${resource}.last_updated`, high: `${resource}.last_updated`, nullable: false }, c.range, p);
    case 'composite':
      // Every component on the same row: the same element of the resource.
      return `(${c.parts.map((part, i) => conditionSql(part, p, slotColumns(SLOTS[i]!))).join(' AND ')})`;
    case 'text':
      return `x.doc @@ websearch_to_tsquery('simple', ${p.add(c.query, 'text')})`;
    case 'list':
      return `x.resource_id = ${p.add(c.listId, 'text')}`;
  }
}
