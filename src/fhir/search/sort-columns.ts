/**
 * The value one index row gives a sort key, per index table. The page query sorts by the
 * smallest of a resource's values (ascending) or the largest (descending) (build-sql.ts),
 * and a sorted page's walk reads and compares the same values (sort-walk.ts): one
 * definition, so the two cannot order differently.
 */
import type { IndexTable } from './index-rows.ts';

/** Per table, the value over the row alias `a`: [ascending, descending]; undefined where a table is not sortable. */
const SORT_COLUMNS: Readonly<Record<IndexTable, readonly [(a: string) => string, (a: string) => string] | undefined>> = {
  token: [(a) => `${a}.code`, (a) => `${a}.code`],
  // Byte order, the order of the string index (text_pattern_ops) that a walk reads.
  string: [(a) => `${a}.value COLLATE "C"`, (a) => `${a}.value COLLATE "C"`],
  // An open start sorts first, an open end (ongoing) last.
  date: [(a) => `coalesce(${a}.low, '-infinity')`, (a) => `coalesce(${a}.high, 'infinity')`],
  number: [(a) => `${a}.value`, (a) => `${a}.value`],
  quantity: [(a) => `${a}.value`, (a) => `${a}.value`],
  uri: [(a) => `${a}.value`, (a) => `${a}.value`],
  reference: undefined,
};

/** The SQL value row `alias` of `table` gives a key sorted in this direction, or undefined when the table is not sortable. */
export function sortColumnSql(table: IndexTable, descending: boolean, alias: string): string | undefined {
  return SORT_COLUMNS[table]?.[descending ? 1 : 0](alias);
}
