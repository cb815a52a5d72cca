/**
 * Patient lookup for people: the box's text understood (lookup-query.ts), the ranked
 * search run by the store with the caller's context (access policy and audit apply
 * there), and the results as list summaries.
 */
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { parseLookupRequest } from './lookup-query.ts';
import { patientSummary, type PatientSummary } from './patient-summary.ts';

export interface PatientLookupResponse {
  /** How the text was understood, so a screen can say "searching for 12 March or 3 December 1984". */
  understood: { names: string[]; birthDates: string[]; birthYears: number[]; phones: string[]; identifiers: string[] };
  results: PatientSummary[];
}

export async function lookupPatients(repo: FhirRepository, query: Record<string, unknown>): Promise<PatientLookupResponse> {
  const { terms, limit } = parseLookupRequest(query);
  const found = await repo.lookupPatients(terms, limit);
  const { names, birthDates, birthYears, phones, identifiers } = terms;
  return { understood: { names, birthDates, birthYears, phones, identifiers }, results: found.map(patientSummary) };
}
