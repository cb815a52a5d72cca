/**
 * validateResource against the R4 definitions: each rule, with the FHIRPath location and
 * OperationOutcome issue type it reports. Real definitions and official examples, no mocks.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HaleError, type ErrorDetail } from '../../errors.ts';
import { requiredCodesFor, uncheckableRequiredValueSets } from './required-bindings.ts';
import { validateResource } from './validate-resource.ts';

const require = createRequire(import.meta.url);
const EXAMPLES = path.dirname(require.resolve('hl7.fhir.r4.examples/package.json'));
const example = (file: string): Record<string, any> => JSON.parse(readFileSync(path.join(EXAMPLES, file), 'utf8'));

/** The details validateResource throws (empty if it does not throw). */
function details(resource: unknown): ErrorDetail[] {
  try {
    validateResource(resource);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(HaleError);
    expect((err as HaleError).code).toBe('invalid-resource');
    return (err as HaleError).details;
  }
}

/** Asserts exactly one reported problem is at `field`, with issue type `fhirCode`; returns it. */
function expectIssue(resource: unknown, field: string | undefined, fhirCode: string): ErrorDetail {
  const found = details(resource);
  const atField = found.filter((d) => d.field === field);
  expect(atField, `issues were ${JSON.stringify(found)}`).toHaveLength(1);
  expect(atField[0].fhirCode).toBe(fhirCode);
  expect(atField[0].severity).toBe('error');
  expect(atField[0].message.length).toBeGreaterThan(5);
  return atField[0];
}

const observation = (extra: Record<string, unknown> = {}) => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
  subject: { reference: 'Patient/example' },
  ...extra,
});

