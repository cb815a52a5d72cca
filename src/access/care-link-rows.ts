/**
 * The care relationships a resource records, as rows of `hale_care_link` (migration 0020):
 * one row per (practitioner or organization, patient) pair the resource links. A clinician's
 * access check is then one index probe, "is there a link between me and this patient of a
 * kind this server counts", instead of joining the reference index twice per kind of link,
 * and "my patients" is one index range.
 *
 * The rows are derived from the resource's own reference index rows, and written, replaced
 * and deleted with them (write-index.ts), so they exist exactly while the resource's current
 * version is live, as the index rows themselves do.
 *
 * Kinds (HALE_CARE_RELATIONSHIP):
 * - care-team: a CareTeam naming both (subject, participant), or the patient's general practitioner;
 * - encounter: an Encounter naming both (subject, participant);
 * - appointment: an Appointment naming both as actors;
 * - organization: the patient's managing organization (actor is an Organization).
 */
import type { ReferenceRow } from '../fhir/search/index-rows.ts';
import { patientCompartmentParams } from './compartment.ts';

export type CareLinkKind = 'care-team' | 'encounter' | 'appointment' | 'organization';

export interface CareLinkRow {
  actorType: 'Practitioner' | 'Organization';
  actorId: string;
  patientId: string;
  kind: CareLinkKind;
}

/** Resources that pair a patient with a practitioner: the patient's parameter, the practitioner's, and the kind. */
const PAIRS: Readonly<Record<string, { patient: string; actor: string; kind: CareLinkKind }>> = {
  CareTeam: { patient: 'subject', actor: 'participant', kind: 'care-team' },
  Encounter: { patient: 'subject', actor: 'participant', kind: 'encounter' },
  Appointment: { patient: 'actor', actor: 'actor', kind: 'appointment' },
};

/** The resource types whose index rows can hold care links (the others never have any). */
export const CARE_LINK_TYPES: readonly string[] = [...Object.keys(PAIRS), 'Patient'];

function targets(rows: readonly ReferenceRow[], param: string, targetType: string): string[] {
  const ids = new Set<string>();
  for (const r of rows) if (r.param === param && r.targetType === targetType && r.targetId) ids.add(r.targetId);
  return [...ids];
}

export function careLinkRows(resourceType: string, id: string, references: readonly ReferenceRow[]): CareLinkRow[] {
  if (resourceType === 'Patient') {
    return [
      ...targets(references, 'general-practitioner', 'Practitioner').map((actorId): CareLinkRow => ({
        actorType: 'Practitioner',
        actorId,
        patientId: id,
        kind: 'care-team',
      })),
      ...targets(references, 'organization', 'Organization').map((actorId): CareLinkRow => ({
        actorType: 'Organization',
        actorId,
        patientId: id,
        kind: 'organization',
      })),
    ];
  }
  const pair = PAIRS[resourceType];
  if (!pair) return [];
  const patients = targets(references, pair.patient, 'Patient');
  if (!patients.length) return [];
  const actors = targets(references, pair.actor, 'Practitioner');
  return patients.flatMap((patientId) =>
    actors.map((actorId): CareLinkRow => ({ actorType: 'Practitioner', actorId, patientId, kind: pair.kind })),
  );
}

/**
 * Patient data that names no patient (an Observation without a subject, a draft Task): the
 * role table alone decides who reads it (access-scope.ts), so a clinician's search that
 * starts from their patients must add these. They are kept in `hale_patientless`, beside the
 * index rows, so that list is an index range rather than a scan of the type.
 */
export function isPatientless(resourceType: string, references: readonly ReferenceRow[]): boolean {
  if (resourceType === 'Patient') return false;
  const params = patientCompartmentParams(resourceType);
  return params.length > 0 && !references.some((r) => r.targetType === 'Patient' && r.targetId && params.includes(r.param));
}
