/**
 * The rows extracted from one resource for the search index tables (sp_*), one array per
 * table. The resource type and id are not repeated in each row: the writer adds them.
 * Dates are ISO instants and numbers decimal strings, so nothing is lost on the way to
 * timestamptz/numeric columns.
 */

export interface TokenRow {
  param: string;
  /** NULL when the value has no system (codes, booleans, ContactPoint values). */
  system: string | null;
  code: string | null;
  /** Display or text, lower-cased and unaccented, for :text. */
  textValue: string | null;
}

export interface StringRow {
  param: string;
  /** Lower-cased, accents removed; the indexed column. */
  value: string;
  /** As written, for :exact. */
  raw: string;
}

export interface DateRow {
  param: string;
  /** Start of the period the value covers; null when open. */
  low: string | null;
  /** End of the period the value covers (inclusive, ms precision); null when open. */
  high: string | null;
}

export interface ReferenceRow {
  param: string;
  targetType: string | null;
  targetId: string | null;
  /** The reference as written when it is not a local Type/id. */
  url: string | null;
}

export interface NumberRow {
  param: string;
  value: string;
}

export interface QuantityRow {
  param: string;
  value: string;
  system: string | null;
  code: string | null;
  unit: string | null;
}

export interface UriRow {
  param: string;
  value: string;
}

export interface SearchIndexRows {
  token: TokenRow[];
  string: StringRow[];
  date: DateRow[];
  reference: ReferenceRow[];
  number: NumberRow[];
  quantity: QuantityRow[];
  uri: UriRow[];
}

/** The index tables, named by the part after `sp_`. */
export type IndexTable = keyof SearchIndexRows;

export const INDEX_TABLES: readonly IndexTable[] = ['token', 'string', 'date', 'reference', 'number', 'quantity', 'uri'];

export function emptySearchIndexRows(): SearchIndexRows {
  return { token: [], string: [], date: [], reference: [], number: [], quantity: [], uri: [] };
}
