/**
 * POST /api/v1/patients/merge/:mergeId/undo (administrators): a merge taken back. From the
 * merge's Provenance, each resource it wrote is compared with its version before the merge,
 * and every reference the merge moved (pointed at the source then, at the target now) points
 * at the source again; edits made since the merge are kept. The source gets its links and
 * `active` back, the target loses its `replaces` link. One transaction, and a Provenance
 * (`unmerge`, entity = the merge record) so a merge is undone once.
 */
import type { Patient, Provenance } from '@medplum/fhirtypes';
import { conflict, notFound } from '../../errors.ts';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import type { BatchItem } from '../../fhir/store/write-batch.ts';
import type { FhirResource } from '../../fhir/store/stored-resource.ts';
import { MERGE_ACTIVITY, UNMERGE_ACTIVITY, agentOf, isActivity, mergePatients, parseVersioned, versioned } from './merge-record.ts';
import { lockPatients } from './merge-patients.ts';
import { objectAt, pointsAt, referencePaths } from './patient-references.ts';
import { asStored, isError, mergedInto, readAny, readResource, searchResources } from './store-reads.ts';

export interface UndoResult {
  mergeId: string;
  undoId: string;
  sourceId: string;
  targetId: string;
  /** Resources whose references point at the source again. */
  restored: string[];
  /** Resources the merge moved that have been deleted since: nothing to restore. */
  skipped: string[];
}

async function versionOf(tx: FhirRepository, type: string, id: string, versionId: number): Promise<FhirResource> {
  return JSON.parse((await tx.vread(type, id, String(versionId))).json) as FhirResource;
}

/** The current resource with the moved references put back as they were before the merge; undefined when none is left to put back. */
function restoreReferences(current: FhirResource, before: FhirResource, sourceId: string, targetId: string): FhirResource | undefined {
  const copy = JSON.parse(JSON.stringify(current)) as FhirResource;
  let changed = false;
  for (const path of referencePaths(before, sourceId)) {
    const now = objectAt(copy, path);
    const then = objectAt(before, path);
    if (!now || !then || typeof now.reference !== 'string' || !pointsAt(now.reference, targetId)) continue;
    for (const k of Object.keys(now)) delete now[k];
    Object.assign(now, JSON.parse(JSON.stringify(then)));
    changed = true;
  }
  return changed ? copy : undefined;
}

export async function undoMerge(repo: FhirRepository, mergeId: string): Promise<UndoResult> {
  repo.assertId(mergeId);
  return repo.inTransaction(async (tx) => {
    const record = await readResource<Provenance>(tx, 'Provenance', mergeId);
    const patients = isActivity(record, MERGE_ACTIVITY) ? mergePatients(record) : undefined;
    if (!patients) throw notFound(`Provenance/${mergeId} is not the record of a patient merge`);
    const { source, target } = patients;
    const undos = await searchResources<Provenance>(tx, 'Provenance', { entity: `Provenance/${mergeId}` });
    const earlier = undos.find((p) => isActivity(p, UNMERGE_ACTIVITY));
    if (earlier) throw conflict(`This merge was already undone (Provenance/${earlier.id})`);

    await lockPatients(tx, [source.id, target.id]);
    const src = await readResource<Patient>(tx, 'Patient', source.id);
    const tgt = await readResource<Patient>(tx, 'Patient', target.id);
    if (mergedInto(src) !== target.id) throw conflict(`Patient/${source.id} is no longer merged into Patient/${target.id}`);

    const items: BatchItem[] = [];
    const put = (r: FhirResource) =>
      items.push({
        resourceType: r.resourceType,
        id: r.id!,
        resource: r,
        method: 'PUT',
        ifMatch: Number((r.meta as { versionId?: string }).versionId),
      });
    const restored: string[] = [];
    const skipped: string[] = [];
    for (const ref of record.target) {
      const k = parseVersioned(ref.reference);
      if (!k || (k.resourceType === 'Patient' && (k.id === source.id || k.id === target.id))) continue;
      let current: FhirResource;
      try {
        current = await readAny(tx, k.resourceType, k.id);
      } catch (err) {
        if (!isError(err, 'gone', 'not-found')) throw err;
        skipped.push(`${k.resourceType}/${k.id}`);
        continue;
      }
      const back = restoreReferences(current, await versionOf(tx, k.resourceType, k.id, k.versionId - 1), source.id, target.id);
      if (!back) continue;
      put(back);
      restored.push(`${k.resourceType}/${k.id}`);
    }

    // The source as it was before the merge, in what the merge changed (links, active); later edits stay.
    const before = (await versionOf(tx, 'Patient', source.id, source.versionId)) as Patient;
    const links = (src.link ?? []).filter((l) => !(l.type === 'replaced-by' && l.other.reference === `Patient/${target.id}`));
    const { active: _a, link: _l, ...srcRest } = src;
    put({
      ...srcRest,
      ...(before.active !== undefined ? { active: before.active } : {}),
      ...(links.length ? { link: links } : {}),
    } as FhirResource);
    const tgtLinks = (tgt.link ?? []).filter((l) => !(l.type === 'replaces' && l.other.reference === `Patient/${source.id}`));
    const { link: _t, ...tgtRest } = tgt;
    put({ ...tgtRest, ...(tgtLinks.length ? { link: tgtLinks } : {}) } as FhirResource);

    const undo: Provenance = {
      resourceType: 'Provenance',
      target: items.map((i) => ({ reference: versioned({ resourceType: i.resourceType, id: i.id, versionId: i.ifMatch! + 1 }) })),
      recorded: new Date().toISOString(),
      activity: { coding: [UNMERGE_ACTIVITY], text: 'Patient merge undone' },
      reason: [{ text: `Undo of the merge recorded in Provenance/${mergeId}` }],
      agent: [agentOf(tx.ctx)],
      entity: [{ role: 'revision', what: { reference: `Provenance/${mergeId}` } }],
    };
    const created = await tx.create(asStored(undo));
    await tx.writeMany(items);
    return { mergeId, undoId: created.stored.id, sourceId: source.id, targetId: target.id, restored, skipped };
  });
}
