/** The patient administration calls of /api/v1/patients (docs/patient-administration.md). */
import { api } from '../../api/http.ts';
import type { Registration, PartialRegistration } from '../../../../src/modules/patients/registration-types.ts';
import type { PatientSummary } from '../../../../src/modules/patients/patient-summary.ts';
import type { DuplicateCandidate } from '../../../../src/modules/patients/find-duplicates.ts';
import type { RegistrationView } from '../../../../src/modules/patients/registration-from-fhir.ts';

export type { Registration, PartialRegistration, PatientSummary, DuplicateCandidate, RegistrationView };

export interface LookupResponse {
  understood: { names: string[]; birthDates: string[]; birthYears: number[]; phones: string[]; identifiers: string[] };
  results: PatientSummary[];
}

export const lookupPatients = (q: string, signal?: AbortSignal, limit = 20) =>
  api<LookupResponse>(`/api/v1/patients/search?${new URLSearchParams({ q, limit: String(limit) })}`, { signal });

export const registerPatient = (body: Registration) => api<{ id: string; mrn: string }>('/api/v1/patients', { method: 'POST', body });

export const updatePatient = (id: string, body: Registration) =>
  api<{ id: string; mrn?: string }>(`/api/v1/patients/${encodeURIComponent(id)}`, { method: 'PUT', body });

export const getRegistration = (id: string, signal?: AbortSignal) =>
  api<RegistrationView>(`/api/v1/patients/${encodeURIComponent(id)}/registration`, { signal });

export const findDuplicates = (body: PartialRegistration, signal?: AbortSignal, excludeId?: string) =>
  api<{ candidates: DuplicateCandidate[] }>(
    `/api/v1/patients/duplicates${excludeId ? `?excludeId=${encodeURIComponent(excludeId)}` : ''}`,
    {
      method: 'POST',
      body,
      signal,
    },
  );
