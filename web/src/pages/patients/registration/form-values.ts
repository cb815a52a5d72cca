/**
 * The registration form's values (strings as inputs hold them) and their conversion to the
 * server's body (docs/patient-administration.md) and back. Empty optional inputs are left
 * out, so the server sees only what the desk filled in. The checks here mirror the
 * server's, for messages as the user types; the server checks everything again.
 */
import type { Registration, RegistrationView } from '../patient-api.ts';

export interface FormValues {
  name: { given: string; family: string; prefix: string; suffix: string };
  preferredName: string;
  sex: string;
  genderIdentity: string;
  birthDate: string;
  maritalStatus: string;
  language: string;
  photo: string;
  identifiers: { type: string; system: string; value: string }[];
  addresses: { use: string; line1: string; line2: string; city: string; state: string; postalCode: string; country: string }[];
  phones: { use: string; value: string }[];
  email: string;
  emergencyContacts: { name: string; relationship: string; phone: string }[];
  /** related: the guarantor already on the record (a RelatedPerson), kept as it is. */
  guarantor: { kind: 'none' | 'self' | 'person' | 'related'; relatedPersonId: string; name: string; relationship: string; phone: string };
  generalPractitionerId: string;
  coverages: {
    id: string;
    payerName: string;
    payerOrganizationId: string;
    plan: string;
    memberId: string;
    groupNumber: string;
    start: string;
    end: string;
    order: string;
  }[];
  preferredChannels: string[];
  quietStart: string;
  quietEnd: string;
  consents: {
    shareWithFamily: boolean;
    shareWithInsurers: boolean;
    research: boolean;
    marketingOptOut: boolean;
    version: string;
    date: string;
  };
}

/** The privacy notice version the desk shows; a site changes it when its notice changes. */
export const PRIVACY_NOTICE_VERSION = '2026-01';

export const today = () => new Date().toISOString().slice(0, 10);

export const emptyAddress = () => ({ use: 'home', line1: '', line2: '', city: '', state: '', postalCode: '', country: '' });
export const emptyPhone = () => ({ use: 'mobile', value: '' });
export const emptyIdentifier = () => ({ type: 'national', system: '', value: '' });
export const emptyContact = () => ({ name: '', relationship: 'C', phone: '' });
export const emptyCoverage = (order = '1') => ({
  id: '',
  payerName: '',
  payerOrganizationId: '',
  plan: '',
  memberId: '',
  groupNumber: '',
  start: '',
  end: '',
  order,
});

export function emptyValues(): FormValues {
  return {
    name: { given: '', family: '', prefix: '', suffix: '' },
    preferredName: '',
    sex: '',
    genderIdentity: '',
    birthDate: '',
    maritalStatus: '',
    language: '',
    photo: '',
    identifiers: [],
    addresses: [emptyAddress()],
    phones: [emptyPhone()],
    email: '',
    emergencyContacts: [],
    guarantor: { kind: 'none', relatedPersonId: '', name: '', relationship: 'parent', phone: '' },
    generalPractitionerId: '',
    coverages: [],
    preferredChannels: [],
    quietStart: '',
    quietEnd: '',
    consents: {
      shareWithFamily: false,
      shareWithInsurers: true,
      research: false,
      marketingOptOut: true,
      version: PRIVACY_NOTICE_VERSION,
      date: today(),
    },
  };
}

const words = (s: string) => s.trim().split(/\s+/).filter(Boolean);
const opt = <K extends string>(key: K, value: string) => (value.trim() ? ({ [key]: value.trim() } as Record<K, string>) : {});

export function toRegistration(v: FormValues): Registration {
  const quiet = v.quietStart && v.quietEnd ? { quietHours: { start: v.quietStart, end: v.quietEnd } } : {};
  return {
    name: {
      given: words(v.name.given),
      family: v.name.family.trim(),
      ...(v.name.prefix.trim() ? { prefix: words(v.name.prefix) } : {}),
      ...(v.name.suffix.trim() ? { suffix: words(v.name.suffix) } : {}),
    },
    ...opt('preferredName', v.preferredName),
    sex: v.sex as Registration['sex'],
    ...opt('genderIdentity', v.genderIdentity),
    birthDate: v.birthDate,
    ...(v.maritalStatus ? { maritalStatus: v.maritalStatus as Registration['maritalStatus'] } : {}),
    ...opt('language', v.language),
    ...opt('photo', v.photo),
    identifiers: v.identifiers
      .filter((i) => i.value.trim())
      .map((i) => ({ type: i.type as 'national', value: i.value.trim(), ...opt('system', i.system) })),
    addresses: v.addresses
      .filter((a) => a.line1.trim() || a.city.trim() || a.postalCode.trim())
      .map((a) => ({
        use: a.use as 'home',
        line: [a.line1, a.line2].map((l) => l.trim()).filter(Boolean),
        ...opt('city', a.city),
        ...opt('state', a.state),
        ...opt('postalCode', a.postalCode),
        ...opt('country', a.country),
      })),
    phones: v.phones.filter((p) => p.value.trim()).map((p) => ({ use: p.use as 'mobile', value: p.value.trim() })),
    ...opt('email', v.email),
    emergencyContacts: v.emergencyContacts
      .filter((c) => c.name.trim() || c.phone.trim())
      .map((c) => ({ name: c.name.trim(), relationship: c.relationship as 'C', phone: c.phone.trim() })),
    ...(v.guarantor.kind === 'self'
      ? { guarantor: { self: true as const } }
      : v.guarantor.kind === 'related' && v.guarantor.relatedPersonId
        ? { guarantor: { relatedPersonId: v.guarantor.relatedPersonId } }
        : v.guarantor.kind === 'person'
          ? {
              guarantor: {
                person: {
                  name: v.guarantor.name.trim(),
                  relationship: v.guarantor.relationship as 'parent',
                  ...opt('phone', v.guarantor.phone),
                },
              },
            }
          : {}),
    ...opt('generalPractitionerId', v.generalPractitionerId),
    coverages: v.coverages.map((c) => ({
      ...opt('id', c.id),
      ...opt('payerName', c.payerName),
      ...opt('payerOrganizationId', c.payerOrganizationId),
      ...opt('plan', c.plan),
      memberId: c.memberId.trim(),
      ...opt('groupNumber', c.groupNumber),
      ...opt('start', c.start),
      ...opt('end', c.end),
      order: Number(c.order) === 2 ? 2 : 1,
    })),
    ...(v.preferredChannels.length || v.quietStart
      ? { communication: { preferredChannels: v.preferredChannels as 'email'[], ...quiet } }
      : {}),
    consents: { ...v.consents },
  };
}

