/**
 * The queries of the search benchmark, as the issue lists them, each a path made fresh
 * for every request from real loaded values (samples.ts). Targets are p95 at
 * concurrency 1: on PostgreSQL at 100,000 patients as stated; on the embedded engine at
 * 10,000 patients, 100 ms for the searches.
 */
import type { Engine } from '../run.ts';
import { Random } from '../../src/demo/random.ts';
import type { SampledPatient, Samples } from './samples.ts';

export interface Scenario {
  name: string;
  /** Who asks: the administrator (every patient) or a doctor scoped to their care relationships. */
  as: 'admin' | 'clinician';
  path(): string;
  /** p95 at c=1, in ms, per engine; undefined: no target stated. */
  targetMs?: Record<Engine, number>;
  /** A searchset answer must have at least one entry (the value came from the loaded data). */
  expectsMatches: boolean;
}

const DAY = 86_400_000;
const SEARCH_TARGET = { postgres: 50, pglite: 100 };
const LOINC = 'http://loinc.org';
const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';

const q = encodeURIComponent;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** One edit a person typing a name makes: a dropped, doubled or swapped letter. */
function typo(rnd: Random, word: string): string {
  const chars = [...word];
  if (chars.length < 4) return word;
  const i = rnd.int(1, chars.length - 2);
  switch (rnd.int(0, 2)) {
    case 0:
      chars.splice(i, 1);
      break;
    case 1:
      chars.splice(i, 0, chars[i]!);
      break;
    default:
      [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
  }
  return chars.join('');
}

export function scenarios(s: Samples, clinicianPatients: SampledPatient[]): Scenario[] {
  const rnd = new Random(7, s.patients.length);
  const pick = <T>(xs: readonly T[]) => xs[rnd.int(0, xs.length - 1)]!;
  const withObs = s.patients.filter((p) => p.observations.length > 0);
  const withConditions = s.patients.filter((p) => p.conditionCodes.length > 0);
  const withEncounters = s.patients.filter((p) => p.encounterDates.length > 0);
  const prefix = (p: SampledPatient) => [...p.family].slice(0, 3).join('');
  const everything = s.heavy.length ? s.heavy : [...s.patients].sort((a, b) => b.resources - a.resources).slice(0, 3);
  const mine = clinicianPatients.filter((p) => p.observations.length > 0);
  const mineWithObs = mine.length ? mine : withObs;
  const observationPath = (p: SampledPatient) => {
    const o = pick(p.observations);
    const t = Date.parse(o.date);
    return `/fhir/R4/Observation?patient=Patient/${p.id}&code=${q(`${LOINC}|${o.code}`)}&date=ge${day(t - 365 * DAY)}&date=le${day(t + 365 * DAY)}&_sort=-date`;
  };

  return [
    {
      name: 'Patient?family= (3-letter prefix)',
      as: 'admin',
      path: () => `/fhir/R4/Patient?family=${q(prefix(pick(s.patients)))}`,
      targetMs: SEARCH_TARGET,
      expectsMatches: true,
    },
    {
      name: 'Patient?birthdate= (31-day range)',
      as: 'admin',
      path: () => {
        const b = Date.parse(pick(s.patients).birthDate);
        return `/fhir/R4/Patient?birthdate=ge${day(b - 15 * DAY)}&birthdate=le${day(b + 15 * DAY)}`;
      },
      targetMs: SEARCH_TARGET,
      expectsMatches: true,
    },
    {
      name: 'Patient?identifier= (MRN, national id, licence)',
      as: 'admin',
      path: () => {
        const id = pick(pick(s.patients).identifiers);
        return `/fhir/R4/Patient?identifier=${q(`${id.system}|${id.value}`)}`;
      },
      targetMs: SEARCH_TARGET,
      expectsMatches: true,
    },
    {
      name: 'Observation?patient=&code=&date= (2-year range) &_sort=-date',
      as: 'admin',
      path: () => observationPath(pick(withObs)),
      targetMs: { postgres: 30, pglite: 100 },
      expectsMatches: true,
    },
    {
      name: 'Condition?code=',
      as: 'admin',
      path: () => `/fhir/R4/Condition?code=${q(`${ICD10}|${pick(pick(withConditions).conditionCodes)}`)}`,
      targetMs: SEARCH_TARGET,
      expectsMatches: true,
    },
    {
      name: 'Encounter?date= (a day) &_include=Encounter:patient',
      as: 'admin',
      path: () => `/fhir/R4/Encounter?date=${pick(pick(withEncounters).encounterDates)}&_include=Encounter:patient`,
      targetMs: SEARCH_TARGET,
      expectsMatches: true,
    },
    {
      name: `Patient/$everything, the whole record in one page (${Math.min(...everything.map((p) => p.resources))}+ resources)`,
      as: 'admin',
      path: () => `/fhir/R4/Patient/${pick(everything).id}/$everything?_count=1000`,
      targetMs: { postgres: 300, pglite: 300 },
      expectsMatches: true,
    },
    {
      name: 'Patient?family=&_total=accurate',
      as: 'admin',
      path: () => `/fhir/R4/Patient?family=${q(prefix(pick(s.patients)))}&_total=accurate`,
      expectsMatches: true,
    },
    {
      name: 'Observation?code=&_total=accurate',
      as: 'admin',
      path: () => `/fhir/R4/Observation?code=${q(`${LOINC}|${pick(pick(withObs).observations).code}`)}&_total=accurate`,
      expectsMatches: true,
    },
    {
      // A hospital-wide worklist: every result of one code, newest first, no patient named.
      // The page comes from a walk of the date index (sort-walk.ts), not a sort of every match.
      name: 'Observation?code=&_sort=-date (hospital-wide, newest first)',
      as: 'admin',
      path: () => `/fhir/R4/Observation?code=${q(`${LOINC}|${pick(pick(withObs).observations).code}`)}&_sort=-date`,
      expectsMatches: true,
    },
    {
      name: 'Encounter?_sort=-date (every encounter, newest first)',
      as: 'admin',
      path: () => '/fhir/R4/Encounter?_sort=-date',
      expectsMatches: true,
    },
    {
      name: 'Patient?_sort=family (every patient, by family name)',
      as: 'admin',
      path: () => '/fhir/R4/Patient?_sort=family',
      expectsMatches: true,
    },
    {
      name: 'fuzzy lookup /api/v1/patients/search?q= (name with a typo)',
      as: 'admin',
      path: () => {
        const p = pick(s.patients);
        return `/api/v1/patients/search?q=${q(`${p.given} ${typo(rnd, p.family)}`)}`;
      },
      targetMs: SEARCH_TARGET,
      expectsMatches: false,
    },
    {
      // The same query as the administrator's above, on the doctor's own patients: the
      // answers are the same rows, so the difference is the care-relationship check.
      name: 'Observation?patient=&code=&date= as a doctor (care-relationship scope)',
      as: 'clinician',
      path: () => observationPath(pick(mineWithObs)),
      targetMs: { postgres: 30, pglite: 100 },
      expectsMatches: clinicianPatients.length > 0,
    },
    {
      // No patient named: the code matches across the hospital, and the doctor sees only their
      // own patients' rows, newest first. Starts from the doctor's patients (access-scope.ts).
      name: 'Observation?code=&date= (a year) &_sort=-date as a doctor, no patient named',
      as: 'clinician',
      path: () => {
        const o = pick(pick(mineWithObs).observations);
        return `/fhir/R4/Observation?code=${q(`${LOINC}|${o.code}`)}&date=ge${day(Date.parse(o.date) - 365 * DAY)}&_sort=-date`;
      },
      expectsMatches: clinicianPatients.length > 0,
    },
  ];
}
