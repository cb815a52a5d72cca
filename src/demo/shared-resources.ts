/**
 * The shared part of a demo set: hospitals and clinics (Organization + Location),
 * their practitioners (Practitioner + PractitionerRole), as one `batch` Bundle whose
 * entries are conditional creates (ifNoneExist on their identifier), like Synthea's
 * hospitalInformation and practitionerInformation files. Entries that point at other
 * shared resources do so by conditional reference, and come after them: a batch runs
 * its entries in order, each on its own.
 *
 * Also returns the directory the patient generator uses to pick a patient's clinic,
 * general practitioner, hospital and emergency physician.
 */
import type { Bundle, BundleEntry, ContactPoint, Location, Organization, Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import { conditionalReference, postEntry, resourceIdentifier } from './bundle-entries.ts';
import { SPECIALTIES, SYSTEM, concept, coding, type Specialty } from './codes.ts';
import { asciiSlug, drawName, humanNames, nameText, type Sex } from './names.ts';
import { drawAddress, drawCity, drawPhone, type City } from './places.ts';
import { Random, mix32, seedWord } from './random.ts';
import { SHARED_STREAM, UuidSource } from './uuids.ts';
import { luhnCheckDigit } from '../modules/patients/mrn.ts';

export type Work = Specialty['work'];

export interface OrgInfo {
  kind: 'hospital' | 'clinic';
  idValue: string;
  name: string;
  ref: string;
  city: City;
  locationRef: string;
  locationName: string;
  /** E-mail and web domain (under .example.org). */
  domain: string;
  staff: PractitionerInfo[];
}

export interface PractitionerInfo {
  npi: string;
  ref: string;
  display: string;
  work: Work;
  org: OrgInfo;
}

export interface Directory {
  hospitals: OrgInfo[];
  clinics: OrgInfo[];
  practitioners: PractitionerInfo[];
}

const HOSPITAL_PATTERNS = [
  (c: string) => `${c} General Hospital`,
  (c: string) => `${c} Regional Medical Center`,
  (c: string) => `University Hospital of ${c}`,
  (c: string) => `${c} Community Hospital`,
  (c: string) => `${c} Memorial Hospital`,
];
const SAINTS = ['St. Mary', 'St. Luke', 'St. Joseph', 'St. Francis', 'St. Elizabeth', 'St. Vincent', 'St. Anne', 'St. Catherine'];
const CLINIC_PATTERNS = [
  (c: string) => `${c} Family Health Center`,
  (c: string) => `${c} Primary Care`,
  (c: string) => `${c} Community Clinic`,
  (c: string) => `Riverside Health – ${c}`,
  (c: string) => `Clínica de la Comunidad ${c}`,
  (c: string) => `${c} Neighborhood Health`,
  (c: string) => `Harbor Family Practice ${c}`,
];

const HOSPITAL_STAFF: readonly Specialty[] = [
  SPECIALTIES.emergencyMedicine,
  SPECIALTIES.hospitalist,
  SPECIALTIES.internalMedicine,
  SPECIALTIES.cardiology,
  SPECIALTIES.emergencyMedicine,
  SPECIALTIES.endocrinology,
  SPECIALTIES.pulmonology,
  SPECIALTIES.hospitalist,
];
const CLINIC_STAFF: readonly Specialty[] = [
  SPECIALTIES.familyMedicine,
  SPECIALTIES.pediatrics,
  SPECIALTIES.internalMedicine,
  SPECIALTIES.familyNursePractitioner,
  SPECIALTIES.generalPractice,
  SPECIALTIES.familyMedicine,
];

const WEEKDAYS: ('mon' | 'tue' | 'wed' | 'thu' | 'fri')[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** Six hex digits of the seed, in organization ids, so two seeds' sets do not claim each other's. */
export function seedTag(seed: number): string {
  return (mix32(seedWord(seed) ^ 0x1b873593) >>> 8).toString(16).toUpperCase().padStart(6, '0');
}

function luhnNpi(body9: string): string {
  // NPI check digit: Luhn over "80840" + the first nine digits.
  return body9 + luhnCheckDigit(`80840${body9}`);
}

/** NPI-like: ten digits, valid check digit, distinct for every index below 10^8 within a seed. */
export function npiFor(seed: number, index: number): string {
  const offset = seedWord(seed) % 100_000_000;
  const body = (offset + index * 48_271) % 100_000_000;
  return luhnNpi(`1${String(body).padStart(8, '0')}`);
}

export function generateShared(opts: { seed: number; organizations: number; practitioners: number }): {
  bundle: Bundle;
  directory: Directory;
} {
  const { seed } = opts;
  const nOrg = Math.max(1, Math.floor(opts.organizations));
  const nPract = Math.max(1, Math.floor(opts.practitioners));
  const rnd = new Random(seed, SHARED_STREAM);
  const uuids = new UuidSource(seed, SHARED_STREAM);
  const tag = seedTag(seed);

  const orgEntries: BundleEntry[] = [];
  const locationEntries: BundleEntry[] = [];
  const practitionerEntries: BundleEntry[] = [];
  const roleEntries: BundleEntry[] = [];
  const nHospitals = Math.max(1, Math.round(nOrg * 0.3));
  const hospitals: OrgInfo[] = [];
  const clinics: OrgInfo[] = [];
  const usedNames = new Set<string>();

  for (let i = 0; i < nOrg; i++) {
    const kind = i < nHospitals ? 'hospital' : 'clinic';
    const city = drawCity(rnd);
    let name =
      kind === 'hospital'
        ? rnd.chance(0.3)
          ? `${rnd.pick(SAINTS)} Medical Center ${city.city}`
          : rnd.pick(HOSPITAL_PATTERNS)(city.city)
        : rnd.pick(CLINIC_PATTERNS)(city.city);
    if (usedNames.has(name)) name = `${name} ${kind === 'hospital' ? 'Campus' : 'Site'} ${i + 1}`;
    usedNames.add(name);
    const idValue = `${kind === 'hospital' ? 'H' : 'C'}-${tag}-${String(i + 1).padStart(4, '0')}`;
    const ref = conditionalReference('Organization', SYSTEM.orgId, idValue);
    const address = drawAddress(rnd, city, 'work');
    const phone = drawPhone(rnd, city);
    const domain = `${asciiSlug(name).split('.').filter(Boolean).join('-').slice(0, 40).replace(/-+$/, '')}.example.org`;
    const telecom: ContactPoint[] = [
      { system: 'phone', value: phone, use: 'work' },
      { system: 'email', value: `contact@${domain}`, use: 'work' },
      { system: 'url', value: `https://www.${domain}`, use: 'work' },
    ];
    const orgId = uuids.next();
    const org: Organization & { id: string } = {
      resourceType: 'Organization',
      id: orgId,
      identifier: [{ system: SYSTEM.orgId, value: idValue }, resourceIdentifier(orgId)],
      active: true,
      type: [concept(SYSTEM.organizationType, { code: 'prov', display: 'Healthcare Provider' })],
      name,
      telecom,
      address: [address],
    };
    if (kind === 'clinic' && hospitals.length > 0 && rnd.chance(0.5)) {
      const parent = rnd.pick(hospitals);
      org.partOf = { reference: parent.ref, display: parent.name };
    }
    orgEntries.push(postEntry(org, `identifier=${SYSTEM.orgId}|${idValue}`));

    const locId = uuids.next();
    const locationName = kind === 'hospital' ? `${name} – Main Building` : name;
    const location: Location & { id: string } = {
      resourceType: 'Location',
      id: locId,
      identifier: [resourceIdentifier(locId)],
      status: 'active',
      name: locationName,
      mode: 'instance',
      type: [
        concept(
          SYSTEM.roleCode,
          kind === 'hospital' ? { code: 'HOSP', display: 'Hospital' } : { code: 'OF', display: 'Outpatient facility' },
        ),
      ],
      telecom: [{ system: 'phone', value: phone, use: 'work' }],
      address: { ...address, line: address.line!.slice() },
      physicalType: concept(SYSTEM.locationPhysicalType, { code: 'bu', display: 'Building' }),
      managingOrganization: { reference: ref, display: name },
    };
    locationEntries.push(postEntry(location, `identifier=${SYSTEM.resourceId}|${locId}`));

    const info: OrgInfo = {
      kind,
      idValue,
      name,
      ref,
      city,
      locationRef: conditionalReference('Location', SYSTEM.resourceId, locId),
      locationName,
      domain,
      staff: [],
    };
    (kind === 'hospital' ? hospitals : clinics).push(info);
  }

  const orgs = [...hospitals, ...clinics];
  const practitioners: PractitionerInfo[] = [];
  for (let i = 0; i < nPract; i++) {
    const org = orgs[i % orgs.length]!;
    const k = org.staff.length;
    const plan = org.kind === 'hospital' ? HOSPITAL_STAFF : CLINIC_STAFF;
    const specialty = k < plan.length ? plan[k]! : rnd.pick(plan);
    const sex: Sex = rnd.chance(0.5) ? 'female' : 'male';
    const person = drawName(rnd, sex);
    const prefix = specialty.degree.code === 'NP' ? undefined : 'Dr.';
    const suffix = specialty.degree.code === 'NP' ? 'NP' : undefined;
    const display = nameText(person, prefix, suffix);
    const npi = npiFor(seed, i);
    const ref = conditionalReference('Practitioner', SYSTEM.npi, npi);
    const practId = uuids.next();
    const email = `${asciiSlug(`${person.given[0]} ${person.family}`)}.${i + 1}@${org.domain}`;
    const practitioner: Practitioner & { id: string } = {
      resourceType: 'Practitioner',
      id: practId,
      identifier: [{ system: SYSTEM.npi, value: npi }, resourceIdentifier(practId)],
      active: true,
      name: humanNames(person, { prefix, suffix }),
      telecom: [
        { system: 'phone', value: drawPhone(rnd, org.city), use: 'work' },
        { system: 'email', value: email, use: 'work' },
      ],
      address: [drawAddress(rnd, org.city, 'work')],
      gender: sex,
      qualification: [
        {
          identifier: [{ system: 'https://hale.example/license', value: `${org.city.state}-${rnd.digits(7)}` }],
          code: concept(SYSTEM.degree, specialty.degree),
          issuer: { display: `${org.city.state} Board of Medicine` },
        },
      ],
      communication: [concept(SYSTEM.bcp47, person.language)],
    };
    practitionerEntries.push(postEntry(practitioner, `identifier=${SYSTEM.npi}|${npi}`));

    const roleId = uuids.next();
    const role: PractitionerRole & { id: string } = {
      resourceType: 'PractitionerRole',
      id: roleId,
      identifier: [resourceIdentifier(roleId)],
      active: true,
      practitioner: { reference: ref, display },
      organization: { reference: org.ref, display: org.name },
      code: [{ coding: [coding(SYSTEM.practitionerRole, specialty.role)] }],
      specialty: [concept(SYSTEM.nucc, specialty)],
      location: [{ reference: org.locationRef, display: org.locationName }],
      telecom: [{ system: 'email', value: email, use: 'work' }],
      availableTime:
        org.kind === 'hospital' && (specialty.work === 'emergency' || specialty.work === 'hospitalist')
          ? [{ allDay: true, daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] }]
          : [{ daysOfWeek: WEEKDAYS.slice(), availableStartTime: '08:00:00', availableEndTime: '17:00:00' }],
    };
    roleEntries.push(postEntry(role, `identifier=${SYSTEM.resourceId}|${roleId}`));

    const info: PractitionerInfo = { npi, ref, display, work: specialty.work, org };
    org.staff.push(info);
    practitioners.push(info);
  }

  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'batch',
    entry: [...orgEntries, ...locationEntries, ...practitionerEntries, ...roleEntries],
  };
  return { bundle, directory: { hospitals, clinics, practitioners } };
}
