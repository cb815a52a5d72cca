/**
 * POST /api/v1/patients/merge {sourceId, targetId, reason}: two records of one person become
 * one. The source gets `link: replaced-by` the target and `active: false`; the target gets
 * `link: replaces` the source; every resource that references the source moves to the
 * target; a Provenance records what moved. All in one transaction, all through the store:
 * the caller needs write access to every type that moves (and to Provenance), and each
 * write is audited.
 */
import type { Patient, Provenance } from '@medplum/fhirtypes';
import { HaleError, conflict } from '../../errors.ts';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import type { BatchItem } from '../../fhir/store/write-batch.ts';
import type { FhirResource } from '../../fhir/store/stored-resource.ts';
import { FieldErrors, isObject, resourceId, text } from './field-errors.ts';
import { MERGE_ACTIVITY, agentOf, versioned, type VersionedKey } from './merge-record.ts';
import { moveReferences } from './patient-references.ts';
import { resourcesReferencing } from './referencing-resources.ts';
import { asStored, mergedInto, readResource, searchAny } from './store-reads.ts';

/** History, not data: a Provenance or AuditEvent says what happened to the source and must keep saying it. */
const NOT_MOVED = new Set(['Provenance', 'AuditEvent']);
/** Read per search when gathering what moves. */
const IDS_PER_SEARCH = 200;

export interface MergeResult {
  mergeId: string;
  sourceId: string;
  targetId: string;
  /** What now points at the target, and where in each resource the reference was. */
  moved: { resource: string; paths: string[] }[];
}

function parseMergeBody(body: unknown): { sourceId: string; targetId: string; reason: string } {
  const errors = new FieldErrors();
  const b = isObject(body) ? body : {};
  const sourceId = resourceId(errors, b.sourceId, 'sourceId', { required: true });
  const targetId = resourceId(errors, b.targetId, 'targetId', { required: true });
  const reason = text(errors, b.reason, 'reason', { required: true, max: 1000 });
  if (reason !== undefined && reason.length < 5) errors.add('reason', 'must say why, in at least 5 characters');
  errors.throwIfAny('The merge request');
  return { sourceId: sourceId!, targetId: targetId!, reason: reason! };
}

/** Locks both rows (in id order, so two merges of the same pair cannot deadlock) until the transaction ends. */
export async function lockPatients(tx: FhirRepository, ids: string[]): Promise<void> {
  for (const id of [...ids].sort()) await tx.readCurrent('Patient', id, true);
}

/** Every resource pointing at the patient, read through the store: one the caller may not see is a refusal, not a silent leftover. */
async function referrers(tx: FhirRepository, patientId: string, skip: Set<string>): Promise<(FhirResource & { id: string })[]> {
  const keys = (await resourcesReferencing(tx.db, patientId)).filter(
    (k) => !NOT_MOVED.has(k.resourceType) && !skip.has(`${k.resourceType}/${k.id}`),
  );
  const byType = new Map<string, string[]>();
  for (const k of keys) byType.set(k.resourceType, [...(byType.get(k.resourceType) ?? []), k.id]);
  const out: (FhirResource & { id: string })[] = [];
  for (const [type, all] of byType) {
    for (let i = 0; i < all.length; i += IDS_PER_SEARCH) {
      const ids = all.slice(i, i + IDS_PER_SEARCH);
      const found = await searchAny(tx, type, { _id: ids.join(','), _count: String(ids.length) });
      if (found.length < ids.length) {
        throw new HaleError(
          'forbidden',
          `${ids.length - found.length} ${type} resource(s) of Patient/${patientId} are outside your access, so they cannot be moved; ask an administrator to merge`,
        );
      }
      out.push(...found);
    }
  }
  return out;
}

export async function mergePatients(repo: FhirRepository, body: unknown): Promise<MergeResult> {
  const { sourceId, targetId, reason } = parseMergeBody(body);
  if (sourceId === targetId) throw conflict(`A patient cannot be merged into itself (Patient/${sourceId})`);
  return repo.inTransaction(async (tx) => {
    await lockPatients(tx, [sourceId, targetId]);
    const source = await readResource<Patient>(tx, 'Patient', sourceId);
    const target = await readResource<Patient>(tx, 'Patient', targetId);
    const sourceGone = mergedInto(source);
    if (sourceGone) throw conflict(`Patient/${sourceId} was already merged into Patient/${sourceGone}`);
    const targetGone = mergedInto(target);
    if (targetGone) throw conflict(`Patient/${targetId} was merged into Patient/${targetGone}; merge into that record instead`);
    if (target.active === false) throw conflict(`Patient/${targetId} is inactive; reactivate it, or merge into an active record`);

    const skip = new Set([`Patient/${sourceId}`, `Patient/${targetId}`]);
    const moved: MergeResult['moved'] = [];
    const items: BatchItem[] = [];
    const put = (r: FhirResource) =>
      items.push({ resourceType: r.resourceType, id: r.id!, resource: r, method: 'PUT', ifMatch: Number(r.meta?.versionId) });
    for (const r of await referrers(tx, sourceId, skip)) {
      const { resource, paths } = moveReferences(r, sourceId, targetId);
      if (!paths.length) continue;
      put(resource);
      moved.push({ resource: `${r.resourceType}/${r.id}`, paths });
    }
    put(
      asStored({
        ...source,
        active: false,
        link: [...(source.link ?? []), { other: { reference: `Patient/${targetId}` }, type: 'replaced-by' }],
      }),
    );
    put(asStored({ ...target, link: [...(target.link ?? []), { other: { reference: `Patient/${sourceId}` }, type: 'replaces' }] }));

    // Each item is written once with If-Match, so its new version is the current one + 1. The
    // record goes first: a caller who may not write Provenance is refused before anything moves.
    const after: VersionedKey[] = items.map((i) => ({ resourceType: i.resourceType, id: i.id, versionId: i.ifMatch! + 1 }));
    const record: Provenance = {
      resourceType: 'Provenance',
      target: after.map((k) => ({ reference: versioned(k) })),
      recorded: new Date().toISOString(),
      activity: { coding: [MERGE_ACTIVITY], text: 'Patient merge' },
      reason: [{ text: reason }],
      agent: [agentOf(tx.ctx)],
      entity: [
        {
          role: 'source',
          what: { reference: versioned({ resourceType: 'Patient', id: sourceId, versionId: Number(source.meta!.versionId) }) },
        },
        {
          role: 'revision',
          what: { reference: versioned({ resourceType: 'Patient', id: targetId, versionId: Number(target.meta!.versionId) }) },
        },
      ],
    };
    const created = await tx.create(asStored(record));
    await tx.writeMany(items);
    return { mergeId: created.stored.id, sourceId, targetId, moved };
  });
}