/** The edit form, filled from GET /api/v1/patients/:id/registration. */
export function fromRegistration(r: RegistrationView): FormValues {
  const base = emptyValues();
  const g = r.guarantor;
  return {
    ...base,
    name: {
      given: r.name.given.join(' '),
      family: r.name.family,
      prefix: (r.name.prefix ?? []).join(' '),
      suffix: (r.name.suffix ?? []).join(' '),
    },
    preferredName: r.preferredName ?? '',
    sex: r.sex,
    genderIdentity: r.genderIdentity ?? '',
    birthDate: r.birthDate,
    maritalStatus: r.maritalStatus ?? '',
    language: r.language ?? '',
    photo: r.photo ?? '',
    identifiers: r.identifiers.map((i) => ({ type: i.type, system: i.system ?? '', value: i.value })),
    addresses: r.addresses.length
      ? r.addresses.map((a) => ({
          use: a.use ?? 'home',
          line1: a.line[0] ?? '',
          line2: a.line.slice(1).join(', '),
          city: a.city ?? '',
          state: a.state ?? '',
          postalCode: a.postalCode ?? '',
          country: a.country ?? '',
        }))
      : base.addresses,
    phones: r.phones.length ? r.phones.map((p) => ({ use: p.use, value: p.value })) : base.phones,
    email: r.email ?? '',
    emergencyContacts: r.emergencyContacts.map((c) => ({ ...c })),
    guarantor:
      g && 'self' in g
        ? { ...base.guarantor, kind: 'self' }
        : g && 'relatedPersonId' in g
          ? { ...base.guarantor, kind: 'related', relatedPersonId: g.relatedPersonId }
          : g && 'person' in g
            ? { ...base.guarantor, kind: 'person', name: g.person.name, relationship: g.person.relationship, phone: g.person.phone ?? '' }
            : base.guarantor,
    generalPractitionerId: r.generalPractitionerId ?? '',
    coverages: r.coverages.map((c) => ({
      id: c.id ?? '',
      payerName: c.payerName ?? '',
      payerOrganizationId: c.payerOrganizationId ?? '',
      plan: c.plan ?? '',
      memberId: c.memberId,
      groupNumber: c.groupNumber ?? '',
      start: c.start ?? '',
      end: c.end ?? '',
      order: String(c.order),
    })),
    preferredChannels: r.communication?.preferredChannels ?? [],
    quietStart: r.communication?.quietHours?.start ?? '',
    quietEnd: r.communication?.quietHours?.end ?? '',
    consents: r.consents ? { ...r.consents } : base.consents,
  };
}

/**
 * The server names fields by the body's paths; some differ in the form (the given names are
 * one input, the address lines two, quiet hours two). This maps them for applyServerErrors.
 */
export function serverFieldAliases(v: FormValues): Record<string, string> {
  const aliases: Record<string, string> = {
    'name.given': 'name.given',
    'name.given[0]': 'name.given',
    'communication.quietHours': 'quietStart',
    'communication.quietHours.start': 'quietStart',
    'communication.quietHours.end': 'quietEnd',
    'communication.preferredChannels': 'preferredChannels',
    'guarantor.person.name': 'guarantor.name',
    'guarantor.person.phone': 'guarantor.phone',
  };
  v.addresses.forEach((_, i) => {
    aliases[`addresses[${i}].line`] = `addresses.${i}.line1`;
    aliases[`addresses[${i}].line[0]`] = `addresses.${i}.line1`;
    aliases[`addresses[${i}].line[1]`] = `addresses.${i}.line2`;
  });
  for (let i = 0; i < 5; i++) aliases[`communication.preferredChannels[${i}]`] = 'preferredChannels';
  return aliases;
}
