/**
 * Validates a FHIR R4 resource (JSON) before it is stored: every create, update and import
 * goes through here, so it is a single fast pass (see resource-walker.ts) driven by the
 * official R4 definitions, not by hand-written field lists.
 *
 * Checks:
 *  1. a JSON object whose `resourceType` is an R4 resource type, with an `id` (if any) in
 *     id format - for nested (contained, Bundle entry) resources too;
 *  2. structure against the StructureDefinitions: unknown elements, JSON types and shapes,
 *     cardinality, primitive formats, choice types, and the FHIRPath invariants;
 *  3. required-strength bindings whose value set can be expanded from the R4 terminology;
 *  4. the form of every `Reference.reference`, and that local `#id` references resolve.
 *
 * Why not @medplum/core's `validateResource`: it walks every element of the definition
 * for every object (about 0.14 ms for the R4 example Observation, above the budget for
 * imports), reports nested cardinality problems without array indexes, only warns on
 * two types for one choice element, does not check `Resource.id`, and rejects valid R4
 * content (base64 with line breaks, narratives over 1 MB). Its parsed schema and its
 * FHIRPath engine are reused here.
 */
import { HaleError, type ErrorDetail } from '../../errors.ts';
import { isResourceType } from '../definitions.ts';
import { ResourceWalker } from './resource-walker.ts';

/** All problems with `resource`, in document order (capped at 100); empty if it is valid. */
export function resourceValidationIssues(resource: unknown): ErrorDetail[] {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
    return [issue(undefined, 'structure', 'A FHIR resource must be a JSON object')];
  }
  const obj = resource as Record<string, unknown>;
  const resourceType = obj.resourceType;
  if (typeof resourceType !== 'string' || resourceType === '') {
    return [issue('resourceType', 'required', 'Missing resourceType')];
  }
  if (!isResourceType(resourceType)) {
    return [issue('resourceType', 'structure', `Unknown resource type ${JSON.stringify(resourceType)} (not an R4 resource type)`)];
  }
  const walker = new ResourceWalker();
  walker.walkResource(obj, resourceType);
  if (walker.truncated) {
    walker.issues.push(issue(undefined, 'too-costly', 'Too many problems; only the first 100 are listed'));
  }
  return walker.issues;
}

/** Throws HaleError('invalid-resource') listing every problem if `resource` is not a valid R4 resource. */
export function validateResource(resource: unknown): void {
  const issues = resourceValidationIssues(resource);
  if (issues.length === 0) return;
  const resourceType = (resource as { resourceType?: unknown } | null)?.resourceType;
  const what = typeof resourceType === 'string' && isResourceType(resourceType) ? resourceType : 'Resource';
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  throw new HaleError('invalid-resource', `Invalid ${what}: ${first.field ? `${first.field}: ` : ''}${first.message}${more}`, issues);
}

function issue(field: string | undefined, fhirCode: string, message: string): ErrorDetail {
  return field === undefined ? { message, fhirCode, severity: 'error' } : { field, message, fhirCode, severity: 'error' };
}
