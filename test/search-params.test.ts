/**
 * FHIR search parameters as a client meets them through /fhir/R4, on the real server (the
 * embedded engine, or PostgreSQL with DATABASE_URL): every parameter type with its
 * modifiers and prefixes, composites, chains, _has, the Resource-level parameters, full
 * text, _list; index rows follow updates and deletes; bad parameters are a 400 naming them;
 * chains and _has leak nothing across patients; and the R4 spec's example searches give the
 * ids one computes by hand from real Synthea bundles.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/access/accounts.ts';
import { call, login } from './support/api-client.ts';
import { hasSharedData, sharedDataPath } from './support/shared-data.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

/** The public base the server is configured with: absolute references under it are local. */
const BASE = 'https://hale.test';
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';

let s: TestServer;

type Res = Record<string, unknown> & { resourceType: string; id: string };

const bp = (id: string, patient: string, systolic: number, diastolic: number, effective: Record<string, unknown>): Res => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: LOINC, code: '85354-9', display: 'Blood pressure panel' }] },
  subject: { reference: `Patient/${patient}` },
  ...effective,
  component: [
    {
      code: { coding: [{ system: LOINC, code: '8480-6' }] },
      valueQuantity: { value: systolic, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' },
    },
    {
      code: { coding: [{ system: LOINC, code: '8462-4' }] },
      valueQuantity: { value: diastolic, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' },
    },
  ],
});

const FIXTURES: Res[] = [
  { resourceType: 'Organization', id: 'org-acme', name: 'Acme Health' },
  { resourceType: 'Organization', id: 'org-luc', name: 'Hôpital Saint-Luc', partOf: { reference: 'Organization/org-acme' } },
  { resourceType: 'Practitioner', id: 'dr-adams', name: [{ family: 'Adams' }] },
  {
    resourceType: 'Patient',
    id: 'pj',
    meta: {
      profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient'],
      tag: [{ system: 'urn:tags', code: 'vip' }],
      security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' }],
    },
    text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">José plays <b>chess</b> &amp; sings</div>' },
    identifier: [{ system: 'urn:mrn', value: 'MRN-001', type: { coding: [{ system: V2_0203, code: 'MR' }], text: 'Medical record' } }],
    name: [{ family: 'García', given: ['José'] }],
    gender: 'male',
    birthDate: '1974-12-25',
    address: [{ city: 'Montréal' }],
    managingOrganization: { reference: 'Organization/org-luc' },
  },
  {
    resourceType: 'Patient',
    id: 'pa',
    identifier: [{ system: 'urn:dl', value: 'MRN-001', type: { coding: [{ system: V2_0203, code: 'DL' }] } }],
    name: [{ family: 'Smith', given: ['Anna'] }],
    gender: 'female',
    birthDate: '2020-05-02',
    managingOrganization: { reference: 'Organization/org-acme' },
  },
  {
    resourceType: 'Patient',
    id: 'pb',
    name: [{ family: 'Smith', given: ['Bob'] }],
    gender: 'male',
    birthDate: '2019-12-31',
    managingOrganization: { reference: 'Organization/org-luc' },
  },
  { resourceType: 'Patient', id: 'pz', active: false },
  { ...bp('o-bp', 'pj', 120, 80, { effectiveDateTime: '2021-03-04T10:00:00Z' }), note: [{ text: 'Patient anxious before the test' }] },
  // High diastolic, normal systolic: `systolic > 100` must not match it through the other component.
  bp('o-bp2', 'pa', 95, 130, { effectivePeriod: { start: '2021-03-01', end: '2021-03-31' } }),
  {
    resourceType: 'Observation',
    id: 'o-wt',
    status: 'final',
    code: { coding: [{ system: LOINC, code: '29463-7', display: 'Body weight' }] },
    subject: { reference: 'Patient/pb' },
    performer: [{ reference: 'Practitioner/dr-adams' }],
    effectiveDateTime: '2019-06-15',
    valueQuantity: { value: 72.5, unit: 'kg', system: UCUM, code: 'kg' },
  },
  {
    resourceType: 'Observation',
    id: 'o-glu',
    status: 'preliminary',
    code: { coding: [{ system: LOINC, code: '2339-0', display: 'Glucose' }] },
    subject: { reference: 'Patient/pj' },
    effectiveDateTime: '2021',
    valueQuantity: { value: 5.4, unit: 'mmol/L', system: UCUM, code: 'mmol/L' },
    note: [{ text: 'Fasting sample' }],
  },
  {
    resourceType: 'Observation',
    id: 'o-smoke',
    status: 'final',
    code: { coding: [{ system: LOINC, code: '72166-2', display: 'Tobacco smoking status' }] },
    // An absolute reference to this server's own base: the same as Patient/pa.
    subject: { reference: `${BASE}/fhir/R4/Patient/pa` },
    effectiveDateTime: '2019-12-31',
    valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '449868002', display: 'Smokes tobacco daily' }] },
  },
  {
    resourceType: 'Observation',
    id: 'o-ext',
    status: 'final',
    code: { coding: [{ system: LOINC, code: '8302-6', display: 'Body height' }] },
    // Another server's Patient/pa: not ours.
    subject: { reference: 'http://other.example.org/fhir/Patient/pa' },
    valueQuantity: { value: 180, unit: 'cm', system: UCUM, code: 'cm' },
  },
  {
    resourceType: 'Observation',
    id: 'o-ident',
    status: 'cancelled',
    code: { text: 'Logical reference only' },
    subject: { identifier: { system: 'urn:mrn', value: 'MRN-001' } },
  },
  {
    resourceType: 'Encounter',
    id: 'enc-day',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: 'Patient/pj' },
    period: { start: '2021-03-04T09:00:00Z', end: '2021-03-04T11:00:00Z' },
  },
  {
    resourceType: 'Encounter',
    id: 'enc-open',
    status: 'in-progress',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
    subject: { reference: 'Patient/pa' },
    period: { start: '2020-01-01' },
  },
  {
    resourceType: 'Encounter',
    id: 'enc-old',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: 'Patient/pb' },
    period: { start: '2018-01-01', end: '2018-01-02' },
  },
  {
    resourceType: 'RiskAssessment',
    id: 'ra-low',
    status: 'final',
    subject: { reference: 'Patient/pj' },
    prediction: [{ probabilityDecimal: 0.25 }],
  },
  {
    resourceType: 'RiskAssessment',
    id: 'ra-high',
    status: 'final',
    subject: { reference: 'Patient/pa' },
    prediction: [{ probabilityDecimal: 0.8 }],
  },
  { resourceType: 'ValueSet', id: 'vs-ab', status: 'active', url: 'http://example.org/fhir/ValueSet/a/b' },
  { resourceType: 'ValueSet', id: 'vs-a', status: 'active', url: 'http://example.org/fhir/ValueSet/a' },
  { resourceType: 'ValueSet', id: 'vs-other', status: 'active', url: 'http://example.org/other' },
  { resourceType: 'ValueSet', id: 'vs-none', status: 'draft' },
  { resourceType: 'QuestionnaireResponse', id: 'qr-intake', status: 'completed', questionnaire: 'http://example.org/Questionnaire/intake' },
  { resourceType: 'QuestionnaireResponse', id: 'qr-other', status: 'completed', questionnaire: 'http://other.example.org/Questionnaire/x' },
  {
    resourceType: 'List',
    id: 'list-1',
    status: 'current',
    mode: 'working',
    entry: [{ item: { reference: 'Patient/pj' } }, { item: { reference: 'Patient/pb' } }],
  },
];

