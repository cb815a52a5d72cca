/**
 * Maps one value found by a search parameter's FHIRPath to index rows. The FHIR data type
 * comes from the model (the node's type), so a Coding is never mistaken for a Quantity;
 * values without a model type (computed booleans, extension content) fall back to their shape.
 */
import { LOCAL_REFERENCE_PATTERN } from '../validation/resource-id.ts';
import { dateRange } from './date-range.ts';
import { localPart } from './local-base.ts';
import type { DateRow, QuantityRow, ReferenceRow, StringRow, TokenRow, UriRow } from './index-rows.ts';
import { MAX_INDEXED_KEY, indexedString, normalizeText } from './normalize.ts';

type Obj = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
/** A string short enough to be an index key (see MAX_INDEXED_KEY), else undefined. */
const key = (v: unknown): string | undefined => {
  const s = str(v);
  return s !== undefined && s.length <= MAX_INDEXED_KEY ? s : undefined;
};
const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const textOf = (v: unknown): string | null => {
  const s = str(v);
  return s === undefined ? null : normalizeText(s);
};

// ---- token -------------------------------------------------------------------------

function codingRow(param: string, c: Obj, out: TokenRow[]): void {
  const system = key(c.system) ?? null;
  const code = key(c.code) ?? null;
  const textValue = textOf(c.display);
  if (system !== null || code !== null || textValue !== null) out.push({ param, system, code, textValue });
}

export function tokenRows(param: string, type: string | null, data: unknown, out: TokenRow[]): void {
  if (typeof data === 'boolean' || typeof data === 'number') {
    out.push({ param, system: null, code: String(data), textValue: null });
    return;
  }
  if (typeof data === 'string') {
    if (key(data)) out.push({ param, system: null, code: data, textValue: null });
    return;
  }
  const o = obj(data);
  if (!o) return;
  if (typeof o.toNumber === 'function') {
    // integer/decimal nodes arrive as fhirpath's FP_Decimal; the token is the number as text.
    out.push({ param, system: null, code: String((o.toNumber as () => unknown).call(o)), textValue: null });
    return;
  }
  const t =
    type ??
    (o.coding !== undefined || (o.text !== undefined && o.code === undefined)
      ? 'CodeableConcept'
      : o.code !== undefined
        ? 'Coding'
        : 'Identifier');
  switch (t) {
    case 'CodeableConcept': {
      const first = out.length;
      for (const c of list(o.coding)) {
        const coding = obj(c);
        if (coding) codingRow(param, coding, out);
      }
      // The concept's own text, searchable with :text; no extra row when a coding's display says the same.
      const text = textOf(o.text);
      if (text !== null && !out.slice(first).some((r) => r.textValue === text))
        out.push({ param, system: null, code: null, textValue: text });
      return;
    }
    case 'Coding':
      codingRow(param, o, out);
      return;
    case 'Identifier': {
      const system = key(o.system) ?? null;
      const code = key(o.value) ?? null;
      if (system !== null || code !== null) out.push({ param, system, code, textValue: textOf(obj(o.type)?.text) });
      return;
    }
    case 'ContactPoint': {
      // R4 matches ContactPoint tokens on the value only; `phone` and `email` are separate parameters.
      const value = key(o.value);
      if (value) out.push({ param, system: null, code: value, textValue: null });
      return;
    }
    default:
      return;
  }
}

// ---- string ------------------------------------------------------------------------

function stringRow(param: string, v: unknown, out: StringRow[]): void {
  const raw = str(v);
  if (raw !== undefined) out.push({ param, value: indexedString(raw), raw });
}

const NAME_PARTS = ['family', 'given', 'prefix', 'suffix', 'text'];
const ADDRESS_PARTS = ['line', 'city', 'district', 'state', 'postalCode', 'country', 'text'];

export function stringRows(param: string, type: string | null, data: unknown, out: StringRow[]): void {
  if (typeof data === 'string') {
    stringRow(param, data, out);
    return;
  }
  const o = obj(data);
  if (!o) return;
  const t =
    type ??
    (o.family !== undefined || o.given !== undefined ? 'HumanName' : o.city !== undefined || o.line !== undefined ? 'Address' : null);
  const parts = t === 'HumanName' ? NAME_PARTS : t === 'Address' ? ADDRESS_PARTS : [];
  for (const part of parts) for (const v of list(o[part])) stringRow(param, v, out);
}

// ---- date --------------------------------------------------------------------------

function pointRow(param: string, v: unknown, out: DateRow[]): void {
  const s = str(v);
  const r = s === undefined ? undefined : dateRange(s);
  if (r) out.push({ param, low: r.low, high: r.high });
}

