/**
 * HTTP load: seeding over fetch, then fixed-duration autocannon runs. Both servers get the
 * same payload, the same connections and the same duration, back to back, so the noise
 * of the shared machine falls on both sides of each ratio.
 */
import autocannon from 'autocannon';

/** A realistic Patient (the shape Synthea and registration desks produce), sent to both servers. */
export const PATIENT = {
  resourceType: 'Patient',
  extension: [
    { url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex', valueCode: 'F' },
    { url: 'http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName', valueString: 'Okafor' },
  ],
  identifier: [
    {
      use: 'usual',
      type: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR', display: 'Medical Record Number' }],
        text: 'Medical Record Number',
      },
      system: 'http://hospital.example.org/mrn',
      value: 'MRN-0048213',
    },
    {
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'SS', display: 'Social Security Number' }] },
      system: 'http://hl7.org/fhir/sid/us-ssn',
      value: '999-41-7795',
    },
  ],
  active: true,
  name: [
    { use: 'official', family: 'Adeyemi', given: ['Grace', 'Ifeoma'], prefix: ['Mrs.'] },
    { use: 'maiden', family: 'Okafor', given: ['Grace'] },
  ],
  telecom: [
    { system: 'phone', value: '555-201-4478', use: 'home' },
    { system: 'phone', value: '555-309-1120', use: 'mobile', rank: 1 },
    { system: 'email', value: 'grace.adeyemi@example.org' },
  ],
  gender: 'female',
  birthDate: '1968-04-17',
  deceasedBoolean: false,
  address: [
    {
      use: 'home',
      line: ['1142 Larkspur Avenue', 'Apt 3B'],
      city: 'Springfield',
      district: 'Hampden',
      state: 'MA',
      postalCode: '01103',
      country: 'US',
      period: { start: '2009-06-01' },
    },
  ],
  maritalStatus: {
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: 'M', display: 'Married' }],
    text: 'Married',
  },
  multipleBirthBoolean: false,
  contact: [
    {
      relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0131', code: 'N', display: 'Next-of-Kin' }] }],
      name: { family: 'Adeyemi', given: ['Tunde'] },
      telecom: [{ system: 'phone', value: '555-309-7781', use: 'mobile' }],
    },
  ],
  communication: [
    { language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'en-US', display: 'English (United States)' }] }, preferred: true },
  ],
};
export const PATIENT_JSON = JSON.stringify(PATIENT);

/** How one server is driven: where reads and creates go, and with which headers. */
export interface Target {
  url: string;
  readPath(id: string): string;
  createPath: string;
  createHeaders: Record<string, string>;
  readHeaders?: Record<string, string>;
}

export const haleTarget = (url: string, token: string): Target => ({
  url,
  readPath: (id) => `/fhir/R4/Patient/${id}`,
  createPath: '/fhir/R4/Patient',
  createHeaders: {
    'content-type': 'application/fhir+json',
    accept: 'application/fhir+json',
    prefer: 'return=minimal',
    authorization: `Bearer ${token}`,
  },
  readHeaders: { authorization: `Bearer ${token}` },
});

export const baselineTarget = (url: string): Target => ({
  url,
  readPath: (id) => `/read/${id}`,
  createPath: '/insert',
  createHeaders: { 'content-type': 'application/fhir+json' },
});

/** Creates `count` Patients (8 at a time) and returns their ids, taken from the Location header. */
export async function seed(t: Target, count: number): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const res = await fetch(t.url + t.createPath, { method: 'POST', headers: t.createHeaders, body: PATIENT_JSON });
      const text = await res.text();
      const id = /(?:Patient|read)\/([^/?]+)/.exec(res.headers.get('location') ?? '')?.[1];
      if (res.status !== 201 || !id)
        throw new Error(
          `seeding ${t.url + t.createPath}: answered ${res.status} (Location ${res.headers.get('location')}): ${text.slice(0, 500)}`,
        );
      ids.push(id);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return ids;
}

export interface LoadResult {
  reqPerS: number;
  /** requests answered in the run */
  requests: number;
  p50Ms: number;
  p99Ms: number;
  /** non-2xx answers plus connection errors and timeouts: must be 0 for the figure to count */
  failures: number;
  statusCodes: string;
}

async function cannon(opts: autocannon.Options): Promise<LoadResult> {
  const r = await autocannon({ timeout: 30, ...opts });
  const failures = r.non2xx + r.errors + r.timeouts;
  return {
    reqPerS: r.requests.total / r.duration,
    requests: r.requests.total,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    failures,
    statusCodes: Object.entries(r.statusCodeStats ?? {})
      .map(([code, s]) => `${code}×${s.count}`)
      .join(' '),
  };
}

/** GETs by a random seeded id per request, for a fixed duration. */
export function readLoad(t: Target, ids: string[], connections: number, durationS: number): Promise<LoadResult> {
  return cannon({
    url: t.url,
    connections,
    duration: durationS,
    ...(t.readHeaders ? { headers: t.readHeaders } : {}),
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: t.readPath(ids[Math.floor(Math.random() * ids.length)]!) }) }],
  });
}

/** POSTs the Patient for a fixed duration. */
export function createLoad(t: Target, connections: number, durationS: number): Promise<LoadResult> {
  // autocannon takes the path of plain (non-`requests`) runs from the url.
  return cannon({
    url: t.url + t.createPath,
    connections,
    duration: durationS,
    method: 'POST',
    headers: t.createHeaders,
    body: PATIENT_JSON,
  });
}
