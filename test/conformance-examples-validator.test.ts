/**
 * The validator against the official FHIR R4 examples (hl7.fhir.r4.examples 4.0.1):
 *  1. every example resource (every JSON file whose resourceType is an R4 resource type,
 *     Bundles included) passes, except the few that are genuinely invalid, listed below;
 *  2. deterministic mutations of a sample of them (wrong JSON type, missing required
 *     element, unknown element, bad required code) are rejected at the mutated element.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ElementDefinition } from '@medplum/fhirtypes';
import { isResourceType, structureDefinitionFor } from '../src/fhir/definitions.ts';
import { requiredCodesFor } from '../src/fhir/validation/required-bindings.ts';
import { resourceValidationIssues } from '../src/fhir/validation/validate-resource.ts';
import { yieldingEach } from './support/yield-to-runner.ts';

const require = createRequire(import.meta.url);
const EXAMPLES = path.dirname(require.resolve('hl7.fhir.r4.examples/package.json'));

/**
 * Official examples that are invalid against R4 itself (errata in the published package).
 * Each names a problem the validator must report for it, so an entry cannot hide another
 * problem silently, and the test fails if an excepted example starts to pass.
 */
const INVALID_EXAMPLES: Record<string, { field: string; reason: string }> = {
  // Bundle.type is "collection" and the same fullUrl (e.g. .../de-Quantity.value) appears
  // three times with no meta.versionId: bdl-7 (fullUrl unique unless versions differ).
  'Bundle-dataelements.json': { field: 'Bundle', reason: 'bdl-7: duplicate fullUrl' },
  // ImplementationGuide.name and .status are 1..1 and both are absent; the manifest also
  // references SearchParameter/questionnaireresponse-extensions-QuestionnaireResponse-item-subject,
  // whose id is 67 characters (ids are at most 64).
  'ImplementationGuide-fhir.json': { field: 'ImplementationGuide.name', reason: 'missing name and status (1..1)' },
  'ig-r4.json': { field: 'ImplementationGuide.status', reason: 'same content as ImplementationGuide-fhir.json' },
  // Nested items have no linkId; Questionnaire.item.linkId is 1..1.
  'Questionnaire-qs1.json': { field: 'Questionnaire.item[0].item[0].linkId', reason: 'items without linkId (1..1)' },
  // The id is 67 characters long; the id datatype allows at most 64.
  'SearchParameter-questionnaireresponse-extensions-QuestionnaireResponse-item-subject.json': {
    field: 'SearchParameter.id',
    reason: 'id longer than 64 characters',
  },
  // Logical models with abstract = false and no baseDefinition: sdf-4
  // ("If the structure is not abstract, then there SHALL be a baseDefinition").
  'StructureDefinition-Definition.json': { field: 'StructureDefinition', reason: 'sdf-4: no baseDefinition' },
  'StructureDefinition-Event.json': { field: 'StructureDefinition', reason: 'sdf-4: no baseDefinition' },
  'StructureDefinition-FiveWs.json': { field: 'StructureDefinition', reason: 'sdf-4: no baseDefinition' },
  'StructureDefinition-Request.json': { field: 'StructureDefinition', reason: 'sdf-4: no baseDefinition' },
  // Search parameters on extensions, published without SearchParameter.base (1..*).
  ...Object.fromEntries(
    ['codesystem-extensions-CodeSystem', 'valueset-extensions-ValueSet'].flatMap((prefix) =>
      ['author', 'effective', 'end', 'keyword', 'workflow'].map((name) => [
        `SearchParameter-${prefix}-${name}.json`,
        { field: 'SearchParameter.base', reason: 'missing base (1..*)' },
      ]),
    ),
  ),
};

function readExample(file: string): Record<string, unknown> | undefined {
  const json: unknown = JSON.parse(readFileSync(path.join(EXAMPLES, file), 'utf8'));
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const resourceType = (json as { resourceType?: unknown }).resourceType;
  return typeof resourceType === 'string' && isResourceType(resourceType) ? (json as Record<string, unknown>) : undefined;
}