function periodRow(param: string, p: Obj, out: DateRow[]): void {
  const start = str(p.start) === undefined ? undefined : dateRange(p.start as string);
  const end = str(p.end) === undefined ? undefined : dateRange(p.end as string);
  if (!start && !end) return;
  // An absent start or end leaves that side open.
  let low = start?.low ?? null;
  let high = end?.high ?? null;
  // per-1 cannot compare a start and an end of different precisions (FHIRPath gives empty),
  // so `2020-03-16` .. `2020-03-15T23:00Z` passes validation; it is stored as the span between
  // them, because the GiST index on tstzrange(low, high) (migration 0016) needs low <= high.
  // Both are ISO instants in UTC with milliseconds and four-digit years: text order is time order.
  if (low !== null && high !== null && low > high) [low, high] = [high, low];
  out.push({ param, low, high });
}

export function dateRows(param: string, type: string | null, data: unknown, out: DateRow[]): void {
  if (typeof data === 'string') {
    if (type === null || type === 'date' || type === 'dateTime' || type === 'instant') pointRow(param, data, out);
    return;
  }
  const o = obj(data);
  if (!o) return;
  const t =
    type ?? (o.start !== undefined || o.end !== undefined ? 'Period' : o.event !== undefined || o.repeat !== undefined ? 'Timing' : null);
  if (t === 'Period') periodRow(param, o, out);
  else if (t === 'Timing') {
    for (const e of list(o.event)) pointRow(param, e, out);
    const bounds = obj(obj(o.repeat)?.boundsPeriod);
    if (bounds) periodRow(param, bounds, out);
  }
}

// ---- reference ---------------------------------------------------------------------

// A local reference: Type/id, optionally pinned to a version (`/_history/3`, ignored here).
const LOCAL_REF = LOCAL_REFERENCE_PATTERN;

export function referenceRows(
  param: string,
  type: string | null,
  data: unknown,
  targetType: string | undefined,
  out: ReferenceRow[],
): void {
  let ref: string | undefined;
  let declaredType: string | undefined;
  if (typeof data === 'string') {
    // canonical / uri values of reference parameters (e.g. ConceptMap.source, relatedArtifact.resource).
    if (type !== null && type !== 'canonical' && type !== 'uri' && type !== 'url') return;
    ref = data;
  } else {
    const o = obj(data);
    if (!o || (type !== null && type !== 'Reference')) return;
    ref = str(o.reference);
    declaredType = str(o.type);
  }
  // Contained (#id) references point inside the resource; identifier-only ones at nothing we store.
  if (!ref || ref.startsWith('#')) return;
  // An absolute url under this server's own base is the local reference it names.
  const local = LOCAL_REF.exec(localPart(ref) ?? ref);
  if (local) {
    if (targetType && local[1] !== targetType) return;
    out.push({ param, targetType: local[1]!, targetId: local[2]!, url: null });
    return;
  }
  // `where(resolve() is T)`: an absolute or urn: reference counts only when it declares its type.
  if (targetType && declaredType !== targetType) return;
  out.push({ param, targetType: null, targetId: null, url: ref });
}

// ---- number and quantity -----------------------------------------------------------

const numberText = (v: unknown): string | undefined => (typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined);

/** integer/decimal nodes hold fhirpath's FP_Decimal (a wrapper with toNumber()), not a JS number. */
export function numberValue(data: unknown): string | undefined {
  const o = obj(data);
  if (o && typeof o.toNumber === 'function') return numberText((o.toNumber as () => unknown).call(o));
  return numberText(data);
}

const QUANTITY_TYPES = new Set(['Quantity', 'Age', 'Duration', 'SimpleQuantity', 'Distance', 'Count', 'MoneyQuantity']);

export function quantityRows(param: string, type: string | null, data: unknown, out: QuantityRow[]): void {
  const o = obj(data);
  if (!o) return;
  const value = numberText(o.value);
  if (value === undefined) return;
  if (type === 'Money' || (type === null && o.currency !== undefined)) {
    out.push({ param, value, system: 'urn:iso:std:iso:4217', code: str(o.currency) ?? null, unit: null });
    return;
  }
  // Range and SampledData carry no single value: not indexed.
  if (type !== null && !QUANTITY_TYPES.has(type)) return;
  out.push({ param, value, system: str(o.system) ?? null, code: str(o.code) ?? null, unit: str(o.unit) ?? null });
}

// ---- uri ---------------------------------------------------------------------------

export function uriRows(param: string, data: unknown, out: UriRow[]): void {
  const value = key(data);
  if (value === undefined) return;
  out.push({ param, value });
  // A versioned canonical (`url|1.2`) also matches a search for the unversioned url.
  const bar = value.indexOf('|');
  if (bar > 0) out.push({ param, value: value.slice(0, bar) });
}
