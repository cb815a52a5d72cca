/**
 * One pass over a resource's JSON, guided by the compiled StructureDefinition rules
 * (type-rules.ts), collecting every problem with its FHIRPath location:
 * unknown properties, wrong JSON shapes and types, cardinality, primitive formats,
 * choice types, required bindings, reference forms, and FHIRPath invariants.
 *
 * It visits only the properties that are present (plus a precomputed list of required
 * ones), so cost follows the size of the resource rather than of its definition.
 *
 * Locations: `Patient.name[0].family`; a primitive's extension (`_birthDate`) is reported
 * at the primitive (`Patient.birthDate`), as FHIRPath has no underscore properties; a
 * choice value at its JSON name (`Observation.valueQuantity.code`); a missing choice at
 * `Observation.value[x]`; resources inside others at `Bundle.entry[2].resource.status`.
 */
import { isResourceType } from '../definitions.ts';
import type { ErrorDetail } from '../../errors.ts';
import type { TypedValue } from '@medplum/core';
import type { Invariant, InvariantScope } from './invariants.ts';
import { primitiveProblem } from './primitives.ts';
import { referenceFormatProblem } from './references.ts';
import type { RequiredCodes } from './required-bindings.ts';
import { ID_PATTERN } from './resource-id.ts';
import { typeRules, type ElementRule, type TypeRules } from './type-rules.ts';

/** OperationOutcome issue types used in details. */
type IssueType = 'structure' | 'required' | 'value' | 'code-invalid' | 'invariant' | 'not-found' | 'invalid';

/** Stop collecting after this many problems: one broken 10,000-entry bundle must not build a huge error. */
const MAX_ISSUES = 100;

/**
 * The resources that local references (`#id`) and dom-3 are judged against: a resource
 * that is not itself contained, together with the resources it contains.
 */
interface ContainerScope {
  readonly containedIds: ReadonlySet<string>;
  /** `#id` strings seen anywhere in the container, its contained resources included (dom-3). */
  readonly localRefs: Set<string>;
  /** Per contained resource: whether it refers back to its container with `#` (dom-3). */
  readonly refersToContainer: boolean[];
  /** Index of the contained resource being walked, -1 while walking the container itself. */
  current: number;
}

export class ResourceWalker implements InvariantScope {
  readonly issues: ErrorDetail[] = [];
  truncated = false;
  resource!: TypedValue;
  rootResource!: TypedValue;
  private scope: ContainerScope | undefined;
  private readonly elementRules = typeRules('Element')!;

  /**
   * Validates a resource object at `path` (its type name for the top-level resource).
   * `containedIndex` is set when walking `contained[i]` of the resource in scope.
   */
  walkResource(obj: Record<string, unknown>, path: string, containedIndex = -1): void {
    const resourceType = obj.resourceType;
    if (typeof resourceType !== 'string') {
      this.add(`${path}.resourceType`, 'required', 'A resource needs a resourceType (string)');
      return;
    }
    if (!isResourceType(resourceType)) {
      this.add(`${path}.resourceType`, 'structure', `Unknown resource type ${JSON.stringify(resourceType)} (not an R4 resource type)`);
      return;
    }
    const rules = typeRules(resourceType)!;
    // (An empty id is reported by the primitive check.)
    if (typeof obj.id === 'string' && obj.id !== '' && !ID_PATTERN.test(obj.id)) {
      this.add(`${path}.id`, 'value', `Invalid id ${JSON.stringify(obj.id)}: must match [A-Za-z0-9-.]{1,64}`);
    }

    const typed: TypedValue = { type: resourceType, value: obj };
    const savedResource = this.resource;
    const savedRoot = this.rootResource;
    const savedScope = this.scope;
    const contained = containedIndex >= 0 && savedScope !== undefined;
    this.resource = typed;
    if (contained) {
      savedScope.current = containedIndex;
    } else {
      this.rootResource = typed;
      this.scope = Array.isArray(obj.contained) ? newScope(obj.contained) : undefined;
    }

    this.walkObject(obj, rules, path);
    if (rules.rootInvariants.length > 0) this.checkInvariants(rules.rootInvariants, typed, path);
    if (!contained && this.scope) this.checkContainedAreReferenced(obj.contained as unknown[], path);

    this.resource = savedResource;
    if (contained) {
      savedScope.current = -1;
    } else {
      this.rootResource = savedRoot;
      this.scope = savedScope;
    }
  }