const exampleFiles = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.json') && f !== 'package.json' && !f.startsWith('.'))
  .sort();

/** Files that passed in the first test, for the mutation test. */
const accepted: string[] = [];

describe('official R4 examples', () => {
  it('every example resource passes, except the listed errata', async () => {
    const failures: string[] = [];
    let resources = 0;
    let excepted = 0;
    for await (const file of yieldingEach(exampleFiles)) {
      const resource = readExample(file);
      if (!resource) continue;
      resources++;
      const issues = resourceValidationIssues(resource);
      const exception = INVALID_EXAMPLES[file];
      if (exception) {
        excepted++;
        if (!issues.some((i) => i.field === exception.field)) {
          failures.push(
            `${file}: listed as invalid (${exception.reason}) but ${exception.field} is not reported; issues: ${JSON.stringify(issues)}`,
          );
        }
      } else if (issues.length > 0) {
        failures.push(
          `${file}: ${issues
            .slice(0, 5)
            .map((i) => `${i.field}: ${i.message}`)
            .join('; ')}`,
        );
      } else {
        accepted.push(file);
      }
    }
    console.log(
      `R4 examples: ${resources} resources, ${accepted.length} accepted, ${excepted} excepted as invalid, ${failures.length} failures`,
    );
    expect(failures).toEqual([]);
    expect(Object.keys(INVALID_EXAMPLES).every((f) => exampleFiles.includes(f))).toBe(true);
    expect(resources).toBeGreaterThan(5000);
  });

  it('rejects mutated examples at the mutated element', async () => {
    // Normally filled by the first test; computed here when this test runs alone.
    if (accepted.length === 0) {
      for await (const file of yieldingEach(exampleFiles)) {
        const resource = readExample(file);
        if (resource && !INVALID_EXAMPLES[file] && resourceValidationIssues(resource).length === 0) accepted.push(file);
      }
    }
    expect(accepted.length).toBeGreaterThan(5000);
    // Every 20th accepted example (sorted by file name): deterministic, ~260 resources of all kinds.
    const sample = accepted.filter((_, i) => i % 20 === 0);
    const counts: Record<Mutation['kind'], number> = { 'wrong-json-type': 0, 'missing-required': 0, 'unknown-element': 0, 'bad-code': 0 };
    const misses: string[] = [];
    let rejected = 0;
    for await (const [index, file] of yieldingEach(sample.entries(), 20)) {
      const original = readExample(file)!;
      for (const mutation of mutationsOf(original, index)) {
        counts[mutation.kind]++;
        const issues = resourceValidationIssues(mutation.resource);
        if (issues.some((i) => i.field === mutation.field)) rejected++;
        else misses.push(`${file} ${mutation.kind} at ${mutation.field}: got ${JSON.stringify(issues.slice(0, 3))}`);
      }
    }
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(
      `Mutations of ${sample.length} examples: ${total} (${JSON.stringify(counts)}), ${rejected} rejected at the mutated element`,
    );
    expect(sample.length).toBeGreaterThanOrEqual(200);
    expect(misses).toEqual([]);
    for (const n of Object.values(counts)) expect(n).toBeGreaterThan(50);
  });
});

interface Mutation {
  kind: 'wrong-json-type' | 'missing-required' | 'unknown-element' | 'bad-code';
  resource: Record<string, unknown>;
  /** Where the validator must report it. */
  field: string;
}

interface TopLevelElement {
  name: string; // `status`, `value[x]`
  definition: ElementDefinition;
  /** JSON keys -> FHIR type: `valueQuantity` -> Quantity, `status` -> code. */
  keys: Map<string, string>;
}

