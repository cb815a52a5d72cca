/**
 * The elements that are always encrypted, whatever the admin rules say: national
 * identifiers (US SSN and other national person ids) of people, and insurance member and
 * subscriber numbers. Only the identifier's `value` is encrypted; its system and type stay
 * clear, so clients and the search index know what kind of identifier it is.
 */

type Obj = Record<string, unknown>;

export interface FieldRule {
  resourceType: string;
  /** JSON property names from the resource root to the string values. */
  segments: string[];
  /** The same with choice names reduced to their element, for matching search parameter expressions. */
  elementSegments: string[];
  /** The data type whose property the last segment is ('Identifier' for identifier.value). */
  ownerType: string;
  /** When set, only the objects at depth `depth` (after that many segments) that pass `test` hold sensitive values. */
  where?: { depth: number; test: (o: Obj) => boolean };
  source: 'built-in' | 'admin';
  /** What the rule covers, for people (admin listing). */
  description: string;
  /** The field_encryption_rule id of an admin rule. */
  ruleId?: number;
}

/** Identifier systems whose every value is a national person id. */
export const NATIONAL_ID_SYSTEMS: ReadonlySet<string> = new Set([
  'http://hl7.org/fhir/sid/us-ssn',
  'urn:oid:2.16.840.1.113883.4.1', // the SSN as an OID
]);

/** The identifier type code system (v2 table 0203), current and older URLs. */
const V2_0203 = new Set(['http://terminology.hl7.org/CodeSystem/v2-0203', 'http://hl7.org/fhir/v2/0203']);

function typeCodes(identifier: Obj): string[] {
  const type = identifier.type as { coding?: unknown } | undefined;
  if (!type || !Array.isArray(type.coding)) return [];
  const codes: string[] = [];
  for (const c of type.coding as Obj[]) {
    if (c && typeof c.code === 'string' && typeof c.system === 'string' && V2_0203.has(c.system)) codes.push(c.code);
  }
  return codes;
}

/** SS (social security number), NI (national unique individual id) or NNxxx (national person id of country xxx). */
export function isNationalIdentifier(identifier: Obj): boolean {
  if (typeof identifier.system === 'string' && NATIONAL_ID_SYSTEMS.has(identifier.system)) return true;
  return typeCodes(identifier).some((c) => c === 'SS' || c === 'NI' || /^NN[A-Z]{3}$/.test(c));
}

/** MB (member number) or SN (subscriber number) of an insurance plan. */
export function isMemberNumber(identifier: Obj): boolean {
  return typeCodes(identifier).some((c) => c === 'MB' || c === 'SN');
}

const nationalId = (resourceType: string): FieldRule => ({
  resourceType,
  segments: ['identifier', 'value'],
  elementSegments: ['identifier', 'value'],
  ownerType: 'Identifier',
  where: { depth: 1, test: isNationalIdentifier },
  source: 'built-in',
  description: `${resourceType}.identifier.value of a US SSN or national id (system us-ssn, or type SS, NI, NNxxx)`,
});

export const BUILTIN_RULES: readonly FieldRule[] = [
  nationalId('Patient'),
  nationalId('RelatedPerson'),
  nationalId('Practitioner'),
  nationalId('Person'),
  {
    resourceType: 'Coverage',
    segments: ['identifier', 'value'],
    elementSegments: ['identifier', 'value'],
    ownerType: 'Identifier',
    where: { depth: 1, test: (o) => isNationalIdentifier(o) || isMemberNumber(o) },
    source: 'built-in',
    description: 'Coverage.identifier.value of a member or subscriber number (type MB, SN) or a national id',
  },
  {
    resourceType: 'Coverage',
    segments: ['subscriberId'],
    elementSegments: ['subscriberId'],
    ownerType: 'Coverage',
    source: 'built-in',
    description: 'Coverage.subscriberId',
  },
];

/** Built-in identifier rules whose values are hashed whenever the system is one of NATIONAL_ID_SYSTEMS. */
export function alwaysSensitiveSystem(system: string | null | undefined): boolean {
  return typeof system === 'string' && NATIONAL_ID_SYSTEMS.has(system);
}
