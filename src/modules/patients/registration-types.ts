/**
 * The registration form's body (POST /api/v1/patients, PUT /api/v1/patients/:id, and
 * GET /api/v1/patients/:id/registration gives it back): what a registration desk asks,
 * in the words of the form rather than of FHIR. registration-fhir.ts maps it to resources.
 */

export const SEXES = ['male', 'female', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

export const IDENTIFIER_TYPES = ['national', 'passport', 'other'] as const;
export const PHONE_USES = ['home', 'work', 'mobile', 'temp', 'old'] as const;
export const ADDRESS_USES = ['home', 'work', 'temp', 'old', 'billing'] as const;
export const ADDRESS_TYPES = ['postal', 'physical', 'both'] as const;
/** Patient.contact relationship (v2 table 0131): emergency contact, next of kin, employer. */
export const CONTACT_RELATIONSHIPS = ['C', 'N', 'E'] as const;
/** Family members and others who act for a patient (RelatedPerson.relationship). */
export const RELATIONSHIPS = ['parent', 'guardian', 'spouse', 'child', 'other'] as const;
export const CHANNELS = ['email', 'sms', 'phone', 'whatsapp', 'post'] as const;
/** v3 MaritalStatus, and UNK (NullFlavor) for unknown: the R4 marital-status value set. */
export const MARITAL_STATUSES = ['A', 'D', 'I', 'L', 'M', 'P', 'S', 'T', 'U', 'W', 'UNK'] as const;

export type Relationship = (typeof RELATIONSHIPS)[number];
export type Channel = (typeof CHANNELS)[number];

export interface RegistrationName {
  given: string[];
  family: string;
  prefix?: string[];
  suffix?: string[];
}

export interface RegistrationIdentifier {
  type: (typeof IDENTIFIER_TYPES)[number];
  system?: string;
  value: string;
}

export interface RegistrationAddress {
  use?: (typeof ADDRESS_USES)[number];
  type?: (typeof ADDRESS_TYPES)[number];
  line: string[];
  city?: string;
  district?: string;
  state?: string;
  postalCode?: string;
  country?: string;
}

export interface RegistrationPhone {
  use: (typeof PHONE_USES)[number];
  value: string;
}

export interface EmergencyContact {
  name: string;
  relationship: (typeof CONTACT_RELATIONSHIPS)[number];
  phone: string;
}

/** A person to create as a RelatedPerson of the patient. */
export interface NewRelatedPerson {
  name: string;
  relationship: Relationship;
  phone?: string;
  email?: string;
  birthDate?: string;
}

/** Who pays what insurance does not: the patient, an existing RelatedPerson, or a new one. */
export type Guarantor = { self: true } | { relatedPersonId: string } | { person: NewRelatedPerson };

export interface RegistrationCoverage {
  /** Set when editing: the Coverage to update (absent: a new one). */
  id?: string;
  payerOrganizationId?: string;
  payerName?: string;
  plan?: string;
  memberId: string;
  groupNumber?: string;
  start?: string;
  end?: string;
  /** 1 primary, 2 secondary. */
  order: 1 | 2;
}

export interface CommunicationPreferences {
  preferredChannels: Channel[];
  /** Local times HH:MM; the window may pass midnight (22:00-07:00). */
  quietHours?: { start: string; end: string };
}

export interface ConsentChoices {
  shareWithFamily: boolean;
  shareWithInsurers: boolean;
  research: boolean;
  marketingOptOut: boolean;
  /** The version of the privacy notice the patient was shown. */
  version: string;
  /** When the choices were made (YYYY-MM-DD). */
  date: string;
}

export interface Registration {
  name: RegistrationName;
  preferredName?: string;
  sex: (typeof SEXES)[number];
  genderIdentity?: string;
  birthDate: string;
  maritalStatus?: (typeof MARITAL_STATUSES)[number];
  language?: string;
  /** A data URL (image/jpeg or image/png, base64). */
  photo?: string;
  identifiers: RegistrationIdentifier[];
  addresses: RegistrationAddress[];
  phones: RegistrationPhone[];
  email?: string;
  emergencyContacts: EmergencyContact[];
  guarantor?: Guarantor;
  generalPractitionerId?: string;
  coverages: RegistrationCoverage[];
  communication?: CommunicationPreferences;
  consents?: ConsentChoices;
}

/** The duplicate check takes any part of the form. */
export type PartialRegistration = Partial<Omit<Registration, 'name'>> & { name?: Partial<RegistrationName> };
