/**
 * The registration form as FHIR resources: the Patient, a Coverage per insurance, one
 * Consent holding the privacy choices, and a RelatedPerson for a new guarantor. On an edit
 * the current Patient is the base: what the form does not manage (links, active,
 * deceased, other kinds of names and contact points, extensions of others) is kept.
 */
import type {
  Address,
  ContactPoint,
  Consent,
  ConsentProvision,
  Coverage,
  Extension,
  HumanName,
  Identifier,
  Organization,
  Patient,
  Practitioner,
  Reference,
  RelatedPerson,
} from '@medplum/fhirtypes';
import {
  CONSENT_CHOICES,
  CONTACT_ROLE_DISPLAY,
  EXTENSION,
  GENDER_IDENTITY_CODES,
  IDENTIFIER_TYPE_CODES,
  MARITAL_DISPLAY,
  REGISTRATION_CONSENT,
  RELATIONSHIP_CODES,
  SYSTEM,
} from './registration-codes.ts';
import type { ConsentChoices, NewRelatedPerson, Registration, RegistrationCoverage, RegistrationIdentifier } from './registration-types.ts';
import type { Photo } from './photo.ts';

const MANAGED_EXTENSIONS: readonly string[] = [EXTENSION.genderIdentity, EXTENSION.communication, EXTENSION.guarantor];

export function identifierOf(i: RegistrationIdentifier): Identifier {
  const type =
    i.type === 'other'
      ? { text: 'Other identifier' }
      : { coding: [{ system: SYSTEM.identifierType, ...IDENTIFIER_TYPE_CODES[i.type] }], text: IDENTIFIER_TYPE_CODES[i.type].display };
  return { use: i.type === 'national' ? 'official' : 'secondary', type, ...(i.system ? { system: i.system } : {}), value: i.value };
}

function namesOf(r: Registration, base: HumanName[] | undefined): HumanName[] {
  const official: HumanName = {
    use: 'official',
    family: r.name.family,
    ...(r.name.given.length ? { given: r.name.given } : {}),
    ...(r.name.prefix ? { prefix: r.name.prefix } : {}),
    ...(r.name.suffix ? { suffix: r.name.suffix } : {}),
  };
  const usual: HumanName[] = r.preferredName ? [{ use: 'usual', text: r.preferredName, given: [r.preferredName] }] : [];
  // Former and maiden names are history the form does not show: kept.
  const kept = (base ?? []).filter((n) => n.use === 'old' || n.use === 'maiden');
  return [official, ...usual, ...kept];
}

function telecomOf(r: Registration, base: ContactPoint[] | undefined): ContactPoint[] {
  const phones: ContactPoint[] = r.phones.map((p, i) => ({ system: 'phone', value: p.value, use: p.use, rank: i + 1 }));
  const email: ContactPoint[] = r.email ? [{ system: 'email', value: r.email }] : [];
  const kept = (base ?? []).filter((t) => t.system !== 'phone' && t.system !== 'email');
  return [...phones, ...email, ...kept];
}

function addressOf(a: Registration['addresses'][number]): Address {
  const { line, ...rest } = a;
  return { ...rest, ...(line.length ? { line } : {}) };
}

function genderIdentityOf(value: string): Extension {
  const key = value.toLowerCase();
  const display = GENDER_IDENTITY_CODES[key];
  return {
    url: EXTENSION.genderIdentity,
    valueCodeableConcept: display ? { coding: [{ system: SYSTEM.genderIdentity, code: key, display }], text: display } : { text: value },
  };
}

function communicationOf(c: NonNullable<Registration['communication']>): Extension {
  return {
    url: EXTENSION.communication,
    extension: [
      ...c.preferredChannels.map((ch) => ({ url: 'channel', valueCode: ch })),
      ...(c.quietHours
        ? [
            { url: 'quietHoursStart', valueTime: `${c.quietHours.start}:00` },
            { url: 'quietHoursEnd', valueTime: `${c.quietHours.end}:00` },
          ]
        : []),
    ],
  };
}

