/**
 * The registration form filled from the stored resources, for the edit screen
 * (GET /api/v1/patients/:id/registration): the inverse of registration-fhir.ts. Values
 * another system wrote in forms the form has no field for are left out rather than guessed.
 */
import type { Consent, Coverage, Patient } from '@medplum/fhirtypes';
import { findMrn } from './mrn.ts';
import { photoDataUrl } from './photo.ts';
import { CONSENT_CHOICES, EXTENSION, SYSTEM } from './registration-codes.ts';
import { identifierKind } from './registration-fhir.ts';
import {
  ADDRESS_TYPES,
  ADDRESS_USES,
  CHANNELS,
  CONTACT_RELATIONSHIPS,
  MARITAL_STATUSES,
  PHONE_USES,
  SEXES,
  type Channel,
  type CommunicationPreferences,
  type ConsentChoices,
  type Registration,
  type RegistrationCoverage,
} from './registration-types.ts';

export type RegistrationView = Registration & { id: string; mrn?: string };

const has = <T extends string>(list: readonly T[], v: unknown): v is T => typeof v === 'string' && (list as readonly string[]).includes(v);

function communicationFrom(p: Patient): CommunicationPreferences | undefined {
  const ext = p.extension?.find((e) => e.url === EXTENSION.communication);
  if (!ext) return undefined;
  const sub = ext.extension ?? [];
  const channels = sub.filter((e) => e.url === 'channel' && has(CHANNELS, e.valueCode)).map((e) => e.valueCode as Channel);
  const start = sub.find((e) => e.url === 'quietHoursStart')?.valueTime?.slice(0, 5);
  const end = sub.find((e) => e.url === 'quietHoursEnd')?.valueTime?.slice(0, 5);
  return { preferredChannels: channels, ...(start && end ? { quietHours: { start, end } } : {}) };
}

export function consentChoicesFrom(c: Consent): ConsentChoices | undefined {
  const nested = c.provision?.provision ?? [];
  const permitted = (code: string): boolean | undefined => {
    const p = nested.find((n) => n.code?.some((cc) => cc.coding?.some((x) => x.system === SYSTEM.consentChoice && x.code === code)));
    return p ? p.type === 'permit' : undefined;
  };
  const family = permitted(CONSENT_CHOICES.shareWithFamily.code);
  const insurers = permitted(CONSENT_CHOICES.shareWithInsurers.code);
  const research = permitted(CONSENT_CHOICES.research.code);
  const marketing = permitted(CONSENT_CHOICES.marketing.code);
  const version = c.policyRule?.coding?.find((x) => x.system === SYSTEM.privacyNotice)?.code;
  if (family === undefined || insurers === undefined || research === undefined || marketing === undefined || !version || !c.dateTime)
    return undefined;
  return {
    shareWithFamily: family,
    shareWithInsurers: insurers,
    research,
    marketingOptOut: !marketing,
    version,
    date: c.dateTime.slice(0, 10),
  };
}

export function coverageView(c: Coverage): RegistrationCoverage & { status?: string } {
  const payorRef = c.payor?.[0]?.reference;
  const cls = (code: string) => c.class?.find((k) => k.type?.coding?.some((t) => t.code === code))?.value;
  const plan = cls('plan');
  const group = cls('group');
  return {
    id: c.id!,
    ...(payorRef?.startsWith('Organization/') ? { payerOrganizationId: payorRef.slice('Organization/'.length) } : {}),
    ...(c.payor?.[0]?.display ? { payerName: c.payor[0].display } : {}),
    ...(plan ? { plan } : {}),
    memberId: c.identifier?.find((i) => i.type?.coding?.some((t) => t.code === 'MB'))?.value ?? c.subscriberId ?? '',
    ...(group ? { groupNumber: group } : {}),
    ...(c.period?.start ? { start: c.period.start.slice(0, 10) } : {}),
    ...(c.period?.end ? { end: c.period.end.slice(0, 10) } : {}),
    order: c.order === 2 ? 2 : 1,
  };
}

