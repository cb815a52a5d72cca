/**
 * The CapabilityStatement lists exactly what this server does: every R4 resource type
 * from the definitions with the interactions the router implements, and the search
 * parameters the search module can actually search.
 */
import { resourceTypes } from '../definitions.ts';
import { supportedSearchParams } from '../search/supported.ts';

/** Type-level operations the router implements (src/fhir/operations). */
const TYPE_OPERATIONS: Readonly<Record<string, readonly { name: string; definition: string }[]>> = {
  Patient: [{ name: 'everything', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything' }],
  Encounter: [{ name: 'everything', definition: 'http://hl7.org/fhir/OperationDefinition/Encounter-everything' }],
};

const TYPE_INTERACTIONS = ['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'history-type', 'create', 'search-type'];

let cached: Record<string, unknown> | undefined;
let cachedFor = '';

export const SOFTWARE_VERSION = '0.1.0';

export function capabilityStatement(baseUrl: string): Record<string, unknown> {
  if (cached && cachedFor === baseUrl) return cached;
  const resource = resourceTypes().map((type) => ({
    type,
    profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
    interaction: TYPE_INTERACTIONS.map((code) => ({ code })),
    versioning: 'versioned-update',
    readHistory: true,
    updateCreate: true,
    conditionalCreate: true,
    conditionalRead: 'not-supported',
    conditionalUpdate: true,
    conditionalDelete: 'single',
    referencePolicy: ['literal', 'logical', 'local'],
    searchParam: supportedSearchParams(type).map((p) => ({
      name: p.name,
      ...(p.definition ? { definition: p.definition } : {}),
      type: p.type,
      ...(p.documentation ? { documentation: p.documentation } : {}),
    })),
    ...(TYPE_OPERATIONS[type] ? { operation: TYPE_OPERATIONS[type].map((o) => ({ ...o })) } : {}),
  }));
  cached = {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    publisher: 'Hale',
    kind: 'instance',
    software: { name: 'Hale', version: SOFTWARE_VERSION },
    implementation: { description: 'Hale FHIR R4 server', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    patchFormat: ['application/json-patch+json'],
    rest: [
      {
        mode: 'server',
        resource,
        interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'history-system' }],
      },
    ],
  };
  cachedFor = baseUrl;
  return cached;
}
