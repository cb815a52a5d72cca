/**
 * The member-path evaluator gives exactly what fhirpath.js gives, value for value and type
 * for type, for every search parameter branch it takes, on every official R4 example and on
 * a sample of the Synthea data: the rows a search finds are the same either way.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { resourceTypes, searchParametersFor } from '../definitions.ts';
import { compileWithFhirpath } from './indexed-params.ts';
import { compileMemberPath } from './member-path.ts';
import { expressionForType } from './param-expression.ts';
import { hasSharedData, sharedDataPath } from '../../../test/support/shared-data.ts';
import { yieldingEach } from '../../../test/support/yield-to-runner.ts';

const require = createRequire(import.meta.url);
const EXAMPLES = path.dirname(require.resolve('hl7.fhir.r4.examples/package.json'));

type Evaluate = (resource: unknown) => unknown[];
interface Branch {
  expression: string;
  fast: Evaluate;
  reference: Evaluate;
}

/** Every branch of every search parameter of a type that the member-path evaluator takes. */
function branchesOf(type: string, counts: { all: number; fast: number }): Branch[] {
  const out: Branch[] = [];
  for (const sp of searchParametersFor(type)) {
    if (!sp.expression) continue;
    for (const b of expressionForType(type, sp.expression)) {
      const reference = compileWithFhirpath(b.expression);
      if (!reference) continue;
      counts.all++;
      const fast = compileMemberPath(b.expression);
      if (!fast) continue;
      counts.fast++;
      out.push({ expression: b.expression, fast, reference });
    }
  }
  return out;
}

/** fhirpath.js's nodes as data and type; a node with no value (only an `_` extension) yields no index row. */
function typed(items: unknown[]): { data: unknown; type: unknown }[] {
  return items
    .map((i) => i as { data: unknown; fhirNodeDataType: unknown })
    .filter((n) => n.data !== null && n.data !== undefined)
    .map((n) => ({ data: n.data, type: n.fhirNodeDataType }));
}

function* exampleResources(): Generator<Record<string, unknown>> {
  for (const f of readdirSync(EXAMPLES).filter((x) => x.endsWith('.json') && x !== 'package.json' && !x.startsWith('.'))) {
    const r = JSON.parse(readFileSync(path.join(EXAMPLES, f), 'utf8')) as Record<string, unknown>;
    if (typeof r?.resourceType === 'string') yield r;
  }
}

function* syntheaResources(files: number): Generator<Record<string, unknown>> {
  if (!hasSharedData('synthea', 'bundles')) return;
  const dir = sharedDataPath('synthea', 'bundles');
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.json.gz'))
    .sort()
    .slice(0, files)) {
    const b = JSON.parse(gunzipSync(readFileSync(path.join(dir, f))).toString('utf8')) as {
      entry?: { resource?: Record<string, unknown> }[];
    };
    for (const e of b.entry ?? []) if (e.resource) yield e.resource;
  }
}

describe('member-path evaluator', () => {
  it('takes most search parameter branches, and leaves functions, where() and indexers to fhirpath.js', () => {
    const counts = { all: 0, fast: 0 };
    for (const type of resourceTypes()) branchesOf(type, counts);
    console.log(`member paths: ${counts.fast} of ${counts.all} search parameter branches`);
    expect(counts.fast / counts.all).toBeGreaterThan(0.6);
    expect(compileMemberPath('Patient.name.family')).toBeDefined();
    expect(compileMemberPath('Observation.value.ofType(Quantity)')).toBeDefined();
    expect(compileMemberPath("Patient.telecom.where(system='phone')")).toBeDefined();
    expect(compileMemberPath("Observation.component.where(code.text='x')")).toBeUndefined();
    expect(compileMemberPath("Patient.name.where(period='x')")).toBeUndefined();
    expect(compileMemberPath('Bundle.entry[0].resource')).toBeUndefined();
    expect(compileMemberPath('Patient.extension.value')).toBeUndefined();
  });

  it('filters with a final where() as fhirpath.js does, repeating tested elements included', () => {
    const patient = {
      resourceType: 'Patient',
      telecom: [
        { system: 'phone', value: '1' },
        { value: '2' },
        { system: 'email', value: '3' },
        { _system: { id: 'x' }, value: '4' },
        { system: 'phone', value: '5' },
      ],
      name: [{ given: ['Grace'] }, { given: ['Grace', 'Ifeoma'] }, { family: 'Okafor' }, { given: ['Ifeoma'] }],
    };
    for (const expression of [
      "Patient.telecom.where(system='phone')",
      "Patient.telecom.where(system='email')",
      "Patient.telecom.where(system='fax')",
      "Patient.name.where(given='Grace')",
      "Patient.name.where(family='Okafor')",
    ]) {
      const fast = compileMemberPath(expression);
      expect(fast, expression).toBeDefined();
      const fastValues = fast!(patient).map((v) => ({ data: v.data, type: v.fhirNodeDataType }));
      expect(fastValues, expression).toEqual(typed(compileWithFhirpath(expression)!(patient)));
    }
    expect(compileMemberPath("Patient.telecom.where(system='phone')")!(patient).map((v) => (v.data as { value: string }).value)).toEqual([
      '1',
      '5',
    ]);
  });

  it('returns what fhirpath.js returns on every R4 example and on Synthea patients', async () => {
    const counts = { all: 0, fast: 0 };
    const byType = new Map<string, Branch[]>();
    let compared = 0;
    let withValues = 0;
    const mismatches: string[] = [];
    for await (const resource of yieldingEach([...exampleResources(), ...syntheaResources(10)])) {
      const type = resource.resourceType as string;
      let branches = byType.get(type);
      if (!branches) byType.set(type, (branches = branchesOf(type, counts)));
      for (const b of branches) {
        const expected = typed(b.reference(resource));
        const actual = typed(b.fast(resource));
        compared++;
        if (expected.length) withValues++;
        try {
          expect(actual).toEqual(expected);
          // The same objects, not copies: the rows are built from them.
          actual.forEach((a, i) => expect(a.data).toBe(expected[i]!.data));
        } catch {
          mismatches.push(`${type}/${String(resource.id)} ${b.expression}`);
        }
      }
    }
    console.log(
      `member paths: ${compared} evaluations compared with fhirpath.js, ${withValues} with values, ${mismatches.length} differences`,
    );
    expect(mismatches.slice(0, 20)).toEqual([]);
    expect(withValues).toBeGreaterThan(20_000);
  });
});