function transaction(resources: Res[]) {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: resources.map((r) => ({ resource: r, request: { method: 'PUT', url: `${r.resourceType}/${r.id}` } })),
  };
}

async function search(query: string, headers: Record<string, string> = {}) {
  return s.fhir('GET', `${query}${query.includes('?') ? '&' : '?'}_count=1000`, undefined, headers);
}

/** The ids a search returns, sorted (the assertion is on the set). */
async function ids(query: string): Promise<string[]> {
  const r = await search(query);
  expect(r.status, `${query}: ${JSON.stringify(r.body).slice(0, 500)}`).toBe(200);
  return ((r.body.entry ?? []) as { resource: Res; search?: { mode?: string } }[])
    .filter((e) => e.search?.mode !== 'outcome' && e.search?.mode !== 'include')
    .map((e) => e.resource.id)
    .sort();
}

/** The 400 for a query: each problem's field. */
async function rejected(query: string): Promise<{ fields: string[]; text: string }> {
  const r = await search(query);
  expect(r.status, query).toBe(400);
  expect(r.body.resourceType).toBe('OperationOutcome');
  const issues = r.body.issue as { expression?: string[]; diagnostics?: string; details?: { text?: string } }[];
  return {
    fields: issues.flatMap((i) => i.expression ?? []),
    text: issues.map((i) => `${i.diagnostics ?? ''} ${i.details?.text ?? ''}`).join(' | '),
  };
}

beforeAll(async () => {
  s = await startTestServer({ HALE_BASE_URL: BASE });
  const r = await s.fhir('POST', '', transaction(FIXTURES));
  expect(r.status, JSON.stringify(r.body).slice(0, 1000)).toBe(200);
}, 120_000);
afterAll(() => s?.stop());

describe('string', () => {
  it('starts with by default, ignoring case and accents; :exact as written; :contains anywhere', async () => {
    expect(await ids('Patient?family=garcia')).toEqual(['pj']);
    expect(await ids('Patient?family=GARCÍA')).toEqual(['pj']);
    expect(await ids('Patient?name=jos')).toEqual(['pj']);
    expect(await ids('Patient?family=mith')).toEqual([]);
    expect(await ids('Patient?family:exact=García')).toEqual(['pj']);
    expect(await ids('Patient?family:exact=Garcia')).toEqual([]);
    expect(await ids('Patient?family:contains=MIT')).toEqual(['pa', 'pb']);
    expect(await ids('Patient?address-city=montreal')).toEqual(['pj']);
    expect(await ids('Organization?name:contains=saint')).toEqual(['org-luc']);
  });
});