/** Direct children of the resource in its StructureDefinition snapshot, with their JSON keys. */
function topLevelElements(resourceType: string): TopLevelElement[] {
  const sd = structureDefinitionFor(resourceType)!;
  const result: TopLevelElement[] = [];
  for (const definition of sd.snapshot!.element!) {
    const parts = definition.path!.split('.');
    if (parts.length !== 2) continue;
    const name = parts[1];
    const keys = new Map<string, string>();
    for (const t of definition.type ?? []) {
      // R4 declares Resource.id with a FHIRPath system type; its JSON type is string.
      const code = t.code!.startsWith('http://hl7.org/fhirpath/System.') ? 'string' : t.code!;
      const key = name.endsWith('[x]') ? name.slice(0, -3) + code[0].toUpperCase() + code.slice(1) : name;
      keys.set(key, code);
    }
    result.push({ name, definition, keys });
  }
  return result;
}

/** FHIR primitive type names start with a lower-case letter (Quantity, Reference... do not). */
const isPrimitive = (type: string) => /^[a-z]/.test(type);

/**
 * One mutation of each kind that applies to this resource, on top-level elements. Where
 * several elements qualify, `seed` picks one in turn, so the sample covers many elements.
 */
function mutationsOf(original: Record<string, unknown>, seed: number): Mutation[] {
  const resourceType = original.resourceType as string;
  const elements = topLevelElements(resourceType);
  const mutations: Mutation[] = [];
  const clone = () => structuredClone(original);
  const choose = <T>(candidates: T[]): T | undefined => candidates[seed % Math.max(candidates.length, 1)];

  // A primitive given as the wrong JSON type (the first value of an array).
  const primitives = elements.flatMap((e) =>
    [...e.keys].filter(([key, type]) => isPrimitive(type) && firstValue(original[key]) !== undefined).map(([key]) => key),
  );
  const primitiveKey = choose(primitives.filter((k) => k !== 'id')) ?? choose(primitives);
  if (primitiveKey) {
    const resource = clone();
    const isArray = Array.isArray(original[primitiveKey]);
    const current = firstValue(original[primitiveKey]);
    const wrong = typeof current === 'string' ? 12345 : typeof current === 'number' ? String(current) : 'true';
    if (isArray) (resource[primitiveKey] as unknown[])[0] = wrong;
    else resource[primitiveKey] = wrong;
    mutations.push({ kind: 'wrong-json-type', resource, field: `${resourceType}.${primitiveKey}${isArray ? '[0]' : ''}` });
  }

  // A required (min >= 1) top-level element removed, with every JSON key it can have.
  const required = choose(elements.filter((e) => (e.definition.min ?? 0) > 0 && [...e.keys.keys()].some((k) => original[k] !== undefined)));
  if (required) {
    const resource = clone();
    for (const key of required.keys.keys()) {
      delete resource[key];
      delete resource['_' + key];
    }
    mutations.push({ kind: 'missing-required', resource, field: `${resourceType}.${required.name}` });
  }

  // An element R4 does not define.
  mutations.push({
    kind: 'unknown-element',
    resource: { ...clone(), haleUnknownElement: 'x' },
    field: `${resourceType}.haleUnknownElement`,
  });

  // A code outside a required binding that can be checked.
  const coded = choose(
    elements.filter(
      (e) =>
        e.keys.get(e.name) === 'code' &&
        e.definition.binding?.strength === 'required' &&
        requiredCodesFor(e.definition.path!) !== undefined &&
        typeof firstValue(original[e.name]) === 'string',
    ),
  );
  if (coded) {
    const resource = clone();
    const isArray = Array.isArray(original[coded.name]);
    if (isArray) (resource[coded.name] as unknown[])[0] = 'hale-not-a-code';
    else resource[coded.name] = 'hale-not-a-code';
    mutations.push({ kind: 'bad-code', resource, field: `${resourceType}.${coded.name}${isArray ? '[0]' : ''}` });
  }
  return mutations;
}

/** The value, or the first value of an array (undefined/null count as absent). */
function firstValue(value: unknown): unknown {
  const v = Array.isArray(value) ? value[0] : value;
  return v === null ? undefined : v;
}