export interface PatientParts {
  id: string;
  mrn: Identifier;
  photo?: Photo;
  /** The current Patient, on an edit. */
  base?: Patient;
  generalPractitioner?: Reference<Practitioner>;
  guarantor?: Reference;
}

export function patientFromRegistration(r: Registration, parts: PatientParts): Patient {
  const base = parts.base;
  // The MRN stays; identifiers the form lists keep their stored form (a driver's licence stays typed DL);
  // record numbers of other systems, which the form does not show, are kept as they are.
  const kept = (base?.identifier ?? []).filter((i) => i !== parts.mrn && !(i.system === parts.mrn.system && i.value === parts.mrn.value));
  const unmanaged = kept.filter((i) => identifierKind(i) === undefined);
  const identifiers = r.identifiers.map(
    (i) =>
      kept.find((k) => k.value === i.value && (k.system ?? '') === (i.system ?? '') && identifierKind(k) === i.type) ?? identifierOf(i),
  );
  const extensions = [
    ...(base?.extension ?? []).filter((e) => !MANAGED_EXTENSIONS.includes(e.url)),
    ...(r.genderIdentity ? [genderIdentityOf(r.genderIdentity)] : []),
    ...(r.communication ? [communicationOf(r.communication)] : []),
    ...(parts.guarantor ? [{ url: EXTENSION.guarantor, valueReference: parts.guarantor }] : []),
  ];
  // The narrative would describe the old demographics: dropped on an edit rather than left stale.
  const { text: _narrative, ...rest } = base ?? ({ resourceType: 'Patient' } as Patient);
  const patient: Patient = {
    ...rest,
    resourceType: 'Patient',
    id: parts.id,
    identifier: [parts.mrn, ...identifiers, ...unmanaged],
    ...(base ? (base.active !== undefined ? { active: base.active } : {}) : { active: true }),
    name: namesOf(r, base?.name),
    telecom: telecomOf(r, base?.telecom),
    gender: r.sex,
    birthDate: r.birthDate,
    address: r.addresses.map(addressOf),
    contact: r.emergencyContacts.map((c) => ({
      relationship: [{ coding: [{ system: SYSTEM.contactRole, code: c.relationship, display: CONTACT_ROLE_DISPLAY[c.relationship]! }] }],
      name: { text: c.name },
      telecom: [{ system: 'phone', value: c.phone }],
    })),
    extension: extensions,
  };
  const maritalStatus = r.maritalStatus
    ? {
        coding: [
          {
            system: r.maritalStatus === 'UNK' ? SYSTEM.nullFlavor : SYSTEM.maritalStatus,
            code: r.maritalStatus,
            display: MARITAL_DISPLAY[r.maritalStatus]!,
          },
        ],
      }
    : undefined;
  const set = <K extends keyof Patient>(key: K, value: Patient[K] | undefined) => {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) delete patient[key];
    else patient[key] = value;
  };
  set('maritalStatus', maritalStatus);
  set('communication', r.language ? [{ language: { coding: [{ system: SYSTEM.bcp47, code: r.language }] }, preferred: true }] : undefined);
  set('photo', parts.photo ? [{ contentType: parts.photo.contentType, data: parts.photo.data, size: parts.photo.size }] : undefined);
  set('generalPractitioner', parts.generalPractitioner ? [parts.generalPractitioner] : undefined);
  for (const k of ['telecom', 'address', 'contact', 'extension'] as const) set(k, patient[k] as never);
  return patient;
}

/** Which of the form's kinds an identifier is; undefined for the MRN. */
export function identifierKind(i: Identifier): RegistrationIdentifier['type'] | undefined {
  const codes = (i.type?.coding ?? []).map((c) => c.code);
  if (codes.includes('MR')) return undefined;
  if (codes.some((c) => c === 'NI' || c === 'SS' || /^NN[A-Z]{3}$/.test(c ?? ''))) return 'national';
  if (i.system === 'http://hl7.org/fhir/sid/us-ssn') return 'national';
  if (codes.includes('PPN') || i.system?.startsWith('http://hl7.org/fhir/sid/passport')) return 'passport';
  return 'other';
}