describe('token', () => {
  it('code, system|code, |code, system| and :not', async () => {
    expect(await ids('Patient?gender=male')).toEqual(['pb', 'pj']);
    expect(await ids('Patient?identifier=urn:mrn|MRN-001')).toEqual(['pj']);
    expect(await ids('Patient?identifier=MRN-001')).toEqual(['pa', 'pj']);
    expect(await ids('Patient?identifier=|MRN-001')).toEqual([]);
    expect(await ids('Patient?identifier=urn:dl|')).toEqual(['pa']);
    expect(await ids(`Observation?code=${LOINC}|29463-7,${LOINC}|2339-0`)).toEqual(['o-glu', 'o-wt']);
    // :not keeps resources without any value.
    expect(await ids('Patient?gender:not=male')).toEqual(['pa', 'pz']);
  });

  it(':text searches display and text; :of-type matches an identifier by its type and value together', async () => {
    expect(await ids('Observation?code:text=body')).toEqual(['o-ext', 'o-wt']);
    expect(await ids('Observation?code:text=logical')).toEqual(['o-ident']);
    expect(await ids(`Patient?identifier:of-type=${V2_0203}|MR|MRN-001`)).toEqual(['pj']);
    expect(await ids(`Patient?identifier:of-type=${V2_0203}|DL|MRN-001`)).toEqual(['pa']);
    // The type of one identifier and the value of another do not combine.
    expect(await ids(`Patient?identifier:of-type=${V2_0203}|DL|nope`)).toEqual([]);
  });

  it('_tag, _profile and _security are searchable on every type', async () => {
    expect(await ids('Patient?_tag=urn:tags|vip')).toEqual(['pj']);
    expect(await ids('Patient?_profile=http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient')).toEqual(['pj']);
    expect(await ids('Patient?_security=R')).toEqual(['pj']);
    expect(await ids('Patient?_security:not=R')).toEqual(['pa', 'pb', 'pz']);
  });
});

describe('date', () => {
  it('every prefix on a date, with partial dates', async () => {
    // pj 1974-12-25, pa 2020-05-02, pb 2019-12-31, pz none.
    expect(await ids('Patient?birthdate=2020')).toEqual(['pa']);
    expect(await ids('Patient?birthdate=2019-12')).toEqual(['pb']);
    expect(await ids('Patient?birthdate=eq2019-12-31')).toEqual(['pb']);
    expect(await ids('Patient?birthdate=ne2020')).toEqual(['pb', 'pj']);
    expect(await ids('Patient?birthdate=lt2000')).toEqual(['pj']);
    expect(await ids('Patient?birthdate=gt2019-12-31')).toEqual(['pa']);
    expect(await ids('Patient?birthdate=ge2019-12-31')).toEqual(['pa', 'pb']);
    expect(await ids('Patient?birthdate=le2019-12-31')).toEqual(['pb', 'pj']);
    expect(await ids('Patient?birthdate=sa2019')).toEqual(['pa']);
    expect(await ids('Patient?birthdate=eb2020')).toEqual(['pb', 'pj']);
    expect(await ids('Patient?birthdate=ap2020-05-01')).toEqual(['pa', 'pb']);
  });

  it('every prefix on dateTime and Period values', async () => {
    // o-bp 2021-03-04T10:00Z, o-bp2 2021-03-01..31, o-glu 2021, o-wt 2019-06-15, o-smoke 2019-12-31.
    expect(await ids('Observation?date=2021-03-04')).toEqual(['o-bp']);
    expect(await ids('Observation?date=2021-03')).toEqual(['o-bp', 'o-bp2']);
    expect(await ids('Observation?date=2021')).toEqual(['o-bp', 'o-bp2', 'o-glu']);
    expect(await ids('Observation?date=ne2021-03-04')).toEqual(['o-bp2', 'o-glu', 'o-smoke', 'o-wt']);
    expect(await ids('Observation?date=gt2021-03-15')).toEqual(['o-bp2', 'o-glu']);
    expect(await ids('Observation?date=lt2021-03-02')).toEqual(['o-bp2', 'o-glu', 'o-smoke', 'o-wt']);
    expect(await ids('Observation?date=ge2021-03-04')).toEqual(['o-bp', 'o-bp2', 'o-glu']);
    expect(await ids('Observation?date=le2019-12-31')).toEqual(['o-smoke', 'o-wt']);
    expect(await ids('Observation?date=sa2021-01')).toEqual(['o-bp', 'o-bp2']);
    expect(await ids('Observation?date=eb2021')).toEqual(['o-smoke', 'o-wt']);
    expect(await ids('Observation?date=ap2021-03-04')).toEqual(['o-bp', 'o-bp2', 'o-glu']);
    expect(await ids('Observation?date=ge2021-03-01&date=lt2021-03-05')).toEqual(['o-bp', 'o-bp2', 'o-glu']);
    // Periods, one of them still open.
    expect(await ids('Encounter?date=2021-03-04')).toEqual(['enc-day']);
    expect(await ids('Encounter?date=gt2030')).toEqual(['enc-open']);
    expect(await ids('Encounter?date=lt2019')).toEqual(['enc-old']);
    expect(await ids('Encounter?date=sa2020-06')).toEqual(['enc-day']);
    expect(await ids('Encounter?date=eb2020')).toEqual(['enc-old']);
    expect(await ids('Encounter?date=ap2021-03-04T10:00:00Z')).toEqual(['enc-day', 'enc-open']);
  });
});