  private walkObject(obj: Record<string, unknown>, rules: TypeRules, path: string): void {
    let keysOtherThanId = 0;
    // Choice elements seen so far, as [choice name, JSON key] pairs; allocated only if needed.
    let choices: string[] | undefined;
    for (const key in obj) {
      const value = obj[key];
      if (value === undefined) continue;
      if (key !== 'id') keysOtherThanId++;
      if (key === 'resourceType' && rules.isResource) continue;

      let rule: ElementRule | undefined;
      if (key.charCodeAt(0) === 95 /* _ */) {
        const valueKey = key.slice(1);
        rule = rules.byKey.get(valueKey);
        if (!rule || rule.kind !== 'primitive') {
          this.unknownElement(path, key, rules);
          continue;
        }
        // `_x` next to `x` is handled together with `x`.
        if (obj[valueKey] !== undefined) continue;
      } else {
        rule = rules.byKey.get(key);
        if (!rule) {
          this.unknownElement(path, key, rules);
          continue;
        }
      }

      if (rule.choiceOf) {
        choices ??= [];
        const i = choices.indexOf(rule.choiceOf);
        if (i >= 0 && choices[i + 1] !== rule.key) {
          this.add(
            `${path}.${key}`,
            'structure',
            `Only one type may be given for ${rule.choiceOf}: found both ${choices[i + 1]} and ${rule.key}`,
          );
          continue;
        }
        if (i < 0) choices.push(rule.choiceOf, rule.key);
      }

      if (rule.kind === 'primitive') this.walkPrimitiveProperty(obj, rule, path);
      else this.walkComplexProperty(value, rule, path);
    }

    // ele-1: every element has a value or children (for resources an empty body is allowed).
    if (keysOtherThanId === 0 && !rules.isResource) {
      this.add(path, 'structure', 'Element has no value and no children (ele-1); omit it instead');
    }
    for (const required of rules.required) {
      let present = false;
      for (const key of required.keys) {
        if (obj[key] !== undefined) {
          present = true;
          break;
        }
      }
      if (!present) {
        this.add(`${path}.${required.name}`, 'required', `Missing required element ${required.name} (min ${required.min})`);
      }
    }
  }

  /** A primitive property: `key` and/or its extension twin `_key`, single or array. */
  private walkPrimitiveProperty(obj: Record<string, unknown>, rule: ElementRule, path: string): void {
    const key = rule.key;
    const value = obj[key];
    const ext = obj[rule.extKey];
    if (!rule.isArray) {
      if (Array.isArray(value) || Array.isArray(ext)) {
        this.add(`${path}.${key}`, 'structure', `${key} must be a single value, not an array (max 1)`);
        return;
      }
      if (value === null) this.add(`${path}.${key}`, 'structure', `${key} is null; omit it instead`);
      else if (value !== undefined) this.checkPrimitive(value, rule, path, key, -1);
      if (ext !== undefined) this.walkPrimitiveExtension(ext, `${path}.${key}`);
      return;
    }

    if ((value !== undefined && !Array.isArray(value)) || (ext !== undefined && !Array.isArray(ext))) {
      this.add(`${path}.${key}`, 'structure', `${key} must be a JSON array (max ${formatMax(rule.max)})`);
      return;
    }
    const values = value as unknown[] | undefined;
    const exts = ext as unknown[] | undefined;
    const count = Math.max(values?.length ?? 0, exts?.length ?? 0);
    if (count === 0) {
      this.add(`${path}.${key}`, 'structure', `${key} is an empty array; omit it instead`);
      return;
    }
    if (values && exts && values.length !== exts.length) {
      this.add(`${path}.${key}`, 'structure', `${key} and _${key} must be arrays of the same length`);
    }
    this.checkCount(count, rule, path);
    for (let i = 0; i < count; i++) {
      const v = values?.[i];
      const e = exts?.[i];
      if (v === null || v === undefined) {
        // null is only allowed as a placeholder when the extension array has an entry there.
        if (e === null || e === undefined) this.add(`${path}.${key}[${i}]`, 'structure', `${key}[${i}] is null and has no extension`);
      } else {
        this.checkPrimitive(v, rule, path, key, i);
      }
      if (e !== null && e !== undefined) this.walkPrimitiveExtension(e, `${path}.${key}[${i}]`);
    }
  }

