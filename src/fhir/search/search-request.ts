/**
 * A parsed, validated search: what parse.ts produces and build-sql.ts turns into SQL.
 * Every name in it (parameter codes, tables, modifiers, prefixes) was resolved through
 * the R4 definitions or a fixed list; values stay values and are only ever bound.
 */
import type { DateRange } from './date-range.ts';
import type { IndexTable } from './index-rows.ts';

export type Prefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb' | 'ap';

/** One value of a parameter; a filter matches when any of its conditions does (comma = OR). */
export type SearchCondition =
  /** Token: `code`, `system|code`, `|code` (system: null = no system), `system|` (no code). */
  | { kind: 'token'; system?: string | null; code?: string }
  /** Token :text, normalised; matches a word start in the display/text. */
  | { kind: 'token-text'; text: string }
  /** String: `starts` and `contains` compare normalised text, `exact` the text as written. */
  | { kind: 'string'; mode: 'starts' | 'contains' | 'exact'; value: string }
  | { kind: 'date'; prefix: Prefix; range: DateRange }
  /** Reference: a local Type/id (type may be open), or a url as written (absolute, urn:, canonical). */
  | { kind: 'reference'; targetType?: string; id?: string; url?: string }
  | { kind: 'uri'; mode: 'exact' | 'below' | 'above'; value: string }
  /** Number (and quantity value): the value as written, and the range its precision implies. */
  | { kind: 'number'; prefix: Prefix; value: string; low: string; high: string }
  | { kind: 'quantity'; prefix: Prefix; value: string; low: string; high: string; system?: string; code?: string }
  | { kind: 'id'; id: string }
  | { kind: 'last-updated'; prefix: Prefix; range: DateRange }
  /**
   * Composite (`code$value`) and token :of-type (`type-system|type-code|value`): one
   * condition per component, all on the same sp_composite row (the same element).
   */
  | { kind: 'composite'; parts: SearchCondition[] }
  /** `_text` / `_content`: a full-text query (normalised), run with websearch_to_tsquery. */
  | { kind: 'text'; query: string }
  /** `_list`: the resource is an item of the List with this id. */
  | { kind: 'list'; listId: string };

/** Where a filter's values are looked up (see filter-sql.ts). */
export type FilterTable = IndexTable | 'resource' | 'composite' | 'text' | 'list' | 'chain' | 'has';

export interface SearchFilter {
  /** The SearchParameter code (`name`, `_id`, `_lastUpdated`...). */
  param: string;
  /**
   * Index table searched; 'resource' for `_id` and `_lastUpdated`; 'chain' and 'has' for
   * chained and reverse-chained parameters (their `conditions` are empty, see `chain`/`has`).
   */
  table: FilterTable;
  /** `:missing=true|false`: when set, `conditions` is empty. */
  missing?: boolean;
  /** `:not`: the resource matches when no value matches any condition (values absent included). */
  not?: boolean;
  conditions: SearchCondition[];
  /** Chained (`subject:Patient.name=x`): reference parameter `param` leads to a `targetType` on which `filter` holds. */
  chain?: { targetType: string; filter: SearchFilter };
  /**
   * Reverse chained (`_has:Observation:patient:code=x`, `param` = 'patient'): some
   * `sourceType` whose reference parameter `param` points at this resource matches `filter`.
   */
  has?: { sourceType: string; filter: SearchFilter };
}

export interface SortKey {
  param: string;
  table: IndexTable | 'resource';
  descending: boolean;
}

export interface IncludeParam {
  /** The resource type holding the reference (`Observation` in `Observation:subject`). */
  sourceType: string;
  /** The reference search parameter, or '*' for all of them. */
  param: string;
  targetType?: string;
  iterate: boolean;
}

export type TotalMode = 'none' | 'estimate' | 'accurate';
export type SummaryMode = 'true' | 'text' | 'data' | 'count' | 'false';

/** A parameter left out in lenient mode, with why (the shape of an OperationOutcome issue). */
export interface IgnoredParam {
  field: string;
  message: string;
}

export interface SearchRequest {
  resourceType: string;
  /** All must match (repeated parameters = AND). */
  filters: SearchFilter[];
  /** Sort keys as asked; build-sql adds the id as the last key so pages are stable. */
  sort: SortKey[];
  /** Page size: default 20, at most 1000; 0 asks for the total only. */
  count: number;
  offset: number;
  /** `_cursor`: an opaque keyset position from a paging link, checked against the sort in page-cursor.ts. */
  cursor?: string;
  total?: TotalMode;
  summary?: SummaryMode;
  elements?: string[];
  include: IncludeParam[];
  revinclude: IncludeParam[];
  format?: string;
  pretty?: boolean;
  ignored: IgnoredParam[];
  /** The accepted parameters, as given, without `_offset`: the base of paging links. */
  canonicalParams: URLSearchParams;
}