export function registrationFromFhir(
  p: Patient,
  coverages: Coverage[],
  consent: Consent | undefined,
  mrnSystem?: string,
): RegistrationView {
  const official = p.name?.find((n) => n.use === 'official') ?? p.name?.find((n) => n.use !== 'usual' && n.use !== 'old') ?? p.name?.[0];
  const usual = p.name?.find((n) => n.use === 'usual' && n !== official);
  const mrn = findMrn(p.identifier, mrnSystem);
  const marital = p.maritalStatus?.coding?.find((c) => c.system === SYSTEM.maritalStatus || c.system === SYSTEM.nullFlavor)?.code;
  const language = p.communication?.find((c) => c.preferred) ?? p.communication?.[0];
  const genderIdentity = p.extension?.find((e) => e.url === EXTENSION.genderIdentity)?.valueCodeableConcept;
  const guarantorRef = p.extension?.find((e) => e.url === EXTENSION.guarantor)?.valueReference?.reference;
  const gp = p.generalPractitioner?.find((g) => g.reference?.startsWith('Practitioner/'))?.reference;
  const photo = p.photo?.[0] ? photoDataUrl(p.photo[0]) : undefined;
  const communication = communicationFrom(p);
  const consents = consent ? consentChoicesFrom(consent) : undefined;
  const email = p.telecom?.find((t) => t.system === 'email' && t.value)?.value;
  return {
    id: p.id!,
    ...(mrn?.value ? { mrn: mrn.value } : {}),
    name: {
      given: official?.given ?? [],
      family: official?.family ?? '',
      ...(official?.prefix?.length ? { prefix: official.prefix } : {}),
      ...(official?.suffix?.length ? { suffix: official.suffix } : {}),
    },
    ...(usual ? { preferredName: usual.text ?? usual.given?.join(' ') ?? '' } : {}),
    sex: has(SEXES, p.gender) ? p.gender : 'unknown',
    ...(genderIdentity ? { genderIdentity: genderIdentity.coding?.[0]?.code ?? genderIdentity.text ?? '' } : {}),
    birthDate: p.birthDate ?? '',
    ...(has(MARITAL_STATUSES, marital) ? { maritalStatus: marital } : {}),
    ...(language?.language.coding?.[0]?.code ? { language: language.language.coding[0].code } : {}),
    ...(photo ? { photo } : {}),
    identifiers: (p.identifier ?? []).flatMap((i) => {
      const type = identifierKind(i);
      if (!type || !i.value || i === mrn) return [];
      return [{ type, value: i.value, ...(i.system ? { system: i.system } : {}) }];
    }),
    addresses: (p.address ?? []).map((a) => ({
      ...(has(ADDRESS_USES, a.use) ? { use: a.use } : {}),
      ...(has(ADDRESS_TYPES, a.type) ? { type: a.type } : {}),
      line: a.line ?? [],
      ...(a.city ? { city: a.city } : {}),
      ...(a.district ? { district: a.district } : {}),
      ...(a.state ? { state: a.state } : {}),
      ...(a.postalCode ? { postalCode: a.postalCode } : {}),
      ...(a.country ? { country: a.country } : {}),
    })),
    phones: (p.telecom ?? [])
      .filter((t) => t.system === 'phone' && t.value)
      .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity))
      .map((t) => ({ use: has(PHONE_USES, t.use) ? t.use : 'mobile', value: t.value! })),
    ...(email ? { email } : {}),
    emergencyContacts: (p.contact ?? []).flatMap((c) => {
      const code = c.relationship
        ?.flatMap((r) => r.coding ?? [])
        .find((x) => x.system === SYSTEM.contactRole && has(CONTACT_RELATIONSHIPS, x.code));
      const phone = c.telecom?.find((t) => t.system === 'phone')?.value;
      const name = c.name?.text ?? [...(c.name?.given ?? []), c.name?.family].filter(Boolean).join(' ');
      return code && phone && name ? [{ name, relationship: code.code as 'C' | 'N' | 'E', phone }] : [];
    }),
    ...(guarantorRef === `Patient/${p.id}`
      ? { guarantor: { self: true as const } }
      : guarantorRef?.startsWith('RelatedPerson/')
        ? { guarantor: { relatedPersonId: guarantorRef.slice('RelatedPerson/'.length) } }
        : {}),
    ...(gp ? { generalPractitionerId: gp.slice('Practitioner/'.length) } : {}),
    coverages: coverages.map(coverageView).sort((a, b) => a.order - b.order),
    ...(communication ? { communication } : {}),
    ...(consents ? { consents } : {}),
  };
}