  private walkPrimitiveExtension(ext: unknown, at: string): void {
    if (typeof ext !== 'object' || ext === null || Array.isArray(ext)) {
      this.add(at, 'structure', 'The _ (extension) part of a primitive must be a JSON object with id and/or extension');
      return;
    }
    this.walkObject(ext as Record<string, unknown>, this.elementRules, at);
  }

  /** One primitive value; the location is only built when something is wrong. */
  private checkPrimitive(value: unknown, rule: ElementRule, path: string, key: string, index: number): void {
    const problem = primitiveProblem(rule.type, value);
    if (problem) {
      this.add(at(path, key, index), problem.code, `${rule.name}: ${problem.message}`);
      return;
    }
    if (rule.binding && !rule.binding.codes.has(value as string)) {
      this.add(at(path, key, index), 'code-invalid', badCode(value as string, rule.binding));
    }
    // canonical/uri values such as `#vs1` count as references for dom-3.
    if (this.scope && (rule.type === 'canonical' || rule.type === 'uri' || rule.type === 'url') && (value as string).charCodeAt(0) === 35) {
      this.noteLocalReference(value as string);
    }
    if (rule.invariants.length > 0) this.checkInvariants(rule.invariants, { type: rule.type, value }, at(path, key, index));
  }

  private walkComplexProperty(value: unknown, rule: ElementRule, path: string): void {
    const key = rule.key;
    if (!Array.isArray(value)) {
      if (rule.isArray) {
        this.add(`${path}.${key}`, 'structure', `${key} must be a JSON array (max ${formatMax(rule.max)})`);
        return;
      }
      this.walkComplexValue(value, rule, `${path}.${key}`, -1);
      return;
    }
    if (!rule.isArray) {
      this.add(`${path}.${key}`, 'structure', `${key} must be a single value, not an array (max 1)`);
      return;
    }
    if (value.length === 0) {
      this.add(`${path}.${key}`, 'structure', `${key} is an empty array; omit it instead`);
      return;
    }
    this.checkCount(value.length, rule, path);
    for (let i = 0; i < value.length; i++) this.walkComplexValue(value[i], rule, `${path}.${key}[${i}]`, i);
  }

  private walkComplexValue(value: unknown, rule: ElementRule, path: string, index: number): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a JSON ${typeof value}`;
      this.add(path, 'structure', `${rule.name} must be a JSON object (${rule.type}), got ${got}`);
      return;
    }
    const obj = value as Record<string, unknown>;
    if (rule.kind === 'resource') {
      // Contained resources share their container's scope; other nested resources
      // (Bundle.entry.resource, Parameters.parameter.resource) stand on their own.
      const contained = rule.key === 'contained' && this.scope !== undefined && this.scope.current < 0;
      this.walkResource(obj, path, contained ? index : -1);
      return;
    }
    this.walkObject(obj, typeRules(rule.type)!, path);
    if (rule.type === 'Reference') this.checkReference(obj, path);
    else if (rule.binding) this.checkCodings(obj, rule, path);
    if (rule.invariants.length > 0) this.checkInvariants(rule.invariants, { type: rule.type, value: obj }, path);
  }

  private checkCount(count: number, rule: ElementRule, path: string): void {
    if (count > rule.max) {
      this.add(`${path}.${rule.key}`, 'structure', `Too many values for ${rule.name}: ${count}, max ${formatMax(rule.max)}`);
    } else if (count < rule.min) {
      this.add(`${path}.${rule.key}`, 'required', `Too few values for ${rule.name}: ${count}, min ${rule.min}`);
    }
  }

  /** Rule 4: the reference string has an accepted form, and a local one resolves. */
  private checkReference(ref: Record<string, unknown>, path: string): void {
    const reference = ref.reference;
    if (typeof reference !== 'string' || reference === '') return; // already reported as a primitive problem
    const problem = referenceFormatProblem(reference);
    if (problem) {
      this.add(`${path}.reference`, 'value', problem);
      return;
    }
    if (reference.charCodeAt(0) !== 35 /* # */) return;
    const scope = this.scope;
    if (reference === '#') {
      if (!scope || scope.current < 0) {
        this.add(`${path}.reference`, 'value', `'#' refers to the containing resource and is only valid inside a contained resource`);
      } else {
        scope.refersToContainer[scope.current] = true;
      }
      return;
    }
    if (!scope?.containedIds.has(reference.slice(1))) {
      this.add(`${path}.reference`, 'not-found', `Local reference ${reference} does not match the id of a contained resource (ref-1)`);
    }
    scope?.localRefs.add(reference);
  }

  private noteLocalReference(reference: string): void {
    const scope = this.scope!;
    if (reference === '#') {
      if (scope.current >= 0) scope.refersToContainer[scope.current] = true;
    } else {
      scope.localRefs.add(reference);
    }
  }

  /** dom-3: each contained resource is referenced from the container, or refers to it with `#`. */
  private checkContainedAreReferenced(contained: unknown[], path: string): void {
    const scope = this.scope!;
    for (let i = 0; i < contained.length; i++) {
      const c = contained[i] as Record<string, unknown> | null;
      if (!c || typeof c !== 'object') continue;
      const id = typeof c.id === 'string' ? c.id : undefined;
      if (scope.refersToContainer[i] || (id !== undefined && scope.localRefs.has('#' + id))) continue;
      this.add(
        `${path}.contained[${i}]`,
        'invariant',
        id === undefined
          ? 'Contained resource has no id, so nothing can reference it (dom-3)'
          : `Contained resource ${id} is not referenced from the containing resource (dom-3: no reference #${id})`,
      );
    }
  }