export function coverageFromRegistration(
  c: RegistrationCoverage,
  opts: { id: string; patientId: string; payer: Reference<Organization>; base?: Coverage },
): Coverage {
  const classes: NonNullable<Coverage['class']> = [];
  if (c.plan)
    classes.push({ type: { coding: [{ system: SYSTEM.coverageClass, code: 'plan', display: 'Plan' }] }, value: c.plan, name: c.plan });
  if (c.groupNumber)
    classes.push({ type: { coding: [{ system: SYSTEM.coverageClass, code: 'group', display: 'Group' }] }, value: c.groupNumber });
  const { period: _p, class: _c, identifier: baseIds, ...rest } = opts.base ?? ({} as Partial<Coverage>);
  return {
    ...rest,
    resourceType: 'Coverage',
    id: opts.id,
    status: 'active',
    // The member number is encrypted by the store (type MB is a built-in sensitive element).
    identifier: [
      { type: { coding: [{ system: SYSTEM.identifierType, code: 'MB', display: 'Member Number' }] }, value: c.memberId },
      ...(baseIds ?? []).filter((i) => !i.type?.coding?.some((t) => t.code === 'MB')),
    ],
    beneficiary: { reference: `Patient/${opts.patientId}` },
    payor: [opts.payer],
    ...(classes.length ? { class: classes } : {}),
    ...(c.start || c.end ? { period: { ...(c.start ? { start: c.start } : {}), ...(c.end ? { end: c.end } : {}) } } : {}),
    order: c.order,
  };
}

/**
 * One Consent for the registration choices. Its top-level provision is always `permit`
 * (the patient accepts the privacy notice); each choice is a nested provision that
 * permits or denies one purpose. A top-level `deny` without an actor would mean, to the
 * access policy (access-scope.ts), that no clinician may see the patient at all.
 */
export function consentFromRegistration(c: ConsentChoices, opts: { id: string; patientId: string }): Consent {
  const choice = (key: keyof typeof CONSENT_CHOICES, permit: boolean): ConsentProvision => {
    const def = CONSENT_CHOICES[key];
    return {
      type: permit ? 'permit' : 'deny',
      purpose: [{ system: SYSTEM.actReason, code: def.purpose }],
      code: [{ coding: [{ system: SYSTEM.consentChoice, code: def.code, display: def.display }] }],
    };
  };
  return {
    resourceType: 'Consent',
    id: opts.id,
    status: 'active',
    scope: { coding: [{ system: SYSTEM.consentScope, code: 'patient-privacy', display: 'Privacy Consent' }] },
    category: [{ coding: [{ system: SYSTEM.loinc, code: '59284-0', display: 'Patient Consent' }] }, { coding: [REGISTRATION_CONSENT] }],
    patient: { reference: `Patient/${opts.patientId}` },
    dateTime: c.date,
    policyRule: {
      coding: [{ system: SYSTEM.privacyNotice, code: c.version, display: `Privacy notice ${c.version}` }],
      text: `Privacy notice ${c.version}`,
    },
    provision: {
      type: 'permit',
      provision: [
        choice('shareWithFamily', c.shareWithFamily),
        choice('shareWithInsurers', c.shareWithInsurers),
        choice('research', c.research),
        choice('marketing', !c.marketingOptOut),
      ],
    },
  };
}

export function relatedPersonFromInput(p: NewRelatedPerson, opts: { id: string; patientId: string }): RelatedPerson {
  const telecom: ContactPoint[] = [
    ...(p.phone ? [{ system: 'phone' as const, value: p.phone }] : []),
    ...(p.email ? [{ system: 'email' as const, value: p.email }] : []),
  ];
  return {
    resourceType: 'RelatedPerson',
    id: opts.id,
    active: true,
    patient: { reference: `Patient/${opts.patientId}` },
    relationship: [{ coding: [RELATIONSHIP_CODES[p.relationship]], text: p.relationship }],
    name: [{ text: p.name }],
    ...(telecom.length ? { telecom } : {}),
    ...(p.birthDate ? { birthDate: p.birthDate } : {}),
  };
}
