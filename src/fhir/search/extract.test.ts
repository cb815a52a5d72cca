import { describe, expect, it } from 'vitest';
import { extractSearchRows } from './extract.ts';

const patient = {
  resourceType: 'Patient',
  id: 'p1',
  meta: {
    profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient'],
    tag: [{ system: 'urn:hale:tag', code: 'demo', display: 'Demo' }],
  },
  identifier: [
    {
      system: 'http://hospital.example.org/mrn',
      value: 'MRN-001',
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }], text: 'Medical Record Number' },
    },
    { system: 'http://hl7.org/fhir/sid/us-ssn', value: '999-12-3456' },
  ],
  active: true,
  name: [
    { use: 'official', family: 'García', given: ['José', 'Luis'], prefix: ['Mr.'] },
    { use: 'nickname', text: 'Pepe' },
  ],
  telecom: [
    { system: 'phone', value: '555-0100', use: 'home' },
    { system: 'email', value: 'jose@example.org' },
  ],
  gender: 'male',
  birthDate: '1974-12-25',
  address: [{ line: ['12 Rue de l’Église'], city: 'Montréal', state: 'QC', postalCode: 'H2X 1Y4', country: 'CA' }],
  managingOrganization: { reference: 'Organization/org-1' },
  generalPractitioner: [{ reference: 'Practitioner/dr-1' }, { reference: 'https://other.example.org/fhir/Practitioner/77' }],
};

