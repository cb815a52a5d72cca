/** Test support (not a test): a small population of realistic resources to search. */
import type { SearchTestDb } from './search-test-db.ts';

const MRN = 'http://hospital.example.org/mrn';

function patient(
  id: string,
  family: string,
  given: string[],
  gender: string,
  birthDate: string | undefined,
  extra: Record<string, unknown> = {},
) {
  return {
    resourceType: 'Patient',
    id,
    name: [{ use: 'official', family, given }],
    gender,
    ...(birthDate ? { birthDate } : {}),
    ...extra,
  };
}

export const PATIENTS = [
  patient('pat-jose', 'García', ['José', 'Luis'], 'male', '1974-12-25', {
    meta: { profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient'] },
    identifier: [{ system: MRN, value: 'MRN-001', type: { text: 'Medical Record Number' } }],
    telecom: [{ system: 'phone', value: '555-0100' }],
    address: [{ line: ['12 Rue Sainte-Catherine'], city: 'Montréal', country: 'CA' }],
    active: true,
  }),
  patient('pat-anna', 'Smith', ['Anna'], 'female', '2020-05-02', { identifier: [{ system: MRN, value: 'MRN-002' }], active: true }),
  patient('pat-joseph', 'Josephson', ['Mark'], 'male', '2020', {
    identifier: [{ system: 'http://hl7.org/fhir/sid/us-ssn', value: '999-00-1111' }],
  }),
  patient('pat-zed', 'Zed', [], 'unknown', undefined, { identifier: [{ value: 'X1' }], active: false }),
  patient('pat-bob', 'Smith', ['Bob'], 'male', '2019-12-31'),
  patient('pat-adams', 'Adams', ['Zoe'], 'female', '2019-12-31'),
  patient('pat-carl', 'Smith', ['Carl'], 'male', '2019-12-31'),
];

/** lastUpdated of PATIENTS[i]: the first of month i+1 of 2024. */
export const patientLastUpdated = (i: number) => `2024-${String(i + 1).padStart(2, '0')}-01T00:00:00.000Z`;

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';

export const OBSERVATIONS = [
  {
    resourceType: 'Observation',
    id: 'obs-1',
    status: 'final',
    code: { coding: [{ system: LOINC, code: '8302-2', display: 'Body height' }] },
    subject: { reference: 'Patient/pat-jose' },
    effectiveDateTime: '2020-03-14T09:26:00+01:00',
    valueQuantity: { value: 167.7, unit: 'cm', system: UCUM, code: 'cm' },
  },
  {
    resourceType: 'Observation',
    id: 'obs-2',
    status: 'final',
    code: { coding: [{ system: LOINC, code: '29463-7', display: 'Body weight' }] },
    subject: { reference: 'Patient/pat-anna' },
    effectiveDateTime: '2021-01-01',
    valueQuantity: { value: 70, unit: 'kg', system: UCUM, code: 'kg' },
  },
  {
    resourceType: 'Observation',
    id: 'obs-3',
    status: 'preliminary',
    code: { coding: [{ system: LOINC, code: '8302-2', display: 'Body height' }] },
    subject: { reference: 'Group/g1' },
    effectivePeriod: { start: '2019-02-01', end: '2019-03-01' },
    valueQuantity: { value: 100, unit: 'cm', system: UCUM, code: 'cm' },
  },
  {
    resourceType: 'Observation',
    id: 'obs-4',
    status: 'final',
    code: { text: 'Free text finding' },
    subject: { reference: 'urn:uuid:0d2c9b9e-0000-4000-8000-00000000000a' },
  },
];

export const ENCOUNTERS = [
  {
    resourceType: 'Encounter',
    id: 'enc-1',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: 'Patient/pat-jose' },
    period: { start: '2020-03-14T09:00:00+01:00', end: '2020-03-14T09:45:00+01:00' },
  },
  {
    resourceType: 'Encounter',
    id: 'enc-2',
    status: 'in-progress',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
    subject: { reference: 'Patient/pat-anna' },
    period: { start: '2021-06-01T08:00:00Z' },
  },
];

export const RISK_ASSESSMENTS = [
  {
    resourceType: 'RiskAssessment',
    id: 'risk-1',
    status: 'final',
    subject: { reference: 'Patient/pat-jose' },
    prediction: [{ probabilityDecimal: 0.15 }],
  },
  {
    resourceType: 'RiskAssessment',
    id: 'risk-2',
    status: 'final',
    subject: { reference: 'Patient/pat-anna' },
    prediction: [{ probabilityDecimal: 0.6 }],
  },
];

export async function storeFixtures(db: SearchTestDb): Promise<void> {
  for (const [i, p] of PATIENTS.entries()) await db.store(p, patientLastUpdated(i));
  for (const r of [...OBSERVATIONS, ...ENCOUNTERS, ...RISK_ASSESSMENTS]) await db.store(r);
}