describe('number and quantity', () => {
  it('number with every prefix and the precision of the value', async () => {
    expect(await ids('RiskAssessment?probability=0.25')).toEqual(['ra-low']);
    expect(await ids('RiskAssessment?probability=0.4')).toEqual([]);
    expect(await ids('RiskAssessment?probability=gt0.5')).toEqual(['ra-high']);
    expect(await ids('RiskAssessment?probability=lt0.5')).toEqual(['ra-low']);
    expect(await ids('RiskAssessment?probability=ge0.8')).toEqual(['ra-high']);
    expect(await ids('RiskAssessment?probability=le0.8')).toEqual(['ra-high', 'ra-low']);
    expect(await ids('RiskAssessment?probability=ne0.8')).toEqual(['ra-low']);
    expect(await ids('RiskAssessment?probability=ap0.79')).toEqual(['ra-high']);
  });

  it('quantity with prefixes, system and code, or the unit alone', async () => {
    expect(await ids('Observation?value-quantity=72.5')).toEqual(['o-wt']);
    expect(await ids('Observation?value-quantity=gt70')).toEqual(['o-ext', 'o-wt']);
    expect(await ids('Observation?value-quantity=lt10')).toEqual(['o-glu']);
    expect(await ids(`Observation?value-quantity=gt70|${UCUM}|kg`)).toEqual(['o-wt']);
    expect(await ids('Observation?value-quantity=5.4||mmol/L')).toEqual(['o-glu']);
    expect(await ids(`Observation?value-quantity=72.5|${UCUM}|g`)).toEqual([]);
  });
});

describe('reference', () => {
  it('Type/id, id, :Type, absolute urls (this server = local) and :identifier', async () => {
    expect(await ids('Observation?subject=Patient/pj')).toEqual(['o-bp', 'o-glu']);
    expect(await ids('Observation?subject=pj')).toEqual(['o-bp', 'o-glu']);
    expect(await ids('Observation?subject:Patient=pj')).toEqual(['o-bp', 'o-glu']);
    expect(await ids('Observation?patient=pj')).toEqual(['o-bp', 'o-glu']);
    expect(await ids('Observation?subject:Group=pj')).toEqual([]);
    // Written as this server's absolute url, found as the local reference, and the other way round.
    expect(await ids('Observation?subject=Patient/pa')).toEqual(['o-bp2', 'o-smoke']);
    expect(await ids(`Observation?subject=${BASE}/fhir/R4/Patient/pa`)).toEqual(['o-bp2', 'o-smoke']);
    // Another server's Patient/pa is only found by its url.
    expect(await ids('Observation?subject=http://other.example.org/fhir/Patient/pa')).toEqual(['o-ext']);
    expect(await ids('Observation?subject:identifier=urn:mrn|MRN-001')).toEqual(['o-ident']);
    expect(await ids('Observation?performer=Practitioner/dr-adams')).toEqual(['o-wt']);
  });

  it('canonical references: as written, :below and :above', async () => {
    expect(await ids('QuestionnaireResponse?questionnaire=http://example.org/Questionnaire/intake')).toEqual(['qr-intake']);
    expect(await ids('QuestionnaireResponse?questionnaire:below=http://example.org/')).toEqual(['qr-intake']);
    expect(await ids('QuestionnaireResponse?questionnaire:above=http://other.example.org/Questionnaire/x/2')).toEqual(['qr-other']);
  });
});

describe('uri', () => {
  it('exact, :below and :above', async () => {
    expect(await ids('ValueSet?url=http://example.org/fhir/ValueSet/a')).toEqual(['vs-a']);
    expect(await ids('ValueSet?url:below=http://example.org/fhir/ValueSet/a')).toEqual(['vs-a', 'vs-ab']);
    expect(await ids('ValueSet?url:above=http://example.org/fhir/ValueSet/a/b/c')).toEqual(['vs-a', 'vs-ab']);
    expect(await ids('ValueSet?url:below=http://example.org')).toEqual(['vs-a', 'vs-ab', 'vs-other']);
  });
});

describe('composite', () => {
  it('components match on the same element', async () => {
    expect(await ids(`Observation?code-value-quantity=${LOINC}|29463-7$gt70|${UCUM}|kg`)).toEqual(['o-wt']);
    expect(await ids(`Observation?code-value-quantity=${LOINC}|29463-7$lt70`)).toEqual([]);
    expect(await ids(`Observation?component-code-value-quantity=${LOINC}|8480-6$gt100`)).toEqual(['o-bp']);
    expect(await ids(`Observation?component-code-value-quantity=${LOINC}|8462-4$gt100`)).toEqual(['o-bp2']);
    expect(await ids('Observation?combo-code-value-quantity=8480-6$gt100,29463-7$gt70')).toEqual(['o-bp', 'o-wt']);
    expect(await ids('Observation?code-value-concept=72166-2$http://snomed.info/sct|449868002')).toEqual(['o-smoke']);
    expect(await ids('Observation?code-value-concept=29463-7$449868002')).toEqual([]);
  });
});

