/**
 * The path language of admin encryption rules: `Type.element.element...`, JSON property
 * names separated by dots, arrays traversed (`Patient.telecom.value`,
 * `Observation.note.text`, `Observation.valueString`). Checked against the R4
 * StructureDefinitions: the path must end at a `string` or `markdown` element, because
 * only those stay valid FHIR with a ciphertext in them.
 */
import type { ElementDefinition } from '@medplum/fhirtypes';
import { invalidResource } from '../errors.ts';
import { isResourceType, structureDefinitionFor } from '../fhir/definitions.ts';

export interface ResolvedElementPath {
  resourceType: string;
  /** JSON property names after the type: ['telecom', 'value']. */
  segments: string[];
  /** The same with choice names reduced to their element (`valueString` -> `value`), as search expressions write them. */
  elementSegments: string[];
  /** The data type (or resource) whose property the last segment is: 'ContactPoint', 'Identifier', 'Patient'. */
  ownerType: string;
  leafType: 'string' | 'markdown';
  /** The canonical text of the path. */
  path: string;
}

const SEGMENT = /^[A-Za-z][A-Za-z0-9]*$/;
const ENCRYPTABLE = new Set(['string', 'markdown']);
/** Strings that carry structure rather than content: encrypting them would break links. */
const REFUSED = new Set(['Reference.reference']);
/** Element types whose children are defined in the same StructureDefinition. */
const INLINE_TYPES = new Set(['BackboneElement', 'Element']);

const elementIndex = new Map<string, Map<string, ElementDefinition>>();

function elementsOf(type: string): Map<string, ElementDefinition> | undefined {
  let index = elementIndex.get(type);
  if (!index) {
    const sd = structureDefinitionFor(type);
    if (!sd?.snapshot?.element) return undefined;
    index = new Map(sd.snapshot.element.map((e) => [e.path, e]));
    elementIndex.set(type, index);
  }
  return index;
}

function reject(path: string, message: string): never {
  throw invalidResource(`Cannot mark ${JSON.stringify(path)} sensitive: ${message}`, [{ field: 'path', message, fhirCode: 'value' }]);
}

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Finds `seg` under `parent` in `index`, as itself or as a typed choice (`valueString` under `value[x]`). */
function findChild(
  index: Map<string, ElementDefinition>,
  parent: string,
  seg: string,
): { element: ElementDefinition; type?: string; name: string } | undefined {
  const direct = index.get(`${parent}.${seg}`);
  if (direct) return { element: direct, name: seg };
  const choice = index.get(`${parent}.${seg}[x]`);
  if (choice) return { element: choice, name: seg }; // no type named: reported as ambiguous when it has several
  for (const [p, element] of index) {
    if (!p.startsWith(`${parent}.`) || !p.endsWith('[x]')) continue;
    const base = p.slice(parent.length + 1, -3);
    if (base.includes('.') || !seg.startsWith(base)) continue;
    const suffix = seg.slice(base.length);
    const type = element.type?.find((t) => upperFirst(t.code ?? '') === suffix)?.code;
    if (type) return { element, type, name: base };
  }
  return undefined;
}

/** Resolves and checks a rule path; throws a 422 HaleError naming the problem otherwise. */
export function resolveElementPath(input: string): ResolvedElementPath {
  const path = typeof input === 'string' ? input.trim() : '';
  const parts = path.split('.');
  if (parts.length < 2 || !parts.every((p) => SEGMENT.test(p))) {
    reject(path, 'write it as ResourceType.element.element (letters and digits, dot-separated), e.g. Patient.telecom.value');
  }
  const [resourceType, ...segments] = parts as [string, ...string[]];
  if (!isResourceType(resourceType)) reject(path, `${resourceType} is not an R4 resource type`);

  let defType = resourceType; // the StructureDefinition we are in
  let defPath = resourceType; // the element we are at, as that definition writes it
  let leafCode = '';
  let ownerType = resourceType;
  const elementSegments: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const index = elementsOf(defType);
    const found = index && findChild(index, defPath, seg);
    const where = [resourceType, ...segments.slice(0, i + 1)].join('.');
    if (!index || !found) reject(path, `${where} is not an element of ${defType}`);
    elementSegments.push(found.name);
    let element = found.element;
    let elementPath = element.path;
    if (element.contentReference) {
      elementPath = element.contentReference.replace(/^.*#/, '');
      element = index.get(elementPath) ?? element;
    }
    const codes = (element.type ?? []).map((t) => t.code ?? '');
    const code = found.type ?? (codes.length === 1 ? codes[0]! : undefined);
    if (!code) reject(path, `${where} has several types (${codes.join(', ')}); name one, e.g. ${seg}${upperFirst(codes[0] ?? '')}`);
    if (code === 'Resource') reject(path, `${where} holds whole resources; mark the element on that resource type instead`);
    ownerType = defType;
    leafCode = code;
    if (i === segments.length - 1) break;
    if (INLINE_TYPES.has(code) && index.has(`${elementPath}.id`)) {
      defPath = elementPath;
    } else {
      // Primitives (lower-case type names) have a value, not elements a rule could name.
      if (/^[a-z]/.test(code) || !elementsOf(code)) reject(path, `${where} is a ${code}, which has no elements to name`);
      defType = code;
      defPath = code;
    }
  }
  const last = segments[segments.length - 1]!;
  if (!ENCRYPTABLE.has(leafCode)) {
    reject(path, `${path} is a ${leafCode}, not a string element; only string and markdown elements can be encrypted`);
  }
  if (REFUSED.has(`${ownerType}.${last}`)) reject(path, `${ownerType}.${last} links resources together and cannot be encrypted`);
  return {
    resourceType,
    segments,
    elementSegments,
    ownerType,
    leafType: leafCode as 'string' | 'markdown',
    path: [resourceType, ...segments].join('.'),
  };
}
