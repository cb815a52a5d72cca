/**
 * What a registration (or an edit of one) writes: the Patient first, then its Coverages,
 * the Consent of its choices and a new guarantor, as one batch for FhirRepository.writeMany
 * inside the caller's transaction. References the form names (general practitioner,
 * payer Organization, guarantor) are read first, through the store, so a wrong id is a
 * 422 on its field and nothing is written.
 */
import { newResourceId } from '../../fhir/store/new-resource-id.ts';
import type { Consent, Coverage, Identifier, Organization, Patient, Practitioner, Reference, RelatedPerson } from '@medplum/fhirtypes';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import type { BatchItem } from '../../fhir/store/write-batch.ts';
import type { FhirResource } from '../../fhir/store/stored-resource.ts';
import { FieldErrors, at } from './field-errors.ts';
import { REGISTRATION_CONSENT } from './registration-codes.ts';
import { consentFromRegistration, coverageFromRegistration, patientFromRegistration, relatedPersonFromInput } from './registration-fhir.ts';
import { asStored, nameText, officialName, readIfExists, sameResource, searchResources, type WithId } from './store-reads.ts';
import type { ValidatedRegistration } from './validate-registration.ts';

export interface RegistrationTarget {
  patientId: string;
  mrn: Identifier;
  /** On an edit: the current Patient, and the If-Match version the client sent. */
  current?: WithId<Patient>;
  ifMatch?: number;
}

export interface RegistrationPlan {
  patient: Patient;
  items: BatchItem[];
}

/** The patient's active Coverages and registration Consent, as the edit screen shows them. */
export async function registrationCompanions(
  repo: FhirRepository,
  patientId: string,
): Promise<{ coverages: WithId<Coverage>[]; consent?: WithId<Consent> }> {
  const coverages = await searchResources<Coverage>(repo, 'Coverage', {
    beneficiary: `Patient/${patientId}`,
    status: 'active',
    _count: '50',
  });
  const consents = await searchResources<Consent>(repo, 'Consent', {
    patient: `Patient/${patientId}`,
    category: `${REGISTRATION_CONSENT.system}|${REGISTRATION_CONSENT.code}`,
    status: 'active',
    _sort: '-_lastUpdated',
    _count: '1',
  });
  return { coverages, ...(consents[0] ? { consent: consents[0] } : {}) };
}

function displayOf(r: Practitioner | Organization): string | undefined {
  if (r.resourceType === 'Organization') return r.name;
  return nameText(officialName(r.name)) || undefined;
}

async function reference(
  repo: FhirRepository,
  errors: FieldErrors,
  field: string,
  type: 'Practitioner' | 'Organization',
  id: string,
): Promise<{ reference: string; display?: string } | undefined> {
  const found = await readIfExists<Practitioner | Organization>(repo, type, id);
  if (!found) {
    errors.add(field, `${type}/${id} does not exist`);
    return undefined;
  }
  const display = displayOf(found);
  return { reference: `${type}/${id}`, ...(display ? { display } : {}) };
}

function item(resource: FhirResource, current?: { meta?: { versionId?: string } }, ifMatch?: number): BatchItem {
  return {
    resourceType: resource.resourceType,
    id: resource.id!,
    resource,
    method: current ? 'PUT' : 'POST',
    ...(ifMatch !== undefined ? { ifMatch } : current?.meta?.versionId ? { ifMatch: Number(current.meta.versionId) } : {}),
  };
}

