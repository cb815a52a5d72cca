/**
 * Who a generated patient is: sex and gender, age (0 to 100), whether and when they
 * died, their name (from many cultures), where they live, their clinic, general
 * practitioner and hospital; and the FHIR Patient resource for it.
 */
import type { ContactPoint, Patient } from '@medplum/fhirtypes';
import { resourceIdentifier } from './bundle-entries.ts';
import { MARITAL_STATUS, SYSTEM, concept, type Code } from './codes.ts';
import { patientIdentifiers } from './patient-identifiers.ts';
import { DAY, YEAR, date, dateTime } from './fhir-time.ts';
import { asciiSlug, drawFamilyOfGroup, drawName, humanNames, nameText, type PersonName, type Sex } from './names.ts';
import { drawAddress, drawCity, drawPhone, type City } from './places.ts';
import type { Random } from './random.ts';
import type { Directory, OrgInfo, PractitionerInfo, Work } from './shared-resources.ts';

export interface Demographics {
  sex: Sex;
  gender: NonNullable<Patient['gender']>;
  birth: number;
  /** Time of death, if the patient died. */
  death?: number;
  name: PersonName;
  display: string;
  prefix?: string;
  suffix?: string;
  maidenFamily?: string;
  marital: Code;
  city: City;
  clinic: OrgInfo;
  gp: PractitionerInfo;
  hospital: OrgInfo;
}

function drawAge(rnd: Random): number {
  const band = rnd.float();
  if (band < 0.2) return rnd.range(0, 18);
  if (band < 0.85) return rnd.range(18, 80);
  return rnd.range(80, 100);
}

function drawMarital(rnd: Random, age: number): Code {
  const M = MARITAL_STATUS;
  if (age < 18) return M.S;
  if (age < 30) return rnd.weighted([M.S, M.M, M.D, M.T], [60, 32, 4, 4]);
  if (age < 60) return rnd.weighted([M.M, M.S, M.D, M.L, M.T], [58, 20, 15, 3, 4]);
  return rnd.weighted([M.M, M.W, M.D, M.S], [52, 27, 13, 8]);
}

export function pickStaff(org: OrgInfo, works: readonly Work[], rnd: Random): PractitionerInfo | undefined {
  const fit = org.staff.filter((p) => works.includes(p.work));
  return fit.length > 0 ? rnd.pick(fit) : undefined;
}

export function pickAnywhere(dir: Directory, works: readonly Work[], rnd: Random): PractitionerInfo {
  const fit = dir.practitioners.filter((p) => works.includes(p.work));
  return rnd.pick(fit.length > 0 ? fit : dir.practitioners);
}