describe('valid resources', () => {
  it('accepts official examples and minimal resources', () => {
    for (const file of ['Observation-example.json', 'Patient-example.json', 'Bundle-bundle-transaction.json', 'Questionnaire-f201.json']) {
      expect(details(example(file)), file).toEqual([]);
    }
    expect(details({ resourceType: 'Patient' })).toEqual([]);
    expect(details(observation({ valueQuantity: { value: 72, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' } }))).toEqual([]);
  });

  it('accepts primitive extensions, including null placeholders in primitive arrays', () => {
    const ext = { extension: [{ url: 'http://example.org/ext', valueString: 'x' }] };
    expect(details({ resourceType: 'Patient', _birthDate: ext })).toEqual([]);
    expect(details({ resourceType: 'Patient', birthDate: '1970', _birthDate: ext })).toEqual([]);
    expect(details({ resourceType: 'Patient', name: [{ given: ['Ann', null], _given: [null, ext] }] })).toEqual([]);
  });

  it('accepts a transaction Bundle with urn:uuid and conditional references', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a',
          resource: { resourceType: 'Patient', gender: 'female' },
          request: { method: 'POST', url: 'Patient' },
        },
        {
          resource: observation({
            subject: { reference: 'urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a' },
            performer: [{ reference: 'Practitioner?identifier=http://example.org/npi|123' }],
          }),
          request: { method: 'POST', url: 'Observation' },
        },
      ],
    };
    expect(details(bundle)).toEqual([]);
  });
});

describe('rule 1: resource type and id', () => {
  it('rejects non-objects, a missing or unknown resourceType', () => {
    expectIssue([], undefined, 'structure');
    expectIssue('Patient', undefined, 'structure');
    expectIssue(null, undefined, 'structure');
    expectIssue({ id: 'x' }, 'resourceType', 'required');
    expectIssue({ resourceType: 'Foo' }, 'resourceType', 'structure');
    expectIssue({ resourceType: 'DomainResource' }, 'resourceType', 'structure');
  });

  it('rejects a bad id, on the resource and on nested resources', () => {
    expectIssue({ resourceType: 'Patient', id: 'has space' }, 'Patient.id', 'value');
    expectIssue({ resourceType: 'Patient', id: 'x'.repeat(65) }, 'Patient.id', 'value');
    expectIssue({ resourceType: 'Patient', id: '' }, 'Patient.id', 'value');
    expectIssue({ resourceType: 'Patient', id: 7 }, 'Patient.id', 'structure');
    expect(details({ resourceType: 'Patient', id: 'A-z.0' + 'x'.repeat(59) })).toEqual([]);
    expectIssue(
      { resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Patient', id: 'a/b' } }] },
      'Bundle.entry[0].resource.id',
      'value',
    );
  });

  it('throws HaleError(invalid-resource) with a summary naming the first problem', () => {
    try {
      validateResource({ resourceType: 'Patient', gender: 'bogus', foo: 1 });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(HaleError);
      const e = err as HaleError;
      expect(e.code).toBe('invalid-resource');
      expect(e.message).toMatch(/^Invalid Patient: Patient\.gender: .*\(and 1 more\)$/);
      expect(e.details.map((d) => d.field)).toEqual(['Patient.gender', 'Patient.foo']);
    }
  });
});

describe('rule 2: structure against the StructureDefinitions', () => {
  it('unknown elements, at any depth', () => {
    expect(expectIssue({ resourceType: 'Patient', foo: 1 }, 'Patient.foo', 'structure').message).toMatch(/Unknown element/);
    expectIssue({ resourceType: 'Patient', name: [{ family: 'X', nickname: 'Y' }] }, 'Patient.name[0].nickname', 'structure');
    expectIssue({ resourceType: 'Patient', contact: [{ gender: 'male', foo: {} }] }, 'Patient.contact[0].foo', 'structure');
    // `_x` is only valid next to a primitive element.
    expectIssue({ resourceType: 'Patient', _name: {} }, 'Patient._name', 'structure');
    expectIssue(observation({ valueFoo: 1 }), 'Observation.valueFoo', 'structure');
  });

  it('wrong JSON types', () => {
    expect(expectIssue({ resourceType: 'Patient', name: [{ family: 42 }] }, 'Patient.name[0].family', 'structure').message).toMatch(
      /JSON string/,
    );
    expectIssue({ resourceType: 'Patient', active: 'true' }, 'Patient.active', 'structure');
    expectIssue({ resourceType: 'Patient', multipleBirthInteger: '2' }, 'Patient.multipleBirthInteger', 'structure');
    expectIssue({ resourceType: 'Patient', name: 'Smith' }, 'Patient.name', 'structure');
    expectIssue({ resourceType: 'Patient', name: ['Smith'] }, 'Patient.name[0]', 'structure');
    expectIssue({ resourceType: 'Patient', maritalStatus: 'M' }, 'Patient.maritalStatus', 'structure');
    expectIssue({ resourceType: 'Patient', gender: null }, 'Patient.gender', 'structure');
  });

  it('missing required elements, including choice elements and inside backbone elements', () => {
    const missing = expectIssue({ resourceType: 'Observation', code: { text: 'x' } }, 'Observation.status', 'required');
    expect(missing.message).toMatch(/status/);
    expectIssue(
      { resourceType: 'MedicationRequest', status: 'active', intent: 'order', subject: { reference: 'Patient/1' } },
      'MedicationRequest.medication[x]',
      'required',
    );
    expectIssue({ resourceType: 'Patient', link: [{ type: 'seealso' }] }, 'Patient.link[0].other', 'required');
    expectIssue({ resourceType: 'Patient', extension: [{ valueString: 'x' }] }, 'Patient.extension[0].url', 'required');
    // Bundle.entry.request is 0..1; that a transaction entry needs one is invariant bdl-3 on the Bundle.
    expect(
      expectIssue(
        { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'Patient' } }] },
        'Bundle',
        'invariant',
      ).message,
    ).toMatch(/bdl-3/);
    expectIssue(
      { resourceType: 'Bundle', type: 'transaction', entry: [{ request: { url: 'Patient' } }] },
      'Bundle.entry[0].request.method',
      'required',
    );
  });

  it('cardinality: too many values, arrays where one value is allowed, empty arrays and objects', () => {
    expect(expectIssue({ resourceType: 'Patient', gender: ['male', 'female'] }, 'Patient.gender', 'structure').message).toMatch(/max 1/);
    expectIssue(
      { resourceType: 'Patient', contact: [{ name: [{ family: 'A' }, { family: 'B' }] }] },
      'Patient.contact[0].name',
      'structure',
    );
    expectIssue({ resourceType: 'Patient', name: { family: 'A' } }, 'Patient.name', 'structure');
    expectIssue({ resourceType: 'Patient', name: [] }, 'Patient.name', 'structure');
    expectIssue({ resourceType: 'Patient', maritalStatus: {} }, 'Patient.maritalStatus', 'structure');
    expectIssue({ resourceType: 'Patient', name: [{ given: ['A', null] }] }, 'Patient.name[0].given[1]', 'structure');
  });

  it('primitive formats: dates, instants, codes, integers, uris, empty strings', () => {
    expectIssue({ resourceType: 'Patient', birthDate: '2020-13-45' }, 'Patient.birthDate', 'value');
    expectIssue({ resourceType: 'Patient', birthDate: '2023-02-29' }, 'Patient.birthDate', 'value');
    expect(details({ resourceType: 'Patient', birthDate: '2024-02-29' })).toEqual([]);
    expectIssue({ resourceType: 'Patient', birthDate: '12/05/1980' }, 'Patient.birthDate', 'value');
    // A dateTime with a time needs a timezone (R4 regex).
    expectIssue(observation({ effectiveDateTime: '2020-01-01T10:00:00' }), 'Observation.effectiveDateTime', 'value');
    expect(details(observation({ effectiveDateTime: '2020-01-01T10:00:00+02:00' }))).toEqual([]);
    expectIssue(observation({ issued: '2020-01-01' }), 'Observation.issued', 'value');
    expectIssue({ resourceType: 'Patient', multipleBirthInteger: 1.5 }, 'Patient.multipleBirthInteger', 'value');
    expectIssue({ resourceType: 'Patient', photo: [{ size: -1 }] }, 'Patient.photo[0].size', 'value');
    expectIssue({ resourceType: 'Patient', photo: [{ data: 'not base64!' }] }, 'Patient.photo[0].data', 'value');
    expect(details({ resourceType: 'Patient', photo: [{ contentType: 'image/png', data: 'iVBO\nRw0K' }] })).toEqual([]);
    expectIssue({ resourceType: 'Patient', name: [{ family: '' }] }, 'Patient.name[0].family', 'value');
    expectIssue({ resourceType: 'Patient', implicitRules: 'has space' }, 'Patient.implicitRules', 'value');
    expectIssue({ resourceType: 'Patient', meta: { versionId: 'a b' } }, 'Patient.meta.versionId', 'value');
    // A no-break space is an ordinary character in FHIR's (Java) regexes.
    expect(details({ resourceType: 'Patient', name: [{ family: 'van\u00a0Dijk' }] })).toEqual([]);
  });

  it('characters no FHIR string may hold: controls other than tab, CR and LF, and unpaired surrogates', () => {
    const nul = expectIssue({ resourceType: 'Patient', name: [{ family: 'Nul\u0000Byte' }] }, 'Patient.name[0].family', 'value');
    expect(nul.message).toMatch(/U\+0000 at position 3/);
    expectIssue({ resourceType: 'Patient', name: [{ given: ['Bell\u0007'] }] }, 'Patient.name[0].given[0]', 'value');
    expectIssue({ resourceType: 'Patient', gender: 'female\u001f' }, 'Patient.gender', 'value');
    const lone = expectIssue({ resourceType: 'Patient', name: [{ text: 'Half \ud83d of an emoji' }] }, 'Patient.name[0].text', 'value');
    expect(lone.message).toMatch(/unpaired UTF-16 surrogate/);
    expectIssue({ resourceType: 'Patient', name: [{ text: 'Low \udc00 alone' }] }, 'Patient.name[0].text', 'value');
    // Tab, line breaks and whole surrogate pairs (an emoji) are ordinary text.
    expect(details({ resourceType: 'Patient', name: [{ text: 'Ana\tMaria\r\nSilva \ud83d\ude00' }] })).toEqual([]);
  });

  it('choice types: the type suffix must be one of the allowed types, and only one may be present', () => {
    expect(details(observation({ valueString: 'x' }))).toEqual([]);
    expectIssue(observation({ valueMoney: { value: 1 } }), 'Observation.valueMoney', 'structure');
    const both = expectIssue(
      { resourceType: 'Patient', deceasedBoolean: true, deceasedDateTime: '2020' },
      'Patient.deceasedDateTime',
      'structure',
    );
    expect(both.message).toMatch(/deceased\[x\]/);
    expectIssue(observation({ valueQuantity: { value: 'high' } }), 'Observation.valueQuantity.value', 'structure');
  });

  it('FHIRPath invariants of resources, backbone elements and datatypes', () => {
    expect(expectIssue(observation({ valueString: 'x', dataAbsentReason: { text: 'n/a' } }), 'Observation', 'invariant').message).toMatch(
      /obs-6/,
    );
    expect(
      expectIssue(
        { resourceType: 'Patient', name: [{ family: 'A', period: { start: '2020-01-02', end: '2020-01-01' } }] },
        'Patient.name[0].period',
        'invariant',
      ).message,
    ).toMatch(/per-1/);
    expectIssue({ resourceType: 'Patient', telecom: [{ value: '555-1234' }] }, 'Patient.telecom[0]', 'invariant'); // cpt-2
    expectIssue({ resourceType: 'Patient', extension: [{ url: 'http://example.org/x' }] }, 'Patient.extension[0]', 'invariant'); // ext-1
    expectIssue({ resourceType: 'Patient', contact: [{ gender: 'male' }] }, 'Patient.contact[0]', 'invariant'); // pat-1
    // SimpleQuantity (a type profile) forbids a comparator.
    expect(
      expectIssue(
        observation({ referenceRange: [{ low: { value: 1, comparator: '<' } }] }),
        'Observation.referenceRange[0].low',
        'invariant',
      ).message,
    ).toMatch(/sqty-1/);
  });

  it('ras-2 is evaluated as its text says: only a decimal probability must be <= 100', () => {
    const risk = (prediction: Record<string, unknown>) => ({
      resourceType: 'RiskAssessment',
      status: 'final',
      subject: { reference: 'Patient/1' },
      prediction: [{ outcome: { text: 'stroke' }, ...prediction }],
    });
    expect(details(risk({ qualitativeRisk: { text: 'moderate' } }))).toEqual([]);
    expect(details(risk({ probabilityDecimal: 12.5 }))).toEqual([]);
    expectIssue(risk({ probabilityDecimal: 150 }), 'RiskAssessment.prediction[0]', 'invariant');
  });
});