describe(':missing on every type', () => {
  it('true finds resources without a value, false those with one', async () => {
    expect(await ids('Patient?name:missing=true')).toEqual(['pz']); // string
    expect(await ids('Patient?gender:missing=true')).toEqual(['pz']); // token
    expect(await ids('Patient?birthdate:missing=false')).toEqual(['pa', 'pb', 'pj']); // date
    expect(await ids('Patient?organization:missing=true')).toEqual(['pz']); // reference
    expect(await ids('RiskAssessment?probability:missing=false')).toEqual(['ra-high', 'ra-low']); // number
    expect(await ids('Observation?value-quantity:missing=false')).toEqual(['o-ext', 'o-glu', 'o-wt']); // quantity
    expect(await ids('ValueSet?url:missing=true')).toEqual(['vs-none']); // uri
    expect(await ids('Observation?code-value-quantity:missing=false')).toEqual(['o-ext', 'o-glu', 'o-wt']); // composite
    expect(await ids('Patient?_id:missing=false&gender=female')).toEqual(['pa']);
  });
});

describe('chains', () => {
  it('one and two levels, with :Type or the type inferred from the targets', async () => {
    expect(await ids('Observation?subject:Patient.name=garcia')).toEqual(['o-bp', 'o-glu']);
    expect(await ids('Observation?patient.name=smith')).toEqual(['o-bp2', 'o-smoke', 'o-wt']);
    expect(await ids('Observation?patient.gender:not=male')).toEqual(['o-bp2', 'o-smoke']);
    expect(await ids('Observation?patient.organization.name=acme')).toEqual(['o-bp2', 'o-smoke']);
    expect(await ids('Observation?subject:Patient.organization:Organization.name=hopital')).toEqual(['o-bp', 'o-glu', 'o-wt']);
    expect(await ids('Observation?performer:Practitioner.name=adams')).toEqual(['o-wt']);
    expect(await ids('Encounter?patient._id=pb')).toEqual(['enc-old']);
  });

  it('reverse chains with _has, nested', async () => {
    expect(await ids(`Patient?_has:Observation:patient:code=${LOINC}|85354-9`)).toEqual(['pa', 'pj']);
    expect(await ids('Patient?_has:Observation:subject:value-quantity=gt70')).toEqual(['pb']);
    expect(await ids('Organization?_has:Patient:organization:_has:Observation:patient:code=72166-2')).toEqual(['org-acme']);
    expect(await ids('Organization?_has:Patient:organization:gender=male')).toEqual(['org-luc']);
    expect(await ids('Patient?_has:Observation:patient:code=29463-7&_has:Encounter:patient:status=finished')).toEqual(['pb']);
  });
});

describe('full text and lists', () => {
  it('_text searches the narrative, _content the whole resource', async () => {
    expect(await ids('Patient?_text=chess')).toEqual(['pj']);
    expect(await ids('Patient?_text=jose')).toEqual(['pj']);
    expect(await ids('Patient?_text=garcia')).toEqual([]); // the name is not in the narrative
    expect(await ids('Patient?_content=garcia')).toEqual(['pj']);
    expect(await ids('Observation?_content=anxious')).toEqual(['o-bp']);
    expect(await ids('Observation?_content=fasting,anxious')).toEqual(['o-bp', 'o-glu']);
    expect(await ids('Observation?_content="anxious before"')).toEqual(['o-bp']);
    expect(await ids('Observation?_content="before anxious"')).toEqual([]);
    expect(await ids('Observation?_content=glucose -fasting')).toEqual([]);
  });

  it('_list finds the items of a List', async () => {
    expect(await ids('Patient?_list=list-1')).toEqual(['pb', 'pj']);
    expect(await ids('Observation?_list=list-1')).toEqual([]);
  });
});

describe('index rows follow writes', () => {
  it('an update removes the old values; a delete removes the resource from results', async () => {
    const temp: Res = {
      resourceType: 'Patient',
      id: 'p-temp',
      name: [{ family: 'Oldname' }],
      birthDate: '1950-01-01',
      text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">first words</div>' },
    };
    expect((await s.fhir('PUT', 'Patient/p-temp', temp)).status).toBe(201);
    const obs = { ...bp('o-temp', 'p-temp', 150, 90, { effectiveDateTime: '2022-01-01' }) };
    expect((await s.fhir('PUT', 'Observation/o-temp', obs)).status).toBe(201);
    expect(await ids('Patient?family=oldname')).toEqual(['p-temp']);
    expect(await ids(`Observation?component-code-value-quantity=8480-6$gt140`)).toEqual(['o-temp']);

    const updated = {
      ...temp,
      name: [{ family: 'Newname' }],
      text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">other words</div>' },
    };
    expect((await s.fhir('PUT', 'Patient/p-temp', updated)).status).toBe(200);
    expect(await ids('Patient?family=oldname')).toEqual([]);
    expect(await ids('Patient?family=newname')).toEqual(['p-temp']);
    expect(await ids('Patient?_text=first')).toEqual([]);
    expect(await ids('Patient?_text=other')).toEqual(['p-temp']);
    expect(await ids('Patient?birthdate=1950')).toEqual(['p-temp']);
    expect((await s.fhir('PUT', 'Observation/o-temp', bp('o-temp', 'p-temp', 110, 70, { effectiveDateTime: '2022-01-01' }))).status).toBe(
      200,
    );
    expect(await ids(`Observation?component-code-value-quantity=8480-6$gt140`)).toEqual([]);
    expect(await ids('Observation?patient.name=newname')).toEqual(['o-temp']);

    expect((await s.fhir('DELETE', 'Patient/p-temp')).status).toBeLessThan(300);
    expect(await ids('Patient?family=newname')).toEqual([]);
    expect(await ids('Patient?_content=newname')).toEqual([]);
    // A chain through a deleted target finds nothing.
    expect(await ids('Observation?patient.name=newname')).toEqual([]);
    expect((await s.fhir('DELETE', 'Observation/o-temp')).status).toBeLessThan(300);
    expect(await ids('Observation?date=2022-01-01')).toEqual([]);
  });
});