export async function planRegistration(repo: FhirRepository, v: ValidatedRegistration, t: RegistrationTarget): Promise<RegistrationPlan> {
  const r = v.registration;
  const errors = new FieldErrors();
  const generalPractitioner = r.generalPractitionerId
    ? await reference(repo, errors, 'generalPractitionerId', 'Practitioner', r.generalPractitionerId)
    : undefined;
  const payers = new Map<number, Reference<Organization>>();
  for (const [i, c] of r.coverages.entries()) {
    if (c.payerOrganizationId) {
      const ref = await reference(repo, errors, at(at('coverages', i), 'payerOrganizationId'), 'Organization', c.payerOrganizationId);
      if (ref) payers.set(i, c.payerName ? { ...ref, display: c.payerName } : ref);
    } else payers.set(i, { display: c.payerName! });
  }

  const editing = t.current !== undefined;
  const updateCompanions = !editing || v.sent.has('coverages') || v.sent.has('consents');
  const companions = editing && updateCompanions ? await registrationCompanions(repo, t.patientId) : { coverages: [] };
  const existingCoverages = new Map(companions.coverages.map((c) => [c.id, c]));
  r.coverages.forEach((c, i) => {
    if (c.id && !existingCoverages.has(c.id))
      errors.add(at(at('coverages', i), 'id'), `Coverage/${c.id} is not an active coverage of this patient`);
  });

  const extra: FhirResource[] = [];
  let guarantor: Reference | undefined;
  if (r.guarantor && 'self' in r.guarantor) guarantor = { reference: `Patient/${t.patientId}` };
  else if (r.guarantor && 'relatedPersonId' in r.guarantor) {
    const id = r.guarantor.relatedPersonId;
    const rp = await readIfExists<RelatedPerson>(repo, 'RelatedPerson', id);
    if (!rp) errors.add('guarantor.relatedPersonId', `RelatedPerson/${id} does not exist`);
    else if (rp.patient.reference !== `Patient/${t.patientId}`)
      errors.add('guarantor.relatedPersonId', `RelatedPerson/${id} is not related to this patient`);
    else guarantor = { reference: `RelatedPerson/${id}`, ...(rp.name?.[0] ? { display: nameText(rp.name[0]) } : {}) };
  } else if (r.guarantor && 'person' in r.guarantor) {
    const rp = relatedPersonFromInput(r.guarantor.person, { id: newResourceId(), patientId: t.patientId });
    extra.push(asStored(rp));
    guarantor = { reference: `RelatedPerson/${rp.id}`, display: r.guarantor.person.name };
  }
  errors.throwIfAny('The registration');

  const patient = patientFromRegistration(r, {
    id: t.patientId,
    mrn: t.mrn,
    ...(v.photo ? { photo: v.photo } : {}),
    ...(t.current ? { base: t.current } : {}),
    ...(generalPractitioner ? { generalPractitioner } : {}),
    ...(guarantor ? { guarantor } : {}),
  });
  const items: BatchItem[] = [];
  // Only what changes is written: an edit by a role that may read Coverage but not write it
  // (a doctor) still saves the demographics when the insurance is left as it was.
  if (!t.current || !sameResource(t.current, patient)) items.push(item(asStored(patient), t.current, t.ifMatch));

  if (!editing || v.sent.has('coverages')) {
    const kept = new Set<string>();
    r.coverages.forEach((c, i) => {
      const base = c.id ? existingCoverages.get(c.id) : undefined;
      const coverage = coverageFromRegistration(c, {
        id: base?.id ?? newResourceId(),
        patientId: t.patientId,
        payer: payers.get(i)!,
        ...(base ? { base } : {}),
      });
      if (base) kept.add(base.id);
      if (!base || !sameResource(base, coverage)) items.push(item(asStored(coverage), base));
    });
    // A card no longer on the form is ended, not deleted: claims may still point at it.
    for (const old of companions.coverages) if (!kept.has(old.id)) items.push(item(asStored({ ...old, status: 'cancelled' }), old));
  }
  if (r.consents && (!editing || v.sent.has('consents'))) {
    const id = companions.consent?.id ?? newResourceId();
    const consent = consentFromRegistration(r.consents, { id, patientId: t.patientId });
    if (!companions.consent || !sameResource(companions.consent, consent)) items.push(item(asStored(consent), companions.consent));
  }
  for (const e of extra) items.push(item(e));
  return { patient, items };
}