describe('rule 3: required-strength code bindings', () => {
  it('Medplum alone would accept a bad gender; this validator rejects it', () => {
    const issue = expectIssue({ resourceType: 'Patient', gender: 'bogus' }, 'Patient.gender', 'code-invalid');
    expect(issue.message).toMatch(/administrative-gender/);
  });

  it('checks code elements of resources, backbone elements and nested datatypes', () => {
    expectIssue({ resourceType: 'Observation', status: 'done', code: { text: 'x' } }, 'Observation.status', 'code-invalid');
    expectIssue(
      { resourceType: 'Patient', contact: [{ gender: 'm', name: { family: 'A' } }] },
      'Patient.contact[0].gender',
      'code-invalid',
    );
    expectIssue({ resourceType: 'Patient', telecom: [{ system: 'telepathy', value: 'x' }] }, 'Patient.telecom[0].system', 'code-invalid');
    expectIssue(
      { resourceType: 'Patient', telecom: [{ system: 'phone', value: 'x', use: 'holiday' }] },
      'Patient.telecom[0].use',
      'code-invalid',
    );
    expectIssue({ resourceType: 'Patient', name: [{ use: 'stage', family: 'A' }] }, 'Patient.name[0].use', 'code-invalid');
    expectIssue({ resourceType: 'Patient', address: [{ use: 'castle', city: 'X' }] }, 'Patient.address[0].use', 'code-invalid');
    expectIssue({ resourceType: 'Patient', identifier: [{ use: 'main', value: '1' }] }, 'Patient.identifier[0].use', 'code-invalid');
    expectIssue(
      { resourceType: 'Patient', text: { status: 'pretty', div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' } },
      'Patient.text.status',
      'code-invalid',
    );
    expectIssue(observation({ valueQuantity: { value: 1, comparator: '~' } }), 'Observation.valueQuantity.comparator', 'code-invalid');
    // Through contentReference (Questionnaire.item.item has the type of Questionnaire.item).
    expectIssue(
      { resourceType: 'Questionnaire', status: 'draft', item: [{ linkId: '1', type: 'group', item: [{ linkId: '1.1', type: 'essay' }] }] },
      'Questionnaire.item[0].item[0].type',
      'code-invalid',
    );
    // In arrays of codes, and in nested resources.
    expectIssue(
      {
        resourceType: 'SearchParameter',
        url: 'http://x.org/sp',
        name: 'x',
        status: 'draft',
        description: 'x',
        code: 'x',
        base: ['Patient', 'Nope'],
        type: 'token',
      },
      'SearchParameter.base[1]',
      'code-invalid',
    );
    expectIssue(
      { resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Patient', gender: 'x' } }] },
      'Bundle.entry[0].resource.gender',
      'code-invalid',
    );
  });

  it('checks codings of a CodeableConcept from the value set systems, and accepts codings of other systems', () => {
    const allergy = (coding: object[]) => ({
      resourceType: 'AllergyIntolerance',
      patient: { reference: 'Patient/1' },
      clinicalStatus: { coding },
    });
    const system = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
    expect(details(allergy([{ system, code: 'active' }]))).toEqual([]);
    expectIssue(allergy([{ system, code: 'smouldering' }]), 'AllergyIntolerance.clinicalStatus.coding[0].code', 'code-invalid');
    expectIssue(
      allergy([
        { system: 'http://snomed.info/sct', code: '55561003' },
        { system, code: 'smouldering' },
      ]),
      'AllergyIntolerance.clinicalStatus.coding[1].code',
      'code-invalid',
    );
    // A coding from another system (or without a system) is not judged by this binding.
    expect(details(allergy([{ system: 'http://snomed.info/sct', code: '55561003' }]))).toEqual([]);
    expect(details(allergy([{ code: 'whatever' }]))).toEqual([]);
  });

  it('uses versioned canonicals, and skips value sets that cannot be expanded completely', () => {
    // Observation.status is bound to ...ValueSet/observation-status|4.0.1.
    expect(requiredCodesFor('Observation.status')?.codes.has('final')).toBe(true);
    expect(requiredCodesFor('Address.use')?.codes).toEqual(new Set(['home', 'work', 'temp', 'old', 'billing']));
    // MIME types (urn:ietf:bcp:13) and currencies are not in the R4 terminology bundle: any code passes.
    expect(uncheckableRequiredValueSets()).toContain('http://hl7.org/fhir/ValueSet/mimetypes');
    expect(requiredCodesFor('Attachment.contentType')).toBeUndefined();
    expect(details({ resourceType: 'Patient', photo: [{ contentType: 'application/x-hale-test' }] })).toEqual([]);
  });
});

describe('rule 4: reference formats', () => {
  const withReference = (reference: string) => observation({ subject: { reference } });

  it('accepts the supported forms', () => {
    for (const reference of [
      'Patient/123',
      'Patient/a-b.C',
      'Patient/123/_history/2',
      'https://example.org/fhir/Patient/123',
      'http://example.org/fhir/Patient/123/_history/1',
      'urn:uuid:53fefa32-fcbb-4ff8-8a92-55ee120877b7',
      'urn:oid:1.2.840.113619.6.197',
      'Patient?identifier=http://example.org/mrn|12345',
    ]) {
      expect(details(withReference(reference)), reference).toEqual([]);
    }
  });

  it('rejects everything else at the location of .reference', () => {
    for (const reference of [
      '123',
      'patient/123',
      'Foo/123',
      '/Patient/123',
      'Patient/',
      'Patient/has space',
      'Patient/123/_history/',
      'Patient/123/extra',
      'urn:uuid:not-a-uuid',
      'urn:oid:abc',
      'urn:isbn:0451450523',
      'ftp://example.org/Patient/1',
      'Nope?name=x',
      'Patient?',
    ]) {
      const issue = expectIssue(withReference(reference), 'Observation.subject.reference', 'value');
      expect(issue.message, reference).toContain(JSON.stringify(reference).slice(1, -1));
    }
    // In arrays, extensions and nested resources too.
    expectIssue(
      observation({ performer: [{ reference: 'Practitioner/1' }, { reference: 'bad' }] }),
      'Observation.performer[1].reference',
      'value',
    );
    expectIssue(
      { resourceType: 'Patient', extension: [{ url: 'http://example.org/x', valueReference: { reference: 'bad' } }] },
      'Patient.extension[0].valueReference.reference',
      'value',
    );
  });

  it('resolves local references against contained resources', () => {
    const contained = [{ resourceType: 'Practitioner', id: 'p1', name: [{ family: 'Who' }] }];
    expect(details(observation({ contained, performer: [{ reference: '#p1' }] }))).toEqual([]);
    const notFound = expectIssue(
      observation({ contained, performer: [{ reference: '#p2' }] }),
      'Observation.performer[0].reference',
      'not-found',
    );
    expect(notFound.message).toMatch(/#p2/);
    expectIssue(observation({ performer: [{ reference: '#p1' }] }), 'Observation.performer[0].reference', 'not-found');
    // '#' (the container) is only meaningful inside a contained resource.
    expectIssue(observation({ performer: [{ reference: '#' }] }), 'Observation.performer[0].reference', 'value');
    expect(
      details(
        observation({
          contained: [
            {
              resourceType: 'Provenance',
              id: 'prov',
              target: [{ reference: '#' }],
              recorded: '2020-01-01T00:00:00Z',
              agent: [{ who: { display: 'x' } }],
            },
          ],
        }),
      ),
    ).toEqual([]);
    // dom-3: a contained resource nothing refers to.
    expectIssue(observation({ contained }), 'Observation.contained[0]', 'invariant');
  });
});
