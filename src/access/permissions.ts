/**
 * What each role may do with each kind of resource: the access table. Deny by default:
 * a type not named in any category, or a role without an entry, gets nothing. 'read'
 * covers read, vread, search and history; 'write' covers create, update, patch and
 * delete. Which patients' data a role reaches is the scope (access-scope.ts).
 * docs/access-control.md prints this table.
 */
import type { Role } from './roles.ts';

export type Action = 'read' | 'write';
type Grant = 'R' | 'W';

export const CATEGORIES = {
  demographics: ['Patient', 'RelatedPerson', 'Person'],
  scheduling: ['Appointment', 'AppointmentResponse', 'Schedule', 'Slot'],
  encounters: ['Encounter', 'EpisodeOfCare', 'Flag'],
  clinical: [
    'Condition',
    'AllergyIntolerance',
    'Procedure',
    'Immunization',
    'ImmunizationRecommendation',
    'ImmunizationEvaluation',
    'FamilyMemberHistory',
    'CarePlan',
    'CareTeam',
    'Goal',
    'RiskAssessment',
    'DetectedIssue',
    'AdverseEvent',
    'NutritionOrder',
    'VisionPrescription',
    'DeviceRequest',
    'DeviceUseStatement',
    'QuestionnaireResponse',
    'Communication',
    'CommunicationRequest',
    'Task',
    'List',
    'RequestGroup',
  ],
  notes: ['DocumentReference', 'Composition', 'ClinicalImpression', 'DocumentManifest'],
  diagnostics: [
    'Observation',
    'ServiceRequest',
    'Specimen',
    'DiagnosticReport',
    'ImagingStudy',
    'Media',
    'BodyStructure',
    'MolecularSequence',
  ],
  medications: ['MedicationRequest', 'MedicationDispense', 'MedicationAdministration', 'MedicationStatement'],
  financial: [
    'Claim',
    'ClaimResponse',
    'Coverage',
    'CoverageEligibilityRequest',
    'CoverageEligibilityResponse',
    'ExplanationOfBenefit',
    'Invoice',
    'ChargeItem',
    'Account',
    'PaymentNotice',
    'PaymentReconciliation',
  ],
  directory: [
    'Practitioner',
    'PractitionerRole',
    'Organization',
    'OrganizationAffiliation',
    'Location',
    'HealthcareService',
    'Endpoint',
    'Device',
  ],
  reference: [
    'Medication',
    'MedicationKnowledge',
    'Substance',
    'CodeSystem',
    'ValueSet',
    'ConceptMap',
    'NamingSystem',
    'Questionnaire',
    'PlanDefinition',
    'ActivityDefinition',
    'ObservationDefinition',
    'SpecimenDefinition',
    'ChargeItemDefinition',
  ],
  consent: ['Consent'],
  provenance: ['Provenance'],
} as const satisfies Record<string, readonly string[]>;

export type Category = keyof typeof CATEGORIES;

/** The table. Missing = no access. */
export const ROLE_GRANTS: Readonly<Record<Role, Partial<Record<Category, Grant>>>> = {
  admin: {
    demographics: 'W',
    scheduling: 'W',
    encounters: 'W',
    clinical: 'W',
    notes: 'W',
    diagnostics: 'W',
    medications: 'W',
    financial: 'W',
    directory: 'W',
    reference: 'W',
    consent: 'W',
    provenance: 'W',
  },
  doctor: {
    demographics: 'W',
    scheduling: 'W',
    encounters: 'W',
    clinical: 'W',
    notes: 'W',
    diagnostics: 'W',
    medications: 'W',
    financial: 'R',
    directory: 'R',
    reference: 'R',
    consent: 'W',
    provenance: 'R',
  },
  nurse: {
    demographics: 'W',
    scheduling: 'W',
    encounters: 'W',
    clinical: 'W',
    notes: 'W',
    diagnostics: 'W',
    medications: 'W',
    financial: 'R',
    directory: 'R',
    reference: 'R',
    consent: 'R',
    provenance: 'R',
  },
  receptionist: { demographics: 'W', scheduling: 'W', encounters: 'R', directory: 'R', reference: 'R', consent: 'W' },
  billing: { demographics: 'R', scheduling: 'R', encounters: 'R', financial: 'W', directory: 'R', reference: 'R' },
  pharmacist: { demographics: 'R', encounters: 'R', clinical: 'R', diagnostics: 'R', medications: 'W', directory: 'R', reference: 'W' },
  lab: { demographics: 'R', encounters: 'R', diagnostics: 'W', directory: 'R', reference: 'R' },
  insurer: { financial: 'R', directory: 'R', reference: 'R' },
  patient: {
    demographics: 'R',
    scheduling: 'R',
    encounters: 'R',
    clinical: 'R',
    notes: 'R',
    diagnostics: 'R',
    medications: 'R',
    financial: 'R',
    directory: 'R',
    reference: 'R',
    consent: 'R',
  },
  auditor: { directory: 'R' },
};

/** Single types where a role needs more than its category gives. */
export const TYPE_EXCEPTIONS: Readonly<Partial<Record<Role, Readonly<Record<string, Grant>>>>> = {
  // Registration takes the insurance card; claims stay with billing.
  receptionist: { Coverage: 'W', CoverageEligibilityRequest: 'W', CoverageEligibilityResponse: 'R' },
  // Insurers adjudicate: they answer claims and eligibility requests.
  insurer: { ClaimResponse: 'W', ExplanationOfBenefit: 'W', CoverageEligibilityResponse: 'W' },
  // The portal: a patient writes messages and questionnaire answers, and their own consents.
  patient: { Communication: 'W', QuestionnaireResponse: 'W', Consent: 'W' },
};

const categoryOf = new Map<string, Category>();
for (const [cat, types] of Object.entries(CATEGORIES) as [Category, readonly string[]][]) for (const t of types) categoryOf.set(t, cat);

export function categoryOfType(resourceType: string): Category | undefined {
  return categoryOf.get(resourceType);
}

/**
 * AuditEvent is the server's own tamper-evident trail (src/audit): readable by admins and
 * auditors, never written by clients.
 */
const AUDIT_TYPE = 'AuditEvent';

export function grantFor(role: string, resourceType: string): Grant | undefined {
  if (resourceType === AUDIT_TYPE) return role === 'admin' || role === 'auditor' ? 'R' : undefined;
  const exception = TYPE_EXCEPTIONS[role as Role]?.[resourceType];
  if (exception) return exception;
  const cat = categoryOf.get(resourceType);
  if (!cat) return role === 'admin' ? 'W' : undefined; // the rest (conformance, research, Basic...) is the administrator's
  return ROLE_GRANTS[role as Role]?.[cat];
}

/** True when any of the roles grants the action on the type. */
export function roleAllows(roles: readonly string[], resourceType: string, action: Action): boolean {
  return roles.some((role) => {
    const g = grantFor(role, resourceType);
    return g === 'W' || (g === 'R' && action === 'read');
  });
}