const observation = {
  resourceType: 'Observation',
  id: 'o1',
  status: 'final',
  category: [
    { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs', display: 'Vital Signs' }] },
  ],
  code: { coding: [{ system: 'http://loinc.org', code: '8302-2', display: 'Body Height' }], text: 'Body height' },
  subject: { reference: 'Patient/p1' },
  encounter: { reference: 'Encounter/e1' },
  effectiveDateTime: '2020-03-14T09:26:00+01:00',
  issued: '2020-03-14T09:26:00.123+01:00',
  valueQuantity: { value: 167.7, unit: 'cm', system: 'http://unitsofmeasure.org', code: 'cm' },
  component: [
    {
      code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
      valueQuantity: { value: 120, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
    },
    {
      code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] },
      valueQuantity: { value: 80, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
    },
  ],
};

const encounter = {
  resourceType: 'Encounter',
  id: 'e1',
  status: 'finished',
  class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
  type: [{ coding: [{ system: 'http://snomed.info/sct', code: '185349003', display: 'Encounter for check up' }] }],
  subject: { reference: 'Patient/p1' },
  participant: [{ individual: { reference: 'Practitioner/dr-1' } }, { individual: { reference: 'RelatedPerson/rp-1' } }],
  period: { start: '2020-03-14T09:00:00+01:00', end: '2020-03-14T09:45:00+01:00' },
  length: { value: 45, unit: 'min', system: 'http://unitsofmeasure.org', code: 'min' },
  serviceProvider: { reference: 'urn:uuid:6f1b3e5e-0000-4000-8000-000000000001' },
};

const condition = {
  resourceType: 'Condition',
  id: 'c1',
  clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
  code: { coding: [{ system: 'http://snomed.info/sct', code: '44054006', display: 'Diabetes mellitus type 2' }] },
  subject: { reference: 'Patient/p1' },
  onsetDateTime: '2015-06',
  abatementString: 'Resolved after diet change',
  recordedDate: '2015-07-01',
};

describe('extractSearchRows', () => {
  it('indexes a Patient: names, identifiers, telecom, address, dates, references, meta', () => {
    const rows = extractSearchRows(patient);
    const strings = (param: string) => rows.string.filter((r) => r.param === param).map((r) => [r.value, r.raw]);
    expect(strings('family')).toEqual([['garcia', 'García']]);
    expect(strings('given')).toEqual([
      ['jose', 'José'],
      ['luis', 'Luis'],
    ]);
    expect(strings('name')).toEqual(
      expect.arrayContaining([
        ['garcia', 'García'],
        ['jose', 'José'],
        ['mr.', 'Mr.'],
        ['pepe', 'Pepe'],
      ]),
    );
    expect(strings('address-city')).toEqual([['montreal', 'Montréal']]);
    expect(strings('address')).toEqual(
      expect.arrayContaining([
        ['12 rue de l’eglise', '12 Rue de l’Église'],
        ['montreal', 'Montréal'],
        ['qc', 'QC'],
        ['h2x 1y4', 'H2X 1Y4'],
        ['ca', 'CA'],
      ]),
    );

    const tokens = (param: string) =>
      rows.token.filter((r) => r.param === param).map(({ system, code, textValue }) => ({ system, code, textValue }));
    expect(tokens('identifier')).toEqual([
      { system: 'http://hospital.example.org/mrn', code: 'MRN-001', textValue: 'medical record number' },
      { system: 'http://hl7.org/fhir/sid/us-ssn', code: '999-12-3456', textValue: null },
    ]);
    expect(tokens('gender')).toEqual([{ system: null, code: 'male', textValue: null }]);
    expect(tokens('active')).toEqual([{ system: null, code: 'true', textValue: null }]);
    expect(tokens('telecom')).toEqual([
      { system: null, code: '555-0100', textValue: null },
      { system: null, code: 'jose@example.org', textValue: null },
    ]);
    expect(tokens('phone')).toEqual([{ system: null, code: '555-0100', textValue: null }]);
    expect(tokens('email')).toEqual([{ system: null, code: 'jose@example.org', textValue: null }]);
    expect(tokens('deceased')).toEqual([{ system: null, code: 'false', textValue: null }]);
    expect(tokens('_tag')).toEqual([{ system: 'urn:hale:tag', code: 'demo', textValue: 'demo' }]);

    expect(rows.date.filter((r) => r.param === 'birthdate')).toEqual([
      { param: 'birthdate', low: '1974-12-25T00:00:00.000Z', high: '1974-12-25T23:59:59.999Z' },
    ]);
    expect(rows.reference.filter((r) => r.param === 'organization')).toEqual([
      { param: 'organization', targetType: 'Organization', targetId: 'org-1', url: null },
    ]);
    expect(rows.reference.filter((r) => r.param === 'general-practitioner')).toEqual([
      { param: 'general-practitioner', targetType: 'Practitioner', targetId: 'dr-1', url: null },
      { param: 'general-practitioner', targetType: null, targetId: null, url: 'https://other.example.org/fhir/Practitioner/77' },
    ]);
    expect(rows.uri).toEqual([{ param: '_profile', value: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient' }]);
    // Resource columns are not index rows.
    expect([...rows.token, ...rows.date].some((r) => r.param === '_id' || r.param === '_lastUpdated')).toBe(false);
  });

  it('indexes an Observation: codes, value and component quantities, date, subject and patient', () => {
    const rows = extractSearchRows(observation);
    expect(rows.token.filter((r) => r.param === 'code')).toEqual([
      { param: 'code', system: 'http://loinc.org', code: '8302-2', textValue: 'body height' },
    ]);
    expect(rows.token.filter((r) => r.param === 'combo-code').map((r) => r.code)).toEqual(['8302-2', '8480-6', '8462-4']);
    expect(rows.token.filter((r) => r.param === 'status')).toEqual([{ param: 'status', system: null, code: 'final', textValue: null }]);
    expect(rows.quantity.filter((r) => r.param === 'value-quantity')).toEqual([
      { param: 'value-quantity', value: '167.7', system: 'http://unitsofmeasure.org', code: 'cm', unit: 'cm' },
    ]);
    expect(rows.quantity.filter((r) => r.param === 'component-value-quantity').map((r) => r.value)).toEqual(['120', '80']);
    expect(rows.date.filter((r) => r.param === 'date')).toEqual([
      { param: 'date', low: '2020-03-14T08:26:00.000Z', high: '2020-03-14T08:26:00.999Z' },
    ]);
    expect(rows.reference.filter((r) => r.param === 'subject' || r.param === 'patient')).toEqual([
      { param: 'patient', targetType: 'Patient', targetId: 'p1', url: null },
      { param: 'subject', targetType: 'Patient', targetId: 'p1', url: null },
    ]);
  });

  it('indexes an Encounter: period as a range, duration, and typed references via resolve() is T', () => {
    const rows = extractSearchRows(encounter);
    expect(rows.date.filter((r) => r.param === 'date')).toEqual([
      { param: 'date', low: '2020-03-14T08:00:00.000Z', high: '2020-03-14T08:45:00.999Z' },
    ]);
    expect(rows.quantity.filter((r) => r.param === 'length')).toEqual([
      { param: 'length', value: '45', system: 'http://unitsofmeasure.org', code: 'min', unit: 'min' },
    ]);
    const refs = (param: string) => rows.reference.filter((r) => r.param === param);
    // `practitioner` is participant.individual.where(resolve() is Practitioner): the RelatedPerson is left out.
    expect(refs('practitioner')).toEqual([{ param: 'practitioner', targetType: 'Practitioner', targetId: 'dr-1', url: null }]);
    expect(refs('participant').map((r) => r.targetType)).toEqual(['Practitioner', 'RelatedPerson']);
    expect(refs('service-provider')).toEqual([
      { param: 'service-provider', targetType: null, targetId: null, url: 'urn:uuid:6f1b3e5e-0000-4000-8000-000000000001' },
    ]);
    expect(rows.token.filter((r) => r.param === 'class')).toEqual([
      { param: 'class', system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', textValue: null },
    ]);
  });

  it('indexes a Condition: partial onset date as its whole month, choice types through ofType', () => {
    const rows = extractSearchRows(condition);
    expect(rows.date.filter((r) => r.param === 'onset-date')).toEqual([
      { param: 'onset-date', low: '2015-06-01T00:00:00.000Z', high: '2015-06-30T23:59:59.999Z' },
    ]);
    expect(rows.string.filter((r) => r.param === 'abatement-string')).toEqual([
      { param: 'abatement-string', value: 'resolved after diet change', raw: 'Resolved after diet change' },
    ]);
    expect(rows.token.filter((r) => r.param === 'clinical-status').map((r) => r.code)).toEqual(['active']);
    expect(rows.token.filter((r) => r.param === 'code')).toEqual([
      { param: 'code', system: 'http://snomed.info/sct', code: '44054006', textValue: 'diabetes mellitus type 2' },
    ]);
  });

  it('keeps a CodeableConcept text that no coding display carries, and drops duplicate rows', () => {
    const rows = extractSearchRows({
      resourceType: 'Condition',
      code: {
        coding: [
          { system: 'http://snomed.info/sct', code: '1' },
          { system: 'http://snomed.info/sct', code: '1' },
        ],
        text: 'Sugar diabetes',
      },
      subject: { reference: 'Patient/p1' },
    });
    expect(rows.token.filter((r) => r.param === 'code')).toEqual([
      { param: 'code', system: 'http://snomed.info/sct', code: '1', textValue: null },
      { param: 'code', system: null, code: null, textValue: 'sugar diabetes' },
    ]);
  });

  it('indexes Timing events, Money, canonicals and versioned canonicals', () => {
    const request = extractSearchRows({
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '860975' }] },
      subject: { reference: 'Patient/p1' },
      instantiatesCanonical: ['http://example.org/PlanDefinition/diabetes|2.0'],
      dosageInstruction: [{ timing: { event: ['2021-01-05'] } }],
    });
    expect(request.token.find((r) => r.param === 'code')?.code).toBe('860975');
    const claim = extractSearchRows({
      resourceType: 'ChargeItem',
      status: 'billable',
      code: { text: 'x' },
      subject: { reference: 'Patient/p1' },
      priceOverride: { value: 12.5, currency: 'EUR' },
    });
    expect(claim.quantity.filter((r) => r.param === 'price-override')).toEqual([
      { param: 'price-override', value: '12.5', system: 'urn:iso:std:iso:4217', code: 'EUR', unit: null },
    ]);
    const vs = extractSearchRows({
      resourceType: 'ValueSet',
      status: 'active',
      url: 'http://example.org/ValueSet/x',
      version: '1',
      compose: { include: [{ valueSet: ['http://example.org/ValueSet/y|3'] }] },
    });
    expect(vs.uri.filter((r) => r.param === 'url')).toEqual([{ param: 'url', value: 'http://example.org/ValueSet/x' }]);
    expect(vs.uri.filter((r) => r.param === 'reference')).toEqual([]);
  });

  it('does not change the resource it reads', () => {
    const copy = structuredClone(observation);
    extractSearchRows(copy);
    expect(copy).toEqual(observation);
  });
});
