/**
 * The registration body checked field by field (registration-types.ts): every problem is
 * reported at once, named by its path in the request. With `partial` (the duplicate
 * check) nothing is required, but what is given must still be well formed.
 */
import { badRequest } from '../../errors.ts';
import {
  FieldErrors,
  at,
  bool,
  emailAddress,
  isObject,
  isoDate,
  list,
  oneOf,
  phoneNumber,
  resourceId,
  text,
  texts,
  unknownKeys,
  type Json,
} from './field-errors.ts';
import { parsePhoto, type Photo } from './photo.ts';
import {
  ADDRESS_TYPES,
  ADDRESS_USES,
  CHANNELS,
  CONTACT_RELATIONSHIPS,
  IDENTIFIER_TYPES,
  MARITAL_STATUSES,
  PHONE_USES,
  RELATIONSHIPS,
  SEXES,
  type CommunicationPreferences,
  type ConsentChoices,
  type Guarantor,
  type NewRelatedPerson,
  type Registration,
  type RegistrationAddress,
  type RegistrationCoverage,
  type RegistrationIdentifier,
} from './registration-types.ts';

const FIELDS = [
  'name',
  'preferredName',
  'sex',
  'genderIdentity',
  'birthDate',
  'maritalStatus',
  'language',
  'photo',
  'identifiers',
  'addresses',
  'phones',
  'email',
  'emergencyContacts',
  'guarantor',
  'generalPractitionerId',
  'coverages',
  'communication',
  'consents',
  // Given back by GET .../registration; ignored when sent (the MRN is the server's).
  'id',
  'mrn',
  'restricted',
];

/** BCP-47 as people use it: a language, then optionally a script, a region and variants (en, en-US, zh-Hant-TW). */
const BCP47 = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-(?:[A-Z]{2}|\d{3}))?(-(?:[a-z0-9]{5,8}|\d[a-z0-9]{3}))*$/i;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** en-us -> en-US, zh-hant-tw -> zh-Hant-TW: the case BCP-47 recommends. */
export function canonicalLanguage(tag: string): string {
  return tag
    .split('-')
    .map((part, i) => {
      if (i === 0) return part.toLowerCase();
      if (/^[a-z]{4}$/i.test(part)) return part[0]!.toUpperCase() + part.slice(1).toLowerCase();
      if (/^[a-z]{2}$/i.test(part)) return part.toUpperCase();
      return part.toLowerCase();
    })
    .join('-');
}

export interface ValidatedRegistration {
  registration: Registration;
  photo?: Photo;
  /** The top-level fields the body had: an edit leaves the patient's coverages and consents alone when they were not sent. */
  sent: ReadonlySet<string>;
}

interface Ctx {
  errors: FieldErrors;
  partial: boolean;
  now: Date;
}

function nameOf(c: Ctx, v: unknown): Registration['name'] {
  const field = 'name';
  if (!isObject(v)) {
    if (v !== undefined || !c.partial) c.errors.add(field, v === undefined ? 'is required' : 'must be an object {given, family}');
    return { given: [], family: '' };
  }
  unknownKeys(c.errors, v, field, ['given', 'family', 'prefix', 'suffix']);
  const family = text(c.errors, v.family, 'name.family', { required: !c.partial, max: 100 }) ?? '';
  const given = texts(c.errors, v.given, 'name.given', { max: 100, maxItems: 5 });
  const prefix = texts(c.errors, v.prefix, 'name.prefix', { max: 40, maxItems: 3 });
  const suffix = texts(c.errors, v.suffix, 'name.suffix', { max: 40, maxItems: 3 });
  return { given, family, ...(prefix.length ? { prefix } : {}), ...(suffix.length ? { suffix } : {}) };
}

function identifiersOf(c: Ctx, v: unknown): RegistrationIdentifier[] {
  const out: RegistrationIdentifier[] = [];
  const seen = new Set<string>();
  list(c.errors, v, 'identifiers').forEach((item, i) => {
    const f = at('identifiers', i);
    unknownKeys(c.errors, item, f, ['type', 'system', 'value']);
    const type = oneOf(c.errors, item.type, at(f, 'type'), IDENTIFIER_TYPES, { required: true });
    const system = text(c.errors, item.system, at(f, 'system'), { max: 200 });
    if (system !== undefined && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(system))
      c.errors.add(at(f, 'system'), 'must be a URI (http://... or urn:...)');
    const value = text(c.errors, item.value, at(f, 'value'), { required: true, max: 100 });
    if (!type || !value) return;
    const key = `${type}|${system ?? ''}|${value.toUpperCase()}`;
    if (seen.has(key)) c.errors.add(at(f, 'value'), 'is listed twice');
    seen.add(key);
    out.push({ type, value, ...(system ? { system } : {}) });
  });
  return out;
}

