/**
 * The calls the patient chart makes (docs/patient-administration.md). The shapes are the
 * server's own types, imported as types only, so a change on the server shows up here as a
 * type error instead of a blank field.
 */
import type { Patient, Practitioner, Provenance } from '@medplum/fhirtypes';
import { api } from '../../../api/http.ts';
import { fhirRead, fhirSearch } from '../../../api/fhir.ts';
import type { ChartSummary } from '../../../../../src/modules/patients/chart-summary.ts';
import type { getRegistration } from '../../../../../src/modules/patients/get-registration.ts';
import type { PatientVersionChange } from '../../../../../src/modules/patients/patient-changes.ts';
import type { MergeResult } from '../../../../../src/modules/patients/merge-patients.ts';
import type { UndoResult } from '../../../../../src/modules/patients/undo-merge.ts';
import type { RelatedPersonView } from '../../../../../src/modules/patients/related-persons.ts';
import type { PortalAccessResult } from '../../../../../src/modules/patients/portal-access.ts';
import type { DocumentSummary } from '../../../../../src/modules/patients/upload-document.ts';
import type { NewRelatedPerson } from '../../../../../src/modules/patients/registration-types.ts';
import type { PatientSummary } from '../../../../../src/modules/patients/patient-summary.ts';
import type { PublicUser } from '../../../../../src/access/user-row.ts';

export type {
  PatientSummary,
  ChartSummary,
  PatientVersionChange,
  MergeResult,
  UndoResult,
  RelatedPersonView,
  PortalAccessResult,
  DocumentSummary,
  NewRelatedPerson,
  PublicUser,
};

/** What GET /registration answers: the form, less the sections the role may not read (listed in `restricted`). */
export type RegistrationRead = Awaited<ReturnType<typeof getRegistration>>;

export interface ChangesPage {
  patientId: string;
  total: number;
  versions: PatientVersionChange[];
}

const patientPath = (id: string) => `/api/v1/patients/${encodeURIComponent(id)}`;

export const getChartSummary = (id: string, signal?: AbortSignal) => api<ChartSummary>(`${patientPath(id)}/chart-summary`, { signal });

export const getRegistrationView = (id: string, signal?: AbortSignal) =>
  api<RegistrationRead>(`${patientPath(id)}/registration`, { signal });

export const getChanges = (id: string, page: { limit: number; offset: number }, signal?: AbortSignal) =>
  api<ChangesPage>(`${patientPath(id)}/changes?${new URLSearchParams({ limit: String(page.limit), offset: String(page.offset) })}`, {
    signal,
  });

export const deactivatePatient = (id: string, reason: string) =>
  api<{ patient: Patient }>(`${patientPath(id)}/deactivate`, { method: 'POST', body: { reason } });

/** Emergency access (break-glass): the record opens for a limited time, and the access is reviewed. */
export const requestEmergencyAccess = (patientId: string, reason: string) =>
  api<{ id: string; expiresAt: string }>('/api/v1/break-glass', { method: 'POST', body: { patientId, reason } });

export const reactivatePatient = (id: string) => api<{ patient: Patient }>(`${patientPath(id)}/reactivate`, { method: 'POST', body: {} });

/** Recording a death cancels the patient's open appointments from then on and closes the record's portal accounts; the answer lists both. */
export const markDeceased = (id: string, dateTime: string) =>
  api<{ patient: Patient; cancelledAppointments: { id: string; start?: string }[]; closedPortalAccounts: string[] }>(
    `${patientPath(id)}/deceased`,
    {
      method: 'POST',
      body: { dateTime },
    },
  );

export const mergePatients = (body: { sourceId: string; targetId: string; reason: string }) =>
  api<MergeResult>('/api/v1/patients/merge', { method: 'POST', body });

export const undoMerge = (mergeId: string) =>
  api<UndoResult>(`/api/v1/patients/merge/${encodeURIComponent(mergeId)}/undo`, { method: 'POST', body: {} });

export const listRelatedPersons = (id: string, signal?: AbortSignal) =>
  api<{ relatedPersons: RelatedPersonView[] }>(`${patientPath(id)}/related-persons`, { signal });

export const addRelatedPerson = (id: string, body: NewRelatedPerson) =>
  api<RelatedPersonView>(`${patientPath(id)}/related-persons`, { method: 'POST', body });

export const grantPortalAccess = (id: string, relatedPersonId: string, body: { username: string; email?: string }) =>
  api<PortalAccessResult>(`${patientPath(id)}/related-persons/${encodeURIComponent(relatedPersonId)}/portal-access`, {
    method: 'POST',
    body,
  });

export const listDocuments = (id: string, signal?: AbortSignal) =>
  api<{ documents: DocumentSummary[] }>(`${patientPath(id)}/documents`, { signal });

export const documentUploadUrl = (id: string) => `${patientPath(id)}/documents`;

/** Where the browser reads a document's bytes: shown inline, or saved with ?download=1. */
export const documentContentUrl = (documentId: string, download = false) =>
  `/api/v1/documents/${encodeURIComponent(documentId)}/content${download ? '?download=1' : ''}`;

/** Accounts, for administrators: the only way the app can tell today which family members have portal access. */
export const listAccounts = (signal?: AbortSignal) => api<{ users: PublicUser[] }>('/api/v1/admin/users', { signal });

export const readPatient = (id: string, signal?: AbortSignal) => fhirRead<Patient>('Patient', id, signal);

export const readPractitioner = (id: string, signal?: AbortSignal) => fhirRead<Practitioner>('Practitioner', id, signal);

const MERGE_CODE = { system: 'http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle', code: 'merge' };
const UNMERGE_CODE = { ...MERGE_CODE, code: 'unmerge' };

const isActivity = (p: Provenance, code: { system: string; code: string }) =>
  p.activity?.coding?.some((c) => c.system === code.system && c.code === code.code) ?? false;

/** `Patient/abc/_history/3` -> abc. */
const patientIdOf = (reference: string | undefined) => /^Patient\/([^/]+)/.exec(reference ?? '')?.[1];

/**
 * The merge that folded this record into `targetId`, found from the merge's Provenance (the
 * chart summary names the survivor but not the merge). The newest merge of this pair that no
 * `unmerge` Provenance names is the one in force.
 */
export async function findMergeRecord(
  sourceId: string,
  targetId: string,
  signal?: AbortSignal,
): Promise<{ mergeId: string; recorded?: string; reason?: string } | undefined> {
  const { matches } = await fhirSearch<Provenance>('Provenance', { entity: `Patient/${sourceId}`, _count: '50' }, signal);
  const merges = matches
    .filter((p) => isActivity(p, MERGE_CODE))
    .filter((p) => patientIdOf(p.entity?.find((e) => e.role === 'source')?.what.reference) === sourceId)
    .filter((p) => patientIdOf(p.entity?.find((e) => e.role === 'revision')?.what.reference) === targetId)
    .sort((a, b) => (b.recorded ?? '').localeCompare(a.recorded ?? ''));
  for (const merge of merges) {
    const undos = await fhirSearch<Provenance>('Provenance', { entity: `Provenance/${merge.id}` }, signal);
    if (undos.matches.some((p) => isActivity(p, UNMERGE_CODE))) continue;
    return {
      mergeId: merge.id!,
      ...(merge.recorded ? { recorded: merge.recorded } : {}),
      ...(merge.reason?.[0]?.text ? { reason: merge.reason[0].text } : {}),
    };
  }
  return undefined;
}
