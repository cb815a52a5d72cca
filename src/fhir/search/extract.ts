/**
 * Extracts the search index rows of a resource: every indexed search parameter of its
 * type (see indexed-params.ts) evaluated with its R4 FHIRPath expression, each value
 * mapped to rows of the parameter's table; plus the composite and `:of-type` rows
 * (composite-rows.ts), Reference.identifier tokens for `:identifier`, and the full text
 * for `_text`/`_content` (text-rows.ts). Runs on every write, so it is kept cheap:
 * compiled expressions, no JSON round trips, duplicates dropped with one Set.
 */
import { emptySearchIndexRows, type CompositeRow, type SearchIndexRows } from './index-rows.ts';
import { indexedParamsFor, type IndexedParam } from './indexed-params.ts';
import { dateRows, numberValue, quantityRows, referenceRows, stringRows, tokenRows, uriRows } from './value-rows.ts';
import { compositeRows, ofTypeRows } from './composite-rows.ts';
import { textRows } from './text-rows.ts';

/**
 * The sp_token param under which a reference parameter's Reference.identifier values are
 * kept (`subject:identifier`): no R4 code contains ':', so it never meets a real one.
 */
export function identifierParam(code: string): string {
  return `${code}:identifier`;
}

export type { SearchIndexRows } from './index-rows.ts';

export interface IndexableResource {
  resourceType: string;
  [key: string]: unknown;
}

/** A fhirpath.js ResourceNode: the value plus its type in the R4 model. */
interface NodeLike {
  data: unknown;
  fhirNodeDataType?: string | null;
}

function isNode(v: unknown): v is NodeLike {
  return v !== null && typeof v === 'object' && 'data' in v && 'fhirNodeDataType' in v;
}

function addValue(rows: SearchIndexRows, p: IndexedParam, targetType: string | undefined, item: unknown): void {
  const node = isNode(item) ? item : undefined;
  const data = node ? node.data : item;
  if (data === undefined || data === null) return;
  const type = node?.fhirNodeDataType ?? null;
  switch (p.type) {
    case 'token':
      tokenRows(p.code, type, data, rows.token);
      if (type === 'Identifier') ofTypeRows(p.code, data, rows.composite);
      return;
    case 'string':
      return stringRows(p.code, type, data, rows.string);
    case 'date':
      return dateRows(p.code, type, data, rows.date);
    case 'reference': {
      referenceRows(p.code, type, data, targetType, rows.reference);
      // `subject:identifier=system|value` matches Reference.identifier (the logical reference).
      const identifier = type === 'Reference' ? (data as { identifier?: unknown }).identifier : undefined;
      if (identifier) tokenRows(identifierParam(p.code), 'Identifier', identifier, rows.token);
      return;
    }
    case 'number': {
      const value = numberValue(data);
      if (value !== undefined) rows.number.push({ param: p.code, value });
      return;
    }
    case 'quantity':
      return quantityRows(p.code, type, data, rows.quantity);
    case 'uri':
      return uriRows(p.code, data, rows.uri);
  }
}

/** Drops rows equal in every column (the same code in two codings, `code` and `combo-code`...). */
function dedupe<T extends object>(rows: T[]): T[] {
  if (rows.length < 2) return rows;
  const seen = new Set<string>();
  const out: T[] = [];
  for (const row of rows) {
    const key = Object.values(row).join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(row);
  }
  return out;
}

function dedupeComposite(rows: CompositeRow[]): CompositeRow[] {
  if (rows.length < 2) return rows;
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = JSON.stringify(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function extractSearchRows(resource: IndexableResource): SearchIndexRows {
  const rows = emptySearchIndexRows();
  for (const p of indexedParamsFor(resource.resourceType).values()) {
    if (p.storedAs !== p.code) continue; // its rows are another parameter's (indexed-params.ts)
    for (const branch of p.branches) {
      let items: unknown[];
      try {
        items = branch.evaluate(resource);
      } catch {
        // A FHIRPath that cannot evaluate on this (already validated) resource must not
        // block the write: the parameter just has no values for it.
        continue;
      }
      for (const item of items) addValue(rows, p, branch.targetType, item);
    }
  }
  compositeRows(resource, rows.composite);
  textRows(resource, rows.text);
  return {
    token: dedupe(rows.token),
    string: dedupe(rows.string),
    date: dedupe(rows.date),
    reference: dedupe(rows.reference),
    number: dedupe(rows.number),
    quantity: dedupe(rows.quantity),
    uri: dedupe(rows.uri),
    composite: dedupeComposite(rows.composite),
    text: rows.text,
  };
}