describe('encrypted values', () => {
  it('are neither in the full text nor in :of-type rows in clear', async () => {
    const ssn = '999-55-1234';
    const secret: Res = {
      resourceType: 'Patient',
      id: 'p-secret',
      identifier: [{ system: 'http://hl7.org/fhir/sid/us-ssn', value: ssn, type: { coding: [{ system: V2_0203, code: 'SS' }] } }],
      name: [{ family: 'Hidden' }],
    };
    expect((await s.fhir('PUT', 'Patient/p-secret', secret)).status).toBe(201);
    expect(await ids('Patient?_content=hidden')).toEqual(['p-secret']);
    expect(await ids(`Patient?_content=${ssn}`)).toEqual([]);
    const text = await s.hale.db.query<{ doc: string }>(
      "SELECT doc::text AS doc FROM sp_text WHERE resource_type = 'Patient' AND resource_id = 'p-secret'",
    );
    expect(text.rows.length).toBeGreaterThan(0);
    for (const row of text.rows) expect(row.doc).not.toMatch(/999|1234/);
    const ofType = await s.hale.db.query<{ code: string }>(
      "SELECT c2_code AS code FROM sp_composite WHERE resource_type = 'Patient' AND resource_id = 'p-secret' AND param = 'identifier'",
    );
    expect(ofType.rows.length).toBe(1);
    expect(ofType.rows[0]!.code).toMatch(/^hmac:/);
    expect((await s.fhir('DELETE', 'Patient/p-secret')).status).toBeLessThan(300);
  });
});

describe('bad parameters', () => {
  it('are a 400 OperationOutcome naming the parameter and the reason', async () => {
    const cases: [string, string, RegExp][] = [
      ['Patient?foo=1', 'foo', /unknown/],
      ['Patient?family:bogus=x', 'family:bogus', /modifier/],
      ['Patient?birthdate=2020-13', 'birthdate', /not a date/],
      ['Observation?value-quantity=abc', 'value-quantity', /not a number/],
      ['Observation?code-value-quantity=8480-6', 'code-value-quantity', /\$/],
      ['Patient?identifier:of-type=urn:x|MR', 'identifier:of-type', /of-type/],
      ['Patient?gender:of-type=a|b|c', 'gender:of-type', /identifier/],
      ['Observation?subject.name=smith', 'subject.name', /subject:Patient\.name/],
      ['Observation?patient.organization.partof.name=x', 'patient.organization.partof.name', /at most 2/],
      ['Observation?status.name=x', 'status.name', /not a reference/],
      ['Observation?subject:Medication.code=x', 'subject:Medication.code', /not a target/],
      ['Patient?_has:Observation:encounter:code=x', '_has:Observation:encounter:code', /does not point at Patient/],
      ['Patient?_has:Observation:patient:nope=x', '_has:Observation:patient:nope', /nope/],
      ['Patient?_has:Nope:patient:code=x', '_has:Nope:patient:code', /not a resource type/],
      ['Patient?_list=$current-allergies', '_list', /functional/],
      ['Patient?_content=%20', '_content', /no word/],
      ['Bundle?_text=x', '_text', /unknown/],
    ];
    for (const [query, field, reason] of cases) {
      const r = await rejected(query);
      expect(r.fields, query).toContain(field);
      expect(r.text, query).toMatch(reason);
    }
  });

  it('are left out under Prefer: handling=lenient, the others still apply', async () => {
    const r = await search('Patient?foo=1&gender=female&subject.name=x', { prefer: 'handling=lenient' });
    expect(r.status).toBe(200);
    const found = (r.body.entry as { resource: Res; search?: { mode?: string } }[])
      .filter((e) => e.search?.mode !== 'outcome')
      .map((e) => e.resource.id);
    expect(found).toEqual(['pa']);
    const self = (r.body.link as { relation: string; url: string }[]).find((l) => l.relation === 'self')!.url;
    expect(self).toContain('gender=female');
    expect(self).not.toContain('foo');
    expect(self).not.toContain('subject.name');
    // The client is told what was left out, and why.
    const outcome = (r.body.entry as { resource: any; search?: { mode?: string } }[]).find((e) => e.search?.mode === 'outcome');
    const issues = outcome!.resource.issue as { severity: string; expression: string[]; diagnostics: string }[];
    expect(issues.map((i) => i.expression[0]).sort()).toEqual(['foo', 'subject.name']);
    expect(issues.every((i) => i.severity === 'warning')).toBe(true);
  });
});

