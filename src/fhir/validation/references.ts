/**
 * The forms a `Reference.reference` string may take in Hale. Anything else (a bare id,
 * `patient/1`, `/Patient/1`, an unknown resource type, some other URN scheme) cannot be
 * resolved by the store or the bundle processor, so it is rejected at write time instead
 * of becoming a dangling pointer.
 *
 * Accepted:
 *  - `Type/id` and `Type/id/_history/vid` (Type an R4 resource type, id and vid in id format)
 *  - absolute `http://` / `https://` URLs (resources on other servers)
 *  - `urn:uuid:<uuid>` and `urn:oid:<oid>` (bundle-local identities, resolved against fullUrl)
 *  - `#id` pointing at a contained resource, and `#` (a contained resource pointing back
 *    at its container); resolution against `contained` is done by the caller, which knows
 *    the container
 *  - conditional references `Type?search` (resolved by the bundle processor)
 */
import { isResourceType } from '../definitions.ts';
import { ID_PATTERN } from './resource-id.ts';

const LITERAL = /^([A-Za-z]+)\/([^/]+)(?:\/_history\/([^/]+))?$/;
const ABSOLUTE_URL = /^https?:\/\/[^\s/?#]+\S*$/;
// The FHIR uuid datatype is lower-case; upper-case hex is accepted here because RFC 4122
// declares it equivalent and rejecting it would only break senders, not protect anything.
const URN_UUID = /^urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const URN_OID = /^urn:oid:[0-2](\.(0|[1-9][0-9]*))+$/;
const CONDITIONAL = /^([A-Za-z]+)\?(.+)$/;

/**
 * Returns why `reference` is not an acceptable reference string, or undefined if it is.
 * Local references (`#...`) are only checked for form here; see the caller for resolution.
 */
export function referenceFormatProblem(reference: string): string | undefined {
  const first = reference.charCodeAt(0);
  if (first === 35 /* # */) {
    return reference.length === 1 || ID_PATTERN.test(reference.slice(1))
      ? undefined
      : `Local reference ${JSON.stringify(reference)} is not '#' followed by a contained resource id`;
  }
  const literal = LITERAL.exec(reference);
  if (literal) {
    const [, type, id, version] = literal;
    if (!isResourceType(type)) return `Reference ${JSON.stringify(reference)}: ${type} is not an R4 resource type`;
    if (!ID_PATTERN.test(id)) return `Reference ${JSON.stringify(reference)}: ${JSON.stringify(id)} is not a valid id`;
    if (version !== undefined && !ID_PATTERN.test(version)) {
      return `Reference ${JSON.stringify(reference)}: ${JSON.stringify(version)} is not a valid version id`;
    }
    return undefined;
  }
  if (first === 104 /* h */ && ABSOLUTE_URL.test(reference)) return undefined;
  if (first === 117 /* u */ && (URN_UUID.test(reference) || URN_OID.test(reference))) return undefined;
  const conditional = CONDITIONAL.exec(reference);
  if (conditional) {
    return isResourceType(conditional[1])
      ? undefined
      : `Conditional reference ${JSON.stringify(reference)}: ${conditional[1]} is not an R4 resource type`;
  }
  return (
    `Invalid reference ${JSON.stringify(reference.length > 80 ? reference.slice(0, 77) + '...' : reference)}: ` +
    'expected Type/id, Type/id/_history/vid, an absolute http(s) URL, urn:uuid:, urn:oid:, #contained-id or Type?search'
  );
}
