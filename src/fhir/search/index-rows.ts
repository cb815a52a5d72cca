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

/**
 * One value slot of a composite row (sp_composite cK_* columns). How each parameter type
 * fills it is fixed in the migration (0005): token system/code/text; quantity num, system,
 * code, text (unit); number num; date low/high; string code (normalised), text (as
 * written); reference system (type), code (id), text (url); uri code.
 */
export interface CompositeSlot {
  system: string | null;
  code: string | null;
  text: string | null;
  num: string | null;
  low: string | null;
  high: string | null;
}

/**
 * Component values found on one element, for a composite parameter (`code-value-quantity`)
 * or for token `:of-type` (param = the identifier parameter; slot 1 the identifier type's
 * coding, slot 2 the identifier's system and value).
 */
export interface CompositeRow {
  param: string;
  slots: CompositeSlot[];
}

/** Full text of the resource for `_text` (narrative) or `_content` (all its text). */
export interface TextRow {
  param: '_text' | '_content';
  /** Normalised (lower-cased, unaccented) text, made a tsvector by the INSERT. */
  text: string;
}

/** Rows of the tables holding one value per row (0001), named by the part after `sp_`. */
export interface ValueIndexRows {
  token: TokenRow[];
  string: StringRow[];
  date: DateRow[];
  reference: ReferenceRow[];
  number: NumberRow[];
  quantity: QuantityRow[];
  uri: UriRow[];
}

export interface SearchIndexRows extends ValueIndexRows {
  composite: CompositeRow[];
  text: TextRow[];
}

/** The single-value index tables, named by the part after `sp_`. */
export type IndexTable = keyof ValueIndexRows;

export const INDEX_TABLES: readonly IndexTable[] = ['token', 'string', 'date', 'reference', 'number', 'quantity', 'uri'];

export function emptySearchIndexRows(): SearchIndexRows {
  return { token: [], string: [], date: [], reference: [], number: [], quantity: [], uri: [], composite: [], text: [] };
}
