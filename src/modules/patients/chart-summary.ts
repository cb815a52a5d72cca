/**
 * GET /api/v1/patients/:id/chart-summary: what the chart's banner and summary panel show, in
 * one call: who the patient is (name, age, sex, MRN, photo, status), whether they have
 * active allergies, their insurance, contacts, privacy choices, general practitioner and
 * family. Each part is read through the store with the caller's context; a part the role
 * may not read (a receptionist and allergies) is null and listed in `restricted`, so the
 * banner still shows what the caller may see.
 */
import type { Consent, Coverage, Patient, Practitioner, RelatedPerson } from '@medplum/fhirtypes';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { today } from './field-errors.ts';
import { findMrn } from './mrn.ts';
import { photoDataUrl } from './photo.ts';
import { CONTACT_ROLE_DISPLAY, REGISTRATION_CONSENT, SYSTEM } from './registration-codes.ts';
import { consentChoicesFrom, coverageView } from './registration-from-fhir.ts';
import { relatedPersonView } from './related-persons.ts';
import { ageInYears, isError, mergedInto, nameText, officialName, readIfExists, readResource, searchResources } from './store-reads.ts';

type Section = 'allergies' | 'coverages' | 'consents' | 'relatedPersons' | 'generalPractitioner';

/** "34 y", "8 mo", "12 d": how a banner writes an age. */
export function ageText(birthDate: string | undefined, on: string): string | undefined {
  const years = ageInYears(birthDate, on);
  if (years === undefined) return undefined;
  if (years >= 2) return `${years} y`;
  const b = new Date(`${birthDate}T00:00:00Z`);
  const d = new Date(`${on}T00:00:00Z`);
  const months =
    (d.getUTCFullYear() - b.getUTCFullYear()) * 12 + d.getUTCMonth() - b.getUTCMonth() - (d.getUTCDate() < b.getUTCDate() ? 1 : 0);
  if (months >= 1) return `${months} mo`;
  return `${Math.round((d.getTime() - b.getTime()) / 86_400_000)} d`;
}

export async function chartSummary(repo: FhirRepository, id: string, mrnSystem: string) {
  const p = await readResource<Patient>(repo, 'Patient', id);
  const restricted: Section[] = [];
  const section = async <T>(name: Section, fn: () => Promise<T>): Promise<T | null> => {
    try {
      return await fn();
    } catch (err) {
      if (!isError(err, 'forbidden')) throw err;
      restricted.push(name);
      return null;
    }
  };
  const ref = `Patient/${id}`;
  const activeAllergies = await section('allergies', async () => {
    const r = await repo.search(
      'AllergyIntolerance',
      new URLSearchParams({ patient: ref, 'clinical-status': 'active', _summary: 'count' }),
      false,
    );
    return r.total ?? 0;
  });
  const coverages = await section('coverages', () =>
    searchResources<Coverage>(repo, 'Coverage', { beneficiary: ref, status: 'active', _count: '20' }),
  );
  const consents = await section('consents', () =>
    searchResources<Consent>(repo, 'Consent', {
      patient: ref,
      category: `${REGISTRATION_CONSENT.system}|${REGISTRATION_CONSENT.code}`,
      status: 'active',
      _sort: '-_lastUpdated',
      _count: '1',
    }),
  );
  const relatedPersons = await section('relatedPersons', () =>
    searchResources<RelatedPerson>(repo, 'RelatedPerson', { patient: ref, _count: '50' }),
  );
  const gpRef = p.generalPractitioner?.[0];
  const gp = gpRef
    ? await section('generalPractitioner', async () => {
        if (gpRef.display || !gpRef.reference?.startsWith('Practitioner/')) return { reference: gpRef.reference, display: gpRef.display };
        const prac = await readIfExists<Practitioner>(repo, 'Practitioner', gpRef.reference.slice('Practitioner/'.length));
        return { reference: gpRef.reference, display: prac ? nameText(officialName(prac.name)) : undefined };
      })
    : undefined;

  const deceasedOn = p.deceasedDateTime?.slice(0, 10);
  const on = deceasedOn ?? today();
  const usual = p.name?.find((n) => n.use === 'usual');
  const photo = p.photo?.[0] ? photoDataUrl(p.photo[0]) : undefined;
  const consent = consents?.[0];
  return {
    patient: {
      id,
      name: nameText(officialName(p.name)),
      ...(usual ? { preferredName: nameText(usual) } : {}),
      ...(p.birthDate ? { birthDate: p.birthDate } : {}),
      ...(ageInYears(p.birthDate, on) !== undefined ? { age: ageInYears(p.birthDate, on), ageText: ageText(p.birthDate, on) } : {}),
      ...(p.gender ? { sex: p.gender } : {}),
      ...(findMrn(p.identifier, mrnSystem)?.value ? { mrn: findMrn(p.identifier, mrnSystem)!.value } : {}),
      ...(photo ? { photo } : {}),
      active: p.active !== false,
      deceased: p.deceasedDateTime ? { dateTime: p.deceasedDateTime } : p.deceasedBoolean === true ? { dateTime: null } : false,
      ...(mergedInto(p) ? { mergedInto: mergedInto(p) } : {}),
    },
    allergies: activeAllergies === null ? null : { active: activeAllergies, flag: activeAllergies > 0 },
    coverages:
      coverages === null
        ? null
        : coverages
            .map((c) => ({ ...coverageView(c), ...(c.payor?.[0]?.display ? { payer: c.payor[0].display } : {}) }))
            .sort((a, b) => a.order - b.order),
    contacts: (p.contact ?? []).map((c) => {
      const code = c.relationship?.flatMap((r) => r.coding ?? []).find((x) => x.system === SYSTEM.contactRole)?.code;
      return {
        name: c.name ? nameText(c.name) : '',
        ...(code ? { relationship: code, relationshipDisplay: CONTACT_ROLE_DISPLAY[code] ?? code } : {}),
        ...(c.telecom?.find((t) => t.system === 'phone')?.value ? { phone: c.telecom.find((t) => t.system === 'phone')!.value } : {}),
      };
    }),
    consents: consents === null ? null : consent ? { id: consent.id, ...consentChoicesFrom(consent) } : undefined,
    generalPractitioner: gp,
    relatedPersons: relatedPersons === null ? null : relatedPersons.map(relatedPersonView),
    ...(restricted.length ? { restricted } : {}),
  };
}

export type ChartSummary = Awaited<ReturnType<typeof chartSummary>>;
