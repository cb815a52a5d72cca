/**
 * The record a merge leaves: a FHIR Provenance (not a private table), readable through the
 * FHIR API like any other. It names every resource the merge wrote, at the version the merge
 * wrote (`Encounter/e1/_history/4`), and the two patients as they were before it (entity
 * `source` = the record merged away, `revision` = the survivor). Undo reads the version
 * before each written one and puts back exactly the references the merge moved.
 */
import type { Coding, Provenance, ProvenanceAgent } from '@medplum/fhirtypes';
import type { ActingContext } from '../../fhir/acting-context.ts';
import { SYSTEM } from './registration-codes.ts';

export const LIFECYCLE = 'http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle';
export const MERGE_ACTIVITY: Coding = { system: LIFECYCLE, code: 'merge', display: 'Merge Record Lifecycle Event' };
export const UNMERGE_ACTIVITY: Coding = { system: LIFECYCLE, code: 'unmerge', display: 'Unmerge Record Lifecycle Event' };

export interface VersionedKey {
  resourceType: string;
  id: string;
  versionId: number;
}

export const versioned = (k: VersionedKey) => `${k.resourceType}/${k.id}/_history/${k.versionId}`;

export function parseVersioned(reference: string | undefined): VersionedKey | undefined {
  const m = reference ? /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})\/_history\/(\d+)$/.exec(reference) : null;
  return m ? { resourceType: m[1]!, id: m[2]!, versionId: Number(m[3]) } : undefined;
}

/** Who did it: their Practitioner when the account has one, else the account itself. */
export function agentOf(ctx: ActingContext): ProvenanceAgent {
  return {
    type: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type', code: 'author', display: 'Author' }],
    },
    who: ctx.practitionerId
      ? { reference: `Practitioner/${ctx.practitionerId}`, identifier: { system: SYSTEM.user, value: ctx.userId } }
      : { identifier: { system: SYSTEM.user, value: ctx.userId } },
  };
}

export function isActivity(p: Provenance, activity: Coding): boolean {
  return p.activity?.coding?.some((c) => c.system === activity.system && c.code === activity.code) ?? false;
}

/** The two patients of a merge record, at their versions before the merge. */
export function mergePatients(p: Provenance): { source: VersionedKey; target: VersionedKey } | undefined {
  const source = parseVersioned(p.entity?.find((e) => e.role === 'source')?.what.reference);
  const target = parseVersioned(p.entity?.find((e) => e.role === 'revision')?.what.reference);
  return source?.resourceType === 'Patient' && target?.resourceType === 'Patient' ? { source, target } : undefined;
}