describe('chains and _has under the access policy', () => {
  const PASSWORD = 'a long and unusual passphrase 7';
  let token = '';
  const as = (path: string) => call(s.url, 'GET', `/fhir/R4/${path}`, token);
  const asIds = async (path: string) => {
    const r = await as(path);
    expect(r.status, path).toBe(200);
    return ((r.body.entry ?? []) as { resource: Res }[]).map((e) => e.resource.id).sort();
  };

  beforeAll(async () => {
    await createUser(s.hale.db, { username: 'jose', roles: ['patient'], password: PASSWORD, patientId: 'pj' }, false);
    const r = await login(s.url, 'jose', PASSWORD);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    token = r.body.accessToken;
  });

  it('a patient learns nothing about another patient through them', async () => {
    // Observations of Smiths exist, but none is José's.
    expect(await asIds('Observation?patient.name=smith')).toEqual([]);
    expect(await asIds('Observation?patient.name=garcia')).toEqual(['o-bp', 'o-glu']);
    // Anna also has a blood pressure: only José himself is answered.
    expect(await asIds(`Patient?_has:Observation:patient:code=${LOINC}|85354-9`)).toEqual(['pj']);
    expect(await asIds('Patient?_has:Observation:patient:code=72166-2')).toEqual([]);
    expect((await as('Patient?_has:Observation:patient:code=72166-2&_total=accurate')).body.total).toBe(0);
    expect(await asIds('Encounter?patient.organization.name=acme')).toEqual([]);
  });
});