function addressesOf(c: Ctx, v: unknown): RegistrationAddress[] {
  return list(c.errors, v, 'addresses', 5).map((item, i) => {
    const f = at('addresses', i);
    unknownKeys(c.errors, item, f, ['use', 'type', 'line', 'city', 'district', 'state', 'postalCode', 'country']);
    const a: RegistrationAddress = { line: texts(c.errors, item.line, at(f, 'line'), { max: 200, maxItems: 4 }) };
    const use = oneOf(c.errors, item.use, at(f, 'use'), ADDRESS_USES);
    const type = oneOf(c.errors, item.type, at(f, 'type'), ADDRESS_TYPES);
    if (use) a.use = use;
    if (type) a.type = type;
    for (const k of ['city', 'district', 'state', 'postalCode', 'country'] as const) {
      const t = text(c.errors, item[k], at(f, k), { max: 100 });
      if (t) a[k] = t;
    }
    if (!a.line.length && !a.city && !a.postalCode) c.errors.add(f, 'needs at least a street line, a city or a postal code');
    return a;
  });
}

function relatedPersonOf(c: Ctx, item: Json, f: string): NewRelatedPerson | undefined {
  unknownKeys(c.errors, item, f, ['name', 'relationship', 'phone', 'email', 'birthDate']);
  const name = text(c.errors, item.name, at(f, 'name'), { required: true, max: 200 });
  const relationship = oneOf(c.errors, item.relationship, at(f, 'relationship'), RELATIONSHIPS, { required: true });
  const phone = phoneNumber(c.errors, item.phone, at(f, 'phone'));
  const email = emailAddress(c.errors, item.email, at(f, 'email'));
  const birthDate = isoDate(c.errors, item.birthDate, at(f, 'birthDate'), { notFuture: true, now: c.now });
  if (!name || !relationship) return undefined;
  return { name, relationship, ...(phone ? { phone } : {}), ...(email ? { email } : {}), ...(birthDate ? { birthDate } : {}) };
}

function guarantorOf(c: Ctx, v: unknown): Guarantor | undefined {
  if (v === undefined || v === null) return undefined;
  const f = 'guarantor';
  if (!isObject(v)) {
    c.errors.add(f, 'must be {"self": true}, {"relatedPersonId": "..."} or a new person {"name", "relationship", ...}');
    return undefined;
  }
  if (v.self !== undefined) {
    unknownKeys(c.errors, v, f, ['self']);
    if (v.self !== true) c.errors.add(at(f, 'self'), 'must be true (or leave guarantor out)');
    return { self: true };
  }
  if (v.relatedPersonId !== undefined) {
    unknownKeys(c.errors, v, f, ['relatedPersonId']);
    const id = resourceId(c.errors, v.relatedPersonId, at(f, 'relatedPersonId'), { required: true });
    return id ? { relatedPersonId: id } : undefined;
  }
  // A new person, either as the type writes it ({"person": {...}}) or flat ({"name", ...}).
  if (v.person !== undefined) {
    unknownKeys(c.errors, v, f, ['person']);
    if (!isObject(v.person)) {
      c.errors.add(at(f, 'person'), 'must be an object {"name", "relationship", ...}');
      return undefined;
    }
    const person = relatedPersonOf(c, v.person, at(f, 'person'));
    return person ? { person } : undefined;
  }
  const person = relatedPersonOf(c, v, f);
  return person ? { person } : undefined;
}

