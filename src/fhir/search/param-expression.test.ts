import { describe, expect, it } from 'vitest';
import { expressionForType, splitUnion } from './param-expression.ts';

describe('expressionForType', () => {
  it('keeps only the branches of the type, each on its own', () => {
    const expr =
      'AllergyIntolerance.patient | CarePlan.subject.where(resolve() is Patient) | Observation.subject.where(resolve() is Patient)';
    expect(expressionForType('AllergyIntolerance', expr)).toEqual([{ expression: 'AllergyIntolerance.patient' }]);
    expect(expressionForType('Observation', expr)).toEqual([{ expression: 'Observation.subject', targetType: 'Patient' }]);
    expect(expressionForType('Encounter', expr)).toEqual([]);
  });

  it('rewrites as-casts to ofType so repeating paths evaluate', () => {
    expect(expressionForType('Observation', '(Observation.value as Quantity) | (Observation.component.value as SampledData)')).toEqual([
      { expression: 'Observation.value.ofType(Quantity)' },
      { expression: 'Observation.component.value.ofType(SampledData)' },
    ]);
    expect(expressionForType('Observation', '(Observation.value as CodeableConcept).text')).toEqual([
      { expression: 'Observation.value.ofType(CodeableConcept).text' },
    ]);
    expect(expressionForType('Condition', 'Condition.onset.as(dateTime) | Condition.onset.as(Period)')).toEqual([
      { expression: 'Condition.onset.ofType(dateTime)' },
      { expression: 'Condition.onset.ofType(Period)' },
    ]);
  });

  it('maps the Resource-level expressions onto the type', () => {
    expect(expressionForType('Patient', 'Resource.meta.profile')).toEqual([{ expression: 'Patient.meta.profile' }]);
  });

  it('splits unions only at the top level', () => {
    expect(splitUnion("A.b.where(c = 'x|y') | (A.d | A.e) | A.f")).toEqual(["A.b.where(c = 'x|y')", '(A.d | A.e)', 'A.f']);
  });
});

describe('every R4 search parameter expression', () => {
  it('compiles for every type it applies to, after the rewrites', async () => {
    const fhirpath = (await import('fhirpath')).default;
    const r4 = (await import('fhirpath/fhir-context/r4')).default;
    const { resourceTypes, searchParametersFor } = await import('../definitions.ts');
    const failures: string[] = [];
    let compiled = 0;
    for (const type of resourceTypes()) {
      for (const sp of searchParametersFor(type)) {
        if (!sp.expression || sp.type === 'composite' || sp.type === 'special') continue;
        for (const b of expressionForType(type, sp.expression)) {
          try {
            fhirpath.compile(b.expression, r4);
            compiled++;
          } catch (err) {
            failures.push(`${type}.${sp.code}: ${b.expression}: ${(err as Error).message}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(compiled).toBeGreaterThan(2000);
  });
});