export function drawDemographics(rnd: Random, dir: Directory, now: number): Demographics {
  const genderRoll = rnd.float();
  const gender: Demographics['gender'] =
    genderRoll < 0.49 ? 'female' : genderRoll < 0.98 ? 'male' : genderRoll < 0.99 ? 'other' : 'unknown';
  const sex: Sex = gender === 'female' || gender === 'male' ? gender : rnd.chance(0.5) ? 'female' : 'male';
  const age = drawAge(rnd);
  // Born at some time of day; birthDate keeps the day.
  const birth = Math.floor(now - age * YEAR - rnd.range(0, DAY));
  let death: number | undefined;
  const deathChance = age < 40 ? 0.005 : age < 60 ? 0.02 : age < 80 ? 0.1 : 0.35;
  if (age >= 1 && rnd.chance(deathChance)) {
    const ago = rnd.range(0, Math.min(10 * YEAR, age * YEAR * 0.25));
    death = Math.floor(now - ago);
  }
  const ageAtEnd = ((death ?? now) - birth) / YEAR;
  const name = drawName(rnd, sex);
  const marital = drawMarital(rnd, ageAtEnd);
  let prefix: string | undefined;
  if (ageAtEnd >= 18 && rnd.chance(0.45)) {
    prefix = rnd.chance(0.04)
      ? 'Dr.'
      : sex === 'male'
        ? 'Mr.'
        : marital.code === 'M' || marital.code === 'W'
          ? rnd.pick(['Mrs.', 'Ms.'])
          : 'Ms.';
  }
  let suffix: string | undefined;
  if (name.group === 'english' && sex === 'male' && rnd.chance(0.06)) suffix = rnd.chance(0.7) ? 'Jr.' : 'III';
  let maidenFamily: string | undefined;
  if (
    sex === 'female' &&
    (marital.code === 'M' || marital.code === 'W' || marital.code === 'D') &&
    !name.familyFirst &&
    name.group !== 'spanish' &&
    rnd.chance(0.35)
  ) {
    maidenFamily = drawFamilyOfGroup(rnd, name.group, sex, name.family);
  }

  const clinics = dir.clinics.length > 0 ? dir.clinics : dir.hospitals;
  const clinic = rnd.pick(clinics);
  const child = ageAtEnd < 16;
  const gp =
    (child && rnd.chance(0.7) ? pickStaff(clinic, ['pediatric'], rnd) : undefined) ??
    pickStaff(clinic, ['primary'], rnd) ??
    pickStaff(clinic, ['pediatric', 'primary', 'specialist', 'hospitalist'], rnd) ??
    pickAnywhere(dir, child ? ['pediatric', 'primary'] : ['primary'], rnd);
  const sameCity = dir.hospitals.filter((h) => h.city.city === clinic.city.city);
  const hospital = rnd.pick(sameCity.length > 0 && rnd.chance(0.7) ? sameCity : dir.hospitals);
  // Some live near their clinic; the demo also wants many cities.
  const city = rnd.chance(0.4) ? clinic.city : drawCity(rnd);

  return {
    sex,
    gender,
    birth,
    death,
    name,
    display: nameText(name, prefix, suffix),
    prefix,
    suffix,
    maidenFamily,
    marital,
    city,
    clinic,
    gp,
    hospital,
  };
}

/** Where the patient sits in its seed's population: what the identifiers are derived from. */
export interface PatientSlot {
  seed: number;
  tag: string;
  index: number;
}

export function patientResource(rnd: Random, id: string, slot: PatientSlot, d: Demographics, now: number): Patient & { id: string } {
  const ageNow = ((d.death ?? now) - d.birth) / YEAR;
  const telecom: ContactPoint[] = [];
  const hasHome = rnd.chance(0.6);
  if (hasHome) telecom.push({ system: 'phone', value: drawPhone(rnd, d.city), use: 'home' });
  if (!hasHome || (ageNow >= 12 && rnd.chance(0.7)))
    telecom.push({ system: 'phone', value: drawPhone(rnd, d.city), use: 'mobile', rank: 1 });
  if (ageNow >= 13 && rnd.chance(0.75)) {
    const local = asciiSlug(`${d.name.given[0]} ${d.name.family}`) || 'patient';
    telecom.push({
      system: 'email',
      value: `${local}${rnd.int(1, 99)}@${rnd.pick(['example.com', 'example.net', 'example.org'])}`,
      use: 'home',
    });
  }
  const communication: NonNullable<Patient['communication']> = [{ language: concept(SYSTEM.bcp47, d.name.language), preferred: true }];
  if (!d.name.language.code.startsWith('en') && rnd.chance(0.6)) {
    communication.push({ language: concept(SYSTEM.bcp47, { code: 'en-US', display: 'English (United States)' }) });
  }
  const patient: Patient & { id: string } = {
    resourceType: 'Patient',
    id,
    identifier: [resourceIdentifier(id), ...patientIdentifiers(rnd, { ...slot, adult: ageNow >= 18, state: d.city.state })],
    active: true,
    name: humanNames(d.name, { prefix: d.prefix, suffix: d.suffix, maidenFamily: d.maidenFamily }),
    telecom,
    gender: d.gender,
    birthDate: date(d.birth),
    address: [drawAddress(rnd, d.city, 'home')],
    maritalStatus: concept(SYSTEM.maritalStatus, d.marital),
    communication,
    generalPractitioner: [{ reference: d.gp.ref, display: d.gp.display }],
    managingOrganization: { reference: d.clinic.ref, display: d.clinic.name },
  };
  if (d.death !== undefined) patient.deceasedDateTime = dateTime(d.death);
  return patient;
}