function coveragesOf(c: Ctx, v: unknown): RegistrationCoverage[] {
  const out: RegistrationCoverage[] = [];
  const orders = new Map<number, number>();
  list(c.errors, v, 'coverages', 4).forEach((item, i) => {
    const f = at('coverages', i);
    unknownKeys(c.errors, item, f, ['id', 'payerOrganizationId', 'payerName', 'plan', 'memberId', 'groupNumber', 'start', 'end', 'order']);
    const id = resourceId(c.errors, item.id, at(f, 'id'));
    const payerOrganizationId = resourceId(c.errors, item.payerOrganizationId, at(f, 'payerOrganizationId'));
    const payerName = text(c.errors, item.payerName, at(f, 'payerName'), { max: 200 });
    if (!payerOrganizationId && !payerName && item.payerOrganizationId === undefined)
      c.errors.add(at(f, 'payerName'), 'is required: name the insurer (payerName) or pick its Organization (payerOrganizationId)');
    const plan = text(c.errors, item.plan, at(f, 'plan'), { max: 100 });
    const memberId = text(c.errors, item.memberId, at(f, 'memberId'), { required: true, max: 64 });
    const groupNumber = text(c.errors, item.groupNumber, at(f, 'groupNumber'), { max: 64 });
    const start = isoDate(c.errors, item.start, at(f, 'start'));
    const end = isoDate(c.errors, item.end, at(f, 'end'));
    if (start && end && end < start) c.errors.add(at(f, 'end'), `must not be before the start (${start})`);
    let order: 1 | 2 = out.length === 0 ? 1 : 2;
    if (item.order !== undefined) {
      if (item.order !== 1 && item.order !== 2) c.errors.add(at(f, 'order'), 'must be 1 (primary) or 2 (secondary)');
      else order = item.order;
    }
    if (orders.has(order))
      c.errors.add(at(f, 'order'), `${order === 1 ? 'primary' : 'secondary'} is already coverages[${orders.get(order)}]`);
    else orders.set(order, i);
    if (!memberId) return;
    out.push({
      ...(id ? { id } : {}),
      ...(payerOrganizationId ? { payerOrganizationId } : {}),
      ...(payerName ? { payerName } : {}),
      ...(plan ? { plan } : {}),
      memberId,
      ...(groupNumber ? { groupNumber } : {}),
      ...(start ? { start } : {}),
      ...(end ? { end } : {}),
      order,
    });
  });
  return out;
}

function communicationOf(c: Ctx, v: unknown, r: Registration): CommunicationPreferences | undefined {
  if (v === undefined || v === null) return undefined;
  const f = 'communication';
  if (!isObject(v)) {
    c.errors.add(f, 'must be an object {preferredChannels, quietHours?}');
    return undefined;
  }
  unknownKeys(c.errors, v, f, ['preferredChannels', 'quietHours']);
  const channels: CommunicationPreferences['preferredChannels'] = [];
  const raw = v.preferredChannels ?? [];
  if (!Array.isArray(raw)) c.errors.add(at(f, 'preferredChannels'), `must be a list of ${CHANNELS.join(', ')}`);
  else
    raw.forEach((ch, i) => {
      const cf = at(at(f, 'preferredChannels'), i);
      const channel = oneOf(c.errors, ch, cf, CHANNELS);
      if (!channel) return;
      if (channels.includes(channel)) return c.errors.add(cf, 'is listed twice');
      channels.push(channel);
      // A channel the patient cannot be reached on is a promise the reminders cannot keep.
      if (channel === 'email' && !r.email) c.errors.add(cf, 'needs an email address (email)');
      if ((channel === 'sms' || channel === 'whatsapp') && !r.phones.some((p) => p.use === 'mobile'))
        c.errors.add(cf, 'needs a mobile phone (phones[].use = mobile)');
      if (channel === 'phone' && !r.phones.length) c.errors.add(cf, 'needs a phone number (phones)');
      if (channel === 'post' && !r.addresses.length) c.errors.add(cf, 'needs an address (addresses)');
    });
  let quietHours: CommunicationPreferences['quietHours'];
  if (v.quietHours !== undefined && v.quietHours !== null) {
    const qf = at(f, 'quietHours');
    if (!isObject(v.quietHours)) c.errors.add(qf, 'must be {start: "HH:MM", end: "HH:MM"}');
    else {
      unknownKeys(c.errors, v.quietHours, qf, ['start', 'end']);
      const { start, end } = v.quietHours;
      if (typeof start !== 'string' || !HH_MM.test(start)) c.errors.add(at(qf, 'start'), 'must be a time HH:MM (00:00 to 23:59)');
      if (typeof end !== 'string' || !HH_MM.test(end)) c.errors.add(at(qf, 'end'), 'must be a time HH:MM (00:00 to 23:59)');
      else if (start === end) c.errors.add(at(qf, 'end'), 'must differ from the start');
      if (typeof start === 'string' && typeof end === 'string' && HH_MM.test(start) && HH_MM.test(end) && start !== end)
        quietHours = { start, end };
    }
  }
  return { preferredChannels: channels, ...(quietHours ? { quietHours } : {}) };
}

function consentsOf(c: Ctx, v: unknown): ConsentChoices | undefined {
  if (v === undefined || v === null) return undefined;
  const f = 'consents';
  if (!isObject(v)) {
    c.errors.add(f, 'must be an object {shareWithFamily, shareWithInsurers, research, marketingOptOut, version, date}');
    return undefined;
  }
  unknownKeys(c.errors, v, f, ['shareWithFamily', 'shareWithInsurers', 'research', 'marketingOptOut', 'version', 'date']);
  const shareWithFamily = bool(c.errors, v.shareWithFamily, at(f, 'shareWithFamily'), { required: true });
  const shareWithInsurers = bool(c.errors, v.shareWithInsurers, at(f, 'shareWithInsurers'), { required: true });
  const research = bool(c.errors, v.research, at(f, 'research'), { required: true });
  const marketingOptOut = bool(c.errors, v.marketingOptOut, at(f, 'marketingOptOut'), { required: true });
  const version = text(c.errors, v.version, at(f, 'version'), { required: true, max: 40 });
  const date = isoDate(c.errors, v.date, at(f, 'date'), { required: true, notFuture: true, now: c.now });
  if (
    shareWithFamily === undefined ||
    shareWithInsurers === undefined ||
    research === undefined ||
    marketingOptOut === undefined ||
    !version ||
    !date
  )
    return undefined;
  return { shareWithFamily, shareWithInsurers, research, marketingOptOut, version, date };
}

