/**
 * The FHIR logical id format. R4 declares `Resource.id` as a plain string in the
 * StructureDefinitions (a known quirk of the published snapshots), so the `id`
 * datatype's pattern has to be applied to resource ids explicitly; references
 * (`Type/id/_history/vid`) use the same pattern for both the id and the version.
 */

/** The `id` datatype pattern from the R4 specification (datatypes.html#id). */
export const ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;

export function isValidResourceId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/** A local literal reference `Type/id` or `Type/id/_history/vid`; groups: type, id. */
export const LOCAL_REFERENCE_PATTERN = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;
