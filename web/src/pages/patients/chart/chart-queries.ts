/**
 * The chart's queries, under one key per patient: after any change to the record (a status,
 * a merge, a new relative or document) one invalidation of ['patient', id] refreshes every
 * tab, and the banner with them.
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  getChanges,
  getChartSummary,
  getRegistrationView,
  listAccounts,
  listDocuments,
  listRelatedPersons,
  readPatient,
  readPractitioner,
} from './chart-api.ts';

export const patientKey = (id: string) => ['patient', id] as const;

export const useChartSummary = (id: string) =>
  useQuery({ queryKey: [...patientKey(id), 'chart-summary'], queryFn: ({ signal }) => getChartSummary(id, signal) });

export const useRegistration = (id: string, enabled = true) =>
  useQuery({ queryKey: [...patientKey(id), 'registration'], queryFn: ({ signal }) => getRegistrationView(id, signal), enabled });

export const useChanges = (id: string, page: { limit: number; offset: number }) =>
  useQuery({
    queryKey: [...patientKey(id), 'changes', page.limit, page.offset],
    queryFn: ({ signal }) => getChanges(id, page, signal),
    // The previous page stays on screen while the next loads, so the pager does not jump.
    placeholderData: keepPreviousData,
  });

export const useDocuments = (id: string) =>
  useQuery({ queryKey: [...patientKey(id), 'documents'], queryFn: ({ signal }) => listDocuments(id, signal) });

export const useRelatedPersons = (id: string) =>
  useQuery({ queryKey: [...patientKey(id), 'related-persons'], queryFn: ({ signal }) => listRelatedPersons(id, signal) });

/** Another patient's name, for "merged into …": a plain FHIR read, cached a while since names rarely change. */
export const useOtherPatient = (id: string | undefined) =>
  useQuery({ queryKey: ['patient', id, 'fhir'], queryFn: ({ signal }) => readPatient(id!, signal), enabled: !!id, staleTime: 5 * 60_000 });

export const usePractitioner = (id: string | undefined) =>
  useQuery({
    queryKey: ['practitioner', id],
    queryFn: ({ signal }) => readPractitioner(id!, signal),
    enabled: !!id,
    staleTime: 10 * 60_000,
  });

export const useAccounts = (enabled: boolean) =>
  useQuery({ queryKey: ['admin', 'users'], queryFn: ({ signal }) => listAccounts(signal), enabled, staleTime: 60_000 });

/** Refreshes everything shown of a patient (and the lists that show patients). */
export function useRefreshPatient() {
  const client = useQueryClient();
  return (id: string) =>
    Promise.all([client.invalidateQueries({ queryKey: patientKey(id) }), client.invalidateQueries({ queryKey: ['patients'] })]).then(
      () => undefined,
    );
}