/**
 * The body checked and normalised. Throws 400 when it is not an object at all, 422 naming
 * every field otherwise.
 */
export async function validateRegistration(body: unknown, opts: { partial?: boolean; now?: Date } = {}): Promise<ValidatedRegistration> {
  if (!isObject(body)) throw badRequest('The body must be a JSON object with the registration fields');
  const c: Ctx = { errors: new FieldErrors(), partial: opts.partial ?? false, now: opts.now ?? new Date() };
  const { errors } = c;
  unknownKeys(errors, body, '', FIELDS);
  // Checked in the order of the form, so the problems are listed as the form shows the fields.
  const name = nameOf(c, body.name);
  const preferredName = text(errors, body.preferredName, 'preferredName', { max: 100 });
  const sex = oneOf(errors, body.sex, 'sex', SEXES, { required: !c.partial }) ?? 'unknown';
  const genderIdentity = text(errors, body.genderIdentity, 'genderIdentity', { max: 100 });
  const birthDate = isoDate(errors, body.birthDate, 'birthDate', { required: !c.partial, notFuture: true, now: c.now }) ?? '';
  const marital = oneOf(errors, body.maritalStatus, 'maritalStatus', MARITAL_STATUSES);
  let language = text(errors, body.language, 'language', { max: 35 });
  if (language !== undefined && !BCP47.test(language)) {
    errors.add('language', 'must be a BCP-47 language tag (en, en-US, pt-BR, zh-Hant)');
    language = undefined;
  }
  const photo = await parsePhoto(errors, body.photo, 'photo');
  const identifiers = identifiersOf(c, body.identifiers);
  const addresses = addressesOf(c, body.addresses);
  const phones = list(errors, body.phones, 'phones', 5).flatMap((item, i) => {
    const f = at('phones', i);
    unknownKeys(errors, item, f, ['use', 'value']);
    const use = oneOf(errors, item.use, at(f, 'use'), PHONE_USES) ?? 'mobile';
    const value = phoneNumber(errors, item.value, at(f, 'value'), { required: true });
    return value ? [{ use, value }] : [];
  });
  const email = emailAddress(errors, body.email, 'email');
  const emergencyContacts = list(errors, body.emergencyContacts, 'emergencyContacts', 5).flatMap((item, i) => {
    const f = at('emergencyContacts', i);
    unknownKeys(errors, item, f, ['name', 'relationship', 'phone']);
    const contactName = text(errors, item.name, at(f, 'name'), { required: true, max: 200 });
    const relationship = oneOf(errors, item.relationship, at(f, 'relationship'), CONTACT_RELATIONSHIPS, { required: true });
    const phone = phoneNumber(errors, item.phone, at(f, 'phone'), { required: true });
    return contactName && relationship && phone ? [{ name: contactName, relationship, phone }] : [];
  });
  const guarantor = guarantorOf(c, body.guarantor);
  const gp = resourceId(errors, body.generalPractitionerId, 'generalPractitionerId');
  const coverages = coveragesOf(c, body.coverages);
  const r: Registration = {
    name,
    ...(preferredName ? { preferredName } : {}),
    sex,
    ...(genderIdentity ? { genderIdentity } : {}),
    birthDate,
    ...(marital ? { maritalStatus: marital } : {}),
    ...(language ? { language: canonicalLanguage(language) } : {}),
    ...(photo ? { photo: `data:${photo.contentType};base64,${photo.data}` } : {}),
    identifiers,
    addresses,
    phones,
    ...(email ? { email } : {}),
    emergencyContacts,
    ...(guarantor ? { guarantor } : {}),
    ...(gp ? { generalPractitionerId: gp } : {}),
    coverages,
  };
  const communication = communicationOf(c, body.communication, r);
  if (communication) r.communication = communication;
  const consents = consentsOf(c, body.consents);
  if (consents) r.consents = consents;
  errors.throwIfAny('The registration');
  return { registration: r, ...(photo ? { photo } : {}), sent: new Set(Object.keys(body).filter((k) => body[k] !== undefined)) };
}
