/**
 * `_summary` and `_elements`: a resource cut down to the elements asked for. Which elements
 * are "summary" and which are mandatory comes from the R4 StructureDefinitions
 * (ElementDefinition.isSummary and min), never from a hand-written list. A cut-down
 * resource carries the SUBSETTED tag so nobody mistakes it for the whole record.
 */
import type { ElementDefinition } from '@medplum/fhirtypes';
import { structureDefinitionFor } from '../definitions.ts';
import type { SummaryMode } from './search-request.ts';

export const SUBSETTED_TAG = Object.freeze({
  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  code: 'SUBSETTED',
  display: 'subsetted',
});

interface ElementInfo {
  summary: boolean;
  mandatory: boolean;
  /** The path whose children describe this element's insides, for backbone elements defined in the resource. */
  childPath?: string;
}

/** Per resource type: element path -> (JSON name without [x] -> info). */
const treeCache = new Map<string, ReadonlyMap<string, ReadonlyMap<string, ElementInfo>>>();

function elementTree(resourceType: string): ReadonlyMap<string, ReadonlyMap<string, ElementInfo>> {
  const cached = treeCache.get(resourceType);
  if (cached) return cached;
  const elements: ElementDefinition[] = structureDefinitionFor(resourceType)?.snapshot?.element ?? [];
  const parents = new Set(elements.map((e) => e.path!.split('.').slice(0, -1).join('.')));
  const tree = new Map<string, Map<string, ElementInfo>>();
  for (const e of elements) {
    const parts = e.path!.split('.');
    if (parts.length < 2) continue;
    const parent = parts.slice(0, -1).join('.');
    let level = tree.get(parent);
    if (!level) tree.set(parent, (level = new Map()));
    // A contentReference (`#Observation.referenceRange`) reuses another element's children.
    const ref = e.contentReference?.replace(/^#/, '');
    const childPath = ref ?? (parents.has(e.path!) ? e.path! : undefined);
    level.set(parts.at(-1)!.replace('[x]', ''), {
      summary: e.isSummary === true,
      mandatory: (e.min ?? 0) > 0,
      ...(childPath ? { childPath } : {}),
    });
  }
  treeCache.set(resourceType, tree);
  return tree;
}

/** The element a JSON key belongs to (`valueQuantity` -> `value`, `_birthDate` -> `birthDate`). */
function elementOf(level: ReadonlyMap<string, ElementInfo>, key: string): [string, ElementInfo] | undefined {
  const name = key.startsWith('_') ? key.slice(1) : key;
  const direct = level.get(name);
  if (direct) return [name, direct];
  // Choice elements: the name is the element name followed by a capitalised type.
  for (let i = name.length - 1; i > 0; i--) {
    if (name[i] !== name[i]!.toUpperCase() || name[i] === name[i]!.toLowerCase()) continue;
    const info = level.get(name.slice(0, i));
    if (info) return [name.slice(0, i), info];
  }
  return undefined;
}

type Keep = (name: string, info: ElementInfo, depth: number) => boolean;

function subset(
  value: Record<string, unknown>,
  tree: ReadonlyMap<string, ReadonlyMap<string, ElementInfo>>,
  path: string,
  keep: Keep,
  recurse: boolean,
  depth: number,
): Record<string, unknown> {
  const level = tree.get(path);
  if (!level) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (depth === 0 && key === 'resourceType') {
      out[key] = v;
      continue;
    }
    const found = elementOf(level, key);
    if (!found || !keep(found[0], found[1], depth)) continue;
    const child = found[1].childPath;
    if (recurse && child && !key.startsWith('_')) {
      const one = (item: unknown) =>
        item && typeof item === 'object' ? subset(item as Record<string, unknown>, tree, child, keep, recurse, depth + 1) : item;
      out[key] = Array.isArray(v) ? v.map(one) : one(v);
    } else {
      out[key] = v;
    }
  }
  return out;
}

function tagSubsetted(resource: Record<string, unknown>): Record<string, unknown> {
  const meta = { ...((resource.meta as Record<string, unknown> | undefined) ?? {}) };
  const tags = Array.isArray(meta.tag) ? [...(meta.tag as { system?: string; code?: string }[])] : [];
  if (!tags.some((t) => t.system === SUBSETTED_TAG.system && t.code === SUBSETTED_TAG.code)) tags.push({ ...SUBSETTED_TAG });
  meta.tag = tags;
  // meta goes back where it was (after id), so the key order people expect holds.
  const out: Record<string, unknown> = {};
  if ('resourceType' in resource) out.resourceType = resource.resourceType;
  if ('id' in resource) out.id = resource.id;
  out.meta = meta;
  for (const [k, v] of Object.entries(resource)) if (!(k in out)) out[k] = v;
  return out;
}

/** True when the request asks for less than whole resources. */
export function shapesResources(summary: SummaryMode | undefined, elements: readonly string[] | undefined): boolean {
  return (summary !== undefined && summary !== 'false' && summary !== 'count') || elements !== undefined;
}

/**
 * The resource as `_summary` (true, text, data) or `_elements` asks for it, tagged SUBSETTED;
 * unchanged for `_summary=false` or neither. `_elements` wins when both are given.
 */
export function shapeResource(
  resource: Record<string, unknown>,
  summary: SummaryMode | undefined,
  elements: readonly string[] | undefined,
): Record<string, unknown> {
  const type = String(resource.resourceType);
  const tree = elementTree(type);
  let shaped: Record<string, unknown>;
  if (elements !== undefined) {
    const wanted = new Set(elements);
    shaped = subset(resource, tree, type, (name, info) => wanted.has(name) || info.mandatory || name === 'id' || name === 'meta', false, 0);
  } else if (summary === 'true') {
    shaped = subset(resource, tree, type, (_name, info) => info.summary || info.mandatory, true, 0);
  } else if (summary === 'text') {
    shaped = subset(resource, tree, type, (name, info) => name === 'text' || name === 'id' || name === 'meta' || info.mandatory, false, 0);
  } else if (summary === 'data') {
    shaped = subset(resource, tree, type, (name) => name !== 'text', false, 0);
  } else {
    return resource;
  }
  return tagSubsetted(shaped);
}
