/**
 * References to a patient inside any resource, wherever they sit (subject, patient,
 * beneficiary, performer, an extension's valueReference, a contained resource...): found
 * by walking the JSON, so a merge moves every one of them, not only those a search
 * parameter indexes. Versioned references (`Patient/x/_history/2`) point at one version on
 * purpose and are left alone.
 */
import { localPart } from '../../fhir/search/local-base.ts';

type Node = unknown;

/** `Patient/<id>`, or this server's absolute URL of it; unversioned. */
export function pointsAt(reference: string, patientId: string): boolean {
  return reference === `Patient/${patientId}` || localPart(reference) === `Patient/${patientId}`;
}

/** The same reference pointing at another patient, in the same form (relative or absolute). */
export function retarget(reference: string, fromId: string, toId: string): string {
  return reference.slice(0, reference.length - fromId.length) + toId;
}

/** JSON paths (`subject`, `participant[0].individual`) of the Reference objects pointing at the patient. */
export function referencePaths(resource: Node, patientId: string): string[] {
  const out: string[] = [];
  const walk = (node: Node, path: string) => {
    if (Array.isArray(node)) return node.forEach((v, i) => walk(v, `${path}[${i}]`));
    if (node === null || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    if (typeof obj.reference === 'string' && pointsAt(obj.reference, patientId)) out.push(path);
    for (const [k, v] of Object.entries(obj)) if (k !== 'reference') walk(v, path ? `${path}.${k}` : k);
  };
  walk(resource, '');
  return out;
}

/** The object at a path made by referencePaths, or undefined. */
export function objectAt(resource: Node, path: string): Record<string, unknown> | undefined {
  let node: Node = resource;
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (node === null || typeof node !== 'object') return undefined;
    node = /^\d+$/.test(part) && Array.isArray(node) ? node[Number(part)] : (node as Record<string, unknown>)[part];
  }
  return node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>) : undefined;
}

/**
 * A copy of the resource with every reference to `fromId` pointing at `toId` instead;
 * `paths` says where. The display is dropped: it named the other record.
 */
export function moveReferences<T>(resource: T, fromId: string, toId: string): { resource: T; paths: string[] } {
  const copy = JSON.parse(JSON.stringify(resource)) as T;
  const paths = referencePaths(copy, fromId);
  for (const path of paths) {
    const ref = objectAt(copy, path)!;
    ref.reference = retarget(ref.reference as string, fromId, toId);
    delete ref.display;
  }
  return { resource: copy, paths };
}