  /** Rule 3 for Coding/CodeableConcept: only codings of one of the value set's systems are judged. */
  private checkCodings(obj: Record<string, unknown>, rule: ElementRule, path: string): void {
    const binding = rule.binding!;
    if (rule.type === 'Coding') {
      this.checkCoding(obj, binding, path);
    } else if (Array.isArray(obj.coding)) {
      for (let i = 0; i < obj.coding.length; i++) this.checkCoding(obj.coding[i], binding, `${path}.coding[${i}]`);
    }
  }

  private checkCoding(coding: unknown, binding: RequiredCodes, path: string): void {
    if (typeof coding !== 'object' || coding === null) return;
    const { system, code } = coding as { system?: unknown; code?: unknown };
    if (typeof system !== 'string' || typeof code !== 'string') return;
    const codes = binding.bySystem.get(system);
    if (codes && !codes.has(code)) this.add(`${path}.code`, 'code-invalid', badCode(code, binding, system));
  }

  private checkInvariants(invariants: readonly Invariant[], context: TypedValue, path: string): void {
    for (const invariant of invariants) {
      if (!invariant.holds(context, this)) {
        this.add(path, 'invariant', `Constraint ${invariant.key} not met: ${invariant.human}`);
      }
    }
  }

  private unknownElement(path: string, key: string, rules: TypeRules): void {
    this.add(`${path}.${key}`, 'structure', `Unknown element ${JSON.stringify(key)}: ${rules.path} has no such element in FHIR R4`);
  }

  private add(field: string, fhirCode: IssueType, message: string): void {
    if (this.issues.length >= MAX_ISSUES) {
      this.truncated = true;
      return;
    }
    this.issues.push({ field, message, fhirCode, severity: 'error' });
  }
}

function newScope(contained: unknown[]): ContainerScope {
  const ids = new Set<string>();
  for (const c of contained) {
    const id = (c as { id?: unknown } | null)?.id;
    if (typeof id === 'string') ids.add(id);
  }
  return { containedIds: ids, localRefs: new Set(), refersToContainer: new Array(contained.length).fill(false), current: -1 };
}

function at(path: string, key: string, index: number): string {
  return index < 0 ? `${path}.${key}` : `${path}.${key}[${index}]`;
}

function formatMax(max: number): string {
  return Number.isFinite(max) ? String(max) : '*';
}

function badCode(code: string, binding: RequiredCodes, system?: string): string {
  const shown = code.length > 60 ? `${code.slice(0, 57)}...` : code;
  const allowed = binding.codes.size <= 12 ? ` (allowed: ${[...binding.codes].join(', ')})` : '';
  return system
    ? `Code ${JSON.stringify(shown)} is not in ${system} as allowed by the required value set ${binding.valueSet}`
    : `Code ${JSON.stringify(shown)} is not in the required value set ${binding.valueSet}${allowed}`;
}
