/**
 * sp_composite rows: for each element a composite parameter names (an Observation, each
 * Observation.component), the values of its components on THAT element, one row per
 * combination; and the `:of-type` rows of identifier tokens (type coding + value).
 */
import { compositeParamsFor, type CompositeComponent } from './composite-params.ts';
import type { CompositeRow, CompositeSlot, IndexTable } from './index-rows.ts';
import { emptySearchIndexRows } from './index-rows.ts';
import { normalizeText } from './normalize.ts';
import { dateRows, numberValue, quantityRows, referenceRows, stringRows, tokenRows, uriRows } from './value-rows.ts';

/** More combinations than this on one element is not clinical data; the rest are not indexed. */
const MAX_COMBINATIONS = 64;

interface NodeLike {
  data: unknown;
  fhirNodeDataType?: string | null;
}

function split(item: unknown): { data: unknown; type: string | null } {
  if (item !== null && typeof item === 'object' && 'data' in item && 'fhirNodeDataType' in item) {
    const n = item as NodeLike;
    return { data: n.data, type: n.fhirNodeDataType ?? null };
  }
  return { data: item, type: null };
}

const slot = (s: Partial<CompositeSlot>): CompositeSlot => ({
  system: null,
  code: null,
  text: null,
  num: null,
  low: null,
  high: null,
  ...s,
});

/** The slots one component value gives (a CodeableConcept with two codings gives two). */
export function slotsOf(type: IndexTable, item: unknown): CompositeSlot[] {
  const { data, type: nodeType } = split(item);
  if (data === undefined || data === null) return [];
  const rows = emptySearchIndexRows();
  switch (type) {
    case 'token':
      tokenRows('', nodeType, data, rows.token);
      return rows.token.map((r) => slot({ system: r.system, code: r.code, text: r.textValue }));
    case 'quantity':
      quantityRows('', nodeType, data, rows.quantity);
      return rows.quantity.map((r) => slot({ num: r.value, system: r.system, code: r.code, text: r.unit }));
    case 'number': {
      const value = numberValue(data);
      return value === undefined ? [] : [slot({ num: value })];
    }
    case 'date':
      dateRows('', nodeType, data, rows.date);
      return rows.date.map((r) => slot({ low: r.low, high: r.high }));
    case 'string':
      stringRows('', nodeType, data, rows.string);
      return rows.string.map((r) => slot({ code: r.value, text: r.raw }));
    case 'reference':
      referenceRows('', nodeType, data, undefined, rows.reference);
      return rows.reference.map((r) => slot({ system: r.targetType, code: r.targetId, text: r.url }));
    case 'uri':
      uriRows('', data, rows.uri);
      return rows.uri.map((r) => slot({ code: r.value }));
  }
}

function combinations(lists: CompositeSlot[][]): CompositeSlot[][] {
  let out: CompositeSlot[][] = [[]];
  for (const list of lists) {
    const next: CompositeSlot[][] = [];
    for (const prefix of out) for (const s of list) if (next.length < MAX_COMBINATIONS) next.push([...prefix, s]);
    out = next;
  }
  return out;
}

/** Element data -> component key -> slots: composites of one type share components (`code`), evaluated once. */
type SlotMemo = Map<unknown, Map<string, CompositeSlot[]>>;

function componentSlots(c: CompositeComponent, element: unknown, resource: unknown, memo: SlotMemo): CompositeSlot[] {
  const data = (element as { data?: unknown } | null)?.data ?? element;
  let byKey = memo.get(data);
  if (!byKey) memo.set(data, (byKey = new Map()));
  let slots = byKey.get(c.key);
  if (!slots) {
    try {
      slots = c.evaluate(element, resource).flatMap((v) => slotsOf(c.type, v));
    } catch {
      slots = []; // as in extract.ts: a component that cannot evaluate has no values
    }
    byKey.set(c.key, slots);
  }
  return slots;
}

export function compositeRows(resource: { resourceType: string }, out: CompositeRow[]): void {
  const memo: SlotMemo = new Map();
  for (const p of compositeParamsFor(resource.resourceType).values()) {
    p.elements.forEach((find, i) => {
      let elements: unknown[];
      try {
        elements = find(resource);
      } catch {
        return;
      }
      const components = p.components[i]!;
      for (const element of elements) {
        // The last component (the value) is the one most often absent: try it first.
        const lists: CompositeSlot[][] = new Array<CompositeSlot[]>(components.length);
        let empty = false;
        for (let k = components.length - 1; k >= 0 && !empty; k--) {
          lists[k] = componentSlots(components[k]!, element, resource, memo);
          empty = lists[k]!.length === 0;
        }
        if (empty) continue;
        for (const slots of combinations(lists)) out.push({ param: p.code, slots });
      }
    });
  }
}

type Obj = Record<string, unknown>;

/**
 * `:of-type` rows for one Identifier of token parameter `param`: slot 1 a coding of its
 * type, slot 2 its system and value. None without a typed coding or a value.
 */
export function ofTypeRows(param: string, identifier: unknown, out: CompositeRow[]): void {
  const o = identifier as Obj | null;
  if (!o || typeof o !== 'object' || typeof o.value !== 'string' || o.value === '') return;
  const coding = (o.type as Obj | undefined)?.coding;
  if (!Array.isArray(coding)) return;
  const system = typeof o.system === 'string' ? o.system : null;
  for (const c of coding as Obj[]) {
    if (!c || typeof c.code !== 'string') continue;
    const display = typeof c.display === 'string' ? normalizeText(c.display) : null;
    out.push({
      param,
      slots: [
        slot({ system: typeof c.system === 'string' ? c.system : null, code: c.code, text: display }),
        slot({ system, code: o.value }),
      ],
    });
  }
}
