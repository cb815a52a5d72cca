/**
 * The code systems and extensions the registration writes, in one place so the mapping to
 * FHIR (registration-fhir.ts) and back (registration-from-fhir.ts) cannot drift apart.
 * Standard codes wherever R4 has them; Hale's own extensions only for what R4 has no
 * element for (communication preferences, the guarantor on the Patient, a deactivation reason).
 */
import type { Coding } from '@medplum/fhirtypes';
import type { Relationship } from './registration-types.ts';

export const SYSTEM = {
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  contactRole: 'http://terminology.hl7.org/CodeSystem/v2-0131',
  roleCode: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
  maritalStatus: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus',
  nullFlavor: 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor',
  genderIdentity: 'http://terminology.hl7.org/CodeSystem/gender-identity',
  bcp47: 'urn:ietf:bcp:47',
  coverageClass: 'http://terminology.hl7.org/CodeSystem/coverage-class',
  consentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
  loinc: 'http://loinc.org',
  actReason: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  /** Hale's own: which registration choice a consent provision records. */
  consentChoice: 'https://hale.health/fhir/CodeSystem/consent-choice',
  /** Hale's own: the Consent that holds the registration desk's choices (one per patient). */
  consentCategory: 'https://hale.health/fhir/CodeSystem/consent-category',
  privacyNotice: 'https://hale.health/fhir/CodeSystem/privacy-notice',
  user: 'https://hale.health/fhir/sid/user',
} as const;

export const EXTENSION = {
  genderIdentity: 'http://hl7.org/fhir/StructureDefinition/patient-genderIdentity',
  communication: 'https://hale.health/fhir/StructureDefinition/communication-preferences',
  guarantor: 'https://hale.health/fhir/StructureDefinition/guarantor',
  deactivationReason: 'https://hale.health/fhir/StructureDefinition/deactivation-reason',
} as const;

export const REGISTRATION_CONSENT: Coding = {
  system: SYSTEM.consentCategory,
  code: 'registration-choices',
  display: 'Choices made at registration',
};

export const IDENTIFIER_TYPE_CODES = {
  national: { code: 'NI', display: 'National unique individual identifier' },
  passport: { code: 'PPN', display: 'Passport number' },
} as const;

export const CONTACT_ROLE_DISPLAY: Record<string, string> = { C: 'Emergency Contact', N: 'Next-of-Kin', E: 'Employer' };

/** parent, guardian, spouse, child: v3 RoleCode. v3 RoleCode has no "other": v2 table 0131's O, also in the R4 value set. */
export const RELATIONSHIP_CODES: Record<Relationship, Coding> = {
  parent: { system: SYSTEM.roleCode, code: 'PRN', display: 'parent' },
  guardian: { system: SYSTEM.roleCode, code: 'GUARD', display: 'guardian' },
  spouse: { system: SYSTEM.roleCode, code: 'SPS', display: 'spouse' },
  child: { system: SYSTEM.roleCode, code: 'CHILD', display: 'child' },
  other: { system: SYSTEM.contactRole, code: 'O', display: 'Other' },
};

/** The words back from codes, including codes other systems write for the same people (mother, father...). */
export function relationshipWord(codings: readonly Coding[] | undefined): Relationship | undefined {
  for (const c of codings ?? []) {
    const word = (Object.keys(RELATIONSHIP_CODES) as Relationship[]).find(
      (w) => RELATIONSHIP_CODES[w].code === c.code && RELATIONSHIP_CODES[w].system === c.system,
    );
    if (word) return word;
    if (c.system === SYSTEM.roleCode && ['MTH', 'FTH', 'NMTH', 'NFTH', 'STPMTH', 'STPFTH', 'ADOPTMTH', 'ADOPTFTH'].includes(c.code ?? ''))
      return 'parent';
    if (c.system === SYSTEM.roleCode && ['HUSB', 'WIFE', 'DOMPART'].includes(c.code ?? '')) return 'spouse';
    if (c.system === SYSTEM.roleCode && ['SON', 'DAU', 'CHLDADOPT', 'CHLDFOST', 'NCHILD', 'STPCHLD'].includes(c.code ?? '')) return 'child';
  }
  return undefined;
}

export const MARITAL_DISPLAY: Record<string, string> = {
  A: 'Annulled',
  D: 'Divorced',
  I: 'Interlocutory',
  L: 'Legally Separated',
  M: 'Married',
  P: 'Polygamous',
  S: 'Never Married',
  T: 'Domestic partner',
  U: 'unmarried',
  W: 'Widowed',
  UNK: 'unknown',
};

/** The R4 gender-identity code system; anything else is kept as text. */
export const GENDER_IDENTITY_CODES: Record<string, string> = {
  'transgender-female': 'transgender female',
  'transgender-male': 'transgender male',
  'non-binary': 'non-binary',
  male: 'male',
  female: 'female',
  other: 'other',
  'non-disclose': 'does not wish to disclose',
};

/** Consent choices: the provision's code, and the purpose of use where v3 has one. */
export const CONSENT_CHOICES = {
  shareWithFamily: { code: 'share-with-family', display: 'Share information with family members', purpose: 'FAMRQT' },
  shareWithInsurers: { code: 'share-with-insurers', display: 'Share information with insurers', purpose: 'HPAYMT' },
  research: { code: 'research', display: 'Use of data for research', purpose: 'HRESCH' },
  marketing: { code: 'marketing', display: 'Marketing communications', purpose: 'HMARKT' },
} as const;
