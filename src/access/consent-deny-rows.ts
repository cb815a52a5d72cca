/**
 * Consents that deny access, as rows of `hale_consent_deny` (migration 0022): one per
 * patient and actor an active Consent with `provision.type = deny` names, or one with no
 * actor when it names none (it then denies everyone). A clinician's access check probes them
 * by patient, once per row it reads. Reading the Consents themselves there (their patient,
 * status and actor index rows and their content) put five more plan nodes into every
 * clinician's read and search.
 *
 * Kept with the Consent's index rows (write-index.ts), from the same rows, so they exist
 * exactly while the Consent's current version is live, active and denying.
 * Only Practitioner and Organization actors are kept: a clinician is denied as one or as a
 * member of the other. A Consent whose actors are all of other kinds (a RelatedPerson, a
 * CareTeam) denies none of them, and has no row.
 */
import type { SearchIndexRows } from '../fhir/search/index-rows.ts';

export interface ConsentDenyRow {
  patientId: string;
  /** Null: the Consent names no actor and denies everyone. */
  actorType: 'Practitioner' | 'Organization' | null;
  actorId: string | null;
}

export function consentDenyRows(resourceType: string, resource: unknown, rows: SearchIndexRows): ConsentDenyRow[] {
  if (resourceType !== 'Consent') return [];
  const provision = (resource as { provision?: { type?: unknown } } | undefined)?.provision;
  if (provision?.type !== 'deny') return [];
  if (!rows.token.some((t) => t.param === 'status' && t.code === 'active')) return [];
  const patients = new Set<string>();
  for (const r of rows.reference) if (r.param === 'patient' && r.targetType === 'Patient' && r.targetId) patients.add(r.targetId);
  const actorRows = rows.reference.filter((r) => r.param === 'actor');
  const actors = new Map<string, { actorType: ConsentDenyRow['actorType']; actorId: string | null }>();
  if (!actorRows.length) actors.set('', { actorType: null, actorId: null });
  for (const r of actorRows)
    if ((r.targetType === 'Practitioner' || r.targetType === 'Organization') && r.targetId)
      actors.set(`${r.targetType}/${r.targetId}`, { actorType: r.targetType, actorId: r.targetId });
  return [...patients].flatMap((patientId) => [...actors.values()].map((a) => ({ patientId, ...a })));
}