/** The R4 spec's example searches (search.html and each resource's page) on real Synthea patients. */
describe.runIf(hasSharedData('synthea', 'bundles'))('R4 example searches on Synthea data', () => {
  const FILES = ['8a4c9c04-1524-9f1c-d65b-9b17e4520fef.json.gz', '6c8f3e83-c351-ed33-c38d-6be101c275d2.json.gz'];
  const loaded: Res[] = [];
  const of = (type: string) => loaded.filter((r) => r.resourceType === type);
  const refTo = (ref: unknown, type: string, id: string) =>
    typeof (ref as { reference?: string })?.reference === 'string' && (ref as { reference: string }).reference === `${type}/${id}`;
  const hasCode = (cc: unknown, system: string, code: string) =>
    ((cc as { coding?: { system?: string; code?: string }[] })?.coding ?? []).some((c) => c.system === system && c.code === code);
  let patient: Res;

  beforeAll(async () => {
    const read = (f: string) => JSON.parse(gunzipSync(readFileSync(sharedDataPath('synthea', 'bundles', f))).toString('utf8'));
    for (const f of ['0-hospitalInformation1625911868739.json.gz', '0-practitionerInformation1625911868739.json.gz']) {
      const r = await s.fhir('POST', '', read(f));
      expect(r.status).toBe(200);
    }
    for (const f of FILES) {
      const bundle = read(f) as { entry: { fullUrl: string; resource: Res; request: { method: string; url: string } }[] };
      // Keep Synthea's ids (PUT by id, as `hale import` does), so expectations can name them.
      for (const e of bundle.entry) e.request = { method: 'PUT', url: `${e.resource.resourceType}/${e.resource.id}` };
      const r = await s.fhir('POST', '', bundle);
      expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(200);
      // The references as stored: urn:uuid: rewritten to Type/id by the transaction.
      const ids = bundle.entry.map((e) => `${e.resource.resourceType}/${e.resource.id}`);
      const stored = await s.fhir('POST', '', {
        resourceType: 'Bundle',
        type: 'batch',
        entry: ids.map((url) => ({ request: { method: 'GET', url } })),
      });
      for (const e of stored.body.entry as { resource: Res }[]) loaded.push(e.resource);
    }
    patient = of('Patient')[1]!;
    // Synthea writes no appointments: book two for the patient, one with a practitioner.
    const practitioner = of('Encounter')
      .flatMap((e) => (e.participant as { individual?: { reference?: string } }[] | undefined) ?? [])
      .map((p) => p.individual?.reference)
      .find((r) => r?.startsWith('Practitioner/'))!;
    const appointments: Res[] = [
      {
        resourceType: 'Appointment',
        id: 'appt-1',
        status: 'booked',
        start: '2021-06-01T09:00:00Z',
        end: '2021-06-01T09:30:00Z',
        participant: [
          { actor: { reference: `Patient/${patient.id}` }, status: 'accepted' },
          { actor: { reference: practitioner }, status: 'accepted' },
        ],
      },
      {
        resourceType: 'Appointment',
        id: 'appt-2',
        status: 'proposed',
        start: '2021-07-01T09:00:00Z',
        end: '2021-07-01T09:30:00Z',
        participant: [{ actor: { reference: `Patient/${patient.id}` }, status: 'needs-action' }],
      },
    ];
    expect((await s.fhir('POST', '', transaction(appointments))).status).toBe(200);
    loaded.push(...appointments);
  }, 120_000);

  it('Patient: by name, gender, birthdate and identifier', async () => {
    const p = patient as Res & {
      name: { family: string; given: string[] }[];
      gender: string;
      birthDate: string;
      identifier: { system: string; value: string }[];
    };
    const family = p.name[0]!.family;
    const fam = (r: Res) => ((r.name as { family?: string }[]) ?? []).some((n) => n.family?.toLowerCase().startsWith(family.toLowerCase()));
    expect(await ids(`Patient?family=${encodeURIComponent(family)}`)).toEqual(
      expect.arrayContaining(
        of('Patient')
          .filter(fam)
          .map((r) => r.id),
      ),
    );
    expect(await ids(`Patient?family=${encodeURIComponent(family)}&gender=${p.gender}&birthdate=${p.birthDate}`)).toEqual([p.id]);
    const mrn = p.identifier.find((i) => i.system === 'https://github.com/synthetichealth/synthea')!;
    expect(await ids(`Patient?identifier=${encodeURIComponent(`${mrn.system}|${mrn.value}`)}`)).toEqual([p.id]);
  });

  it('Observation: by patient and code, code and value, and category with date', async () => {
    const obs = of('Observation') as (Res & {
      code: unknown;
      subject: unknown;
      valueQuantity?: { value: number };
      effectiveDateTime?: string;
      category?: unknown[];
    })[];
    const bmi = obs.filter((o) => hasCode(o.code, LOINC, '39156-5'));
    expect(bmi.length).toBeGreaterThan(0);
    const expected = bmi
      .filter((o) => refTo(o.subject, 'Patient', patient.id))
      .map((o) => o.id)
      .sort();
    expect(await ids(`Observation?patient=${patient.id}&code=${LOINC}|39156-5`)).toEqual(expected);
    const threshold = 25;
    expect(await ids(`Observation?code-value-quantity=${LOINC}|39156-5$gt${threshold}`)).toEqual(
      bmi
        .filter((o) => o.valueQuantity!.value > threshold)
        .map((o) => o.id)
        .sort(),
    );
    const vitals = obs
      .filter((o) =>
        (o.category ?? []).some((c) => hasCode(c, 'http://terminology.hl7.org/CodeSystem/observation-category', 'vital-signs')),
      )
      .filter((o) => refTo(o.subject, 'Patient', patient.id) && o.effectiveDateTime! >= '2015')
      .map((o) => o.id)
      .sort();
    expect(await ids(`Observation?subject=Patient/${patient.id}&category=vital-signs&date=ge2015`)).toEqual(vitals);
  });

  it('Encounter, Condition, MedicationRequest, Claim and Appointment by patient with their own parameters', async () => {
    const encounters = of('Encounter') as (Res & { subject: unknown; period: { start: string }; class: { code: string } })[];
    expect(await ids(`Encounter?patient=${patient.id}&date=ge2010-01-01`)).toEqual(
      encounters
        .filter((e) => refTo(e.subject, 'Patient', patient.id) && e.period.start >= '2010')
        .map((e) => e.id)
        .sort(),
    );
    expect(await ids(`Encounter?class=AMB&subject=Patient/${patient.id}`)).toEqual(
      encounters
        .filter((e) => refTo(e.subject, 'Patient', patient.id) && e.class.code === 'AMB')
        .map((e) => e.id)
        .sort(),
    );
    const conditions = of('Condition') as (Res & { subject: unknown; clinicalStatus: unknown })[];
    expect(await ids(`Condition?patient=${patient.id}&clinical-status=active`)).toEqual(
      conditions
        .filter(
          (c) =>
            refTo(c.subject, 'Patient', patient.id) &&
            hasCode(c.clinicalStatus, 'http://terminology.hl7.org/CodeSystem/condition-clinical', 'active'),
        )
        .map((c) => c.id)
        .sort(),
    );
    const meds = of('MedicationRequest') as (Res & { subject: unknown; status: string })[];
    expect(await ids(`MedicationRequest?patient=${patient.id}&status=active,stopped`)).toEqual(
      meds
        .filter((m) => refTo(m.subject, 'Patient', patient.id) && ['active', 'stopped'].includes(m.status))
        .map((m) => m.id)
        .sort(),
    );
    const claims = of('Claim') as (Res & { patient: unknown; use: string; created: string })[];
    expect(await ids(`Claim?patient=${patient.id}&use=claim&created=ge2018`)).toEqual(
      claims
        .filter((c) => refTo(c.patient, 'Patient', patient.id) && c.use === 'claim' && c.created >= '2018')
        .map((c) => c.id)
        .sort(),
    );
    expect(await ids(`Appointment?patient=${patient.id}&date=2021-06-01`)).toEqual(['appt-1']);
    expect(await ids(`Appointment?actor:Practitioner.name:missing=false&status=booked`)).toEqual(['appt-1']);
    // Reverse: the patients with an encounter of a kind, found from the encounters.
    const withAmb = [
      ...new Set(
        encounters.filter((e) => e.class.code === 'AMB').map((e) => (e.subject as { reference: string }).reference.split('/')[1]!),
      ),
    ];
    // pj and pb: the fixtures' ambulatory encounters.
    expect(await ids('Patient?_has:Encounter:patient:class=AMB')).toEqual([...withAmb, 'pb', 'pj'].sort());
  });
});
