/**
 * The patient's family and others who act for them, as FHIR RelatedPerson resources:
 * POST /api/v1/patients/:id/related-persons {name, relationship, phone?, email?, birthDate?}
 * and GET the list. The relationship is a word of the form, stored as v3 RoleCode
 * (registration-codes.ts).
 */
import { newResourceId } from '../../fhir/store/new-resource-id.ts';
import type { Patient, RelatedPerson } from '@medplum/fhirtypes';
import { conflict } from '../../errors.ts';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { FieldErrors, emailAddress, isObject, isoDate, oneOf, phoneNumber, text, unknownKeys } from './field-errors.ts';
import { relationshipWord } from './registration-codes.ts';
import { relatedPersonFromInput } from './registration-fhir.ts';
import { RELATIONSHIPS, type NewRelatedPerson } from './registration-types.ts';
import { asStored, mergedInto, nameText, readResource, searchResources } from './store-reads.ts';

export interface RelatedPersonView {
  id: string;
  name: string;
  relationship?: string;
  phone?: string;
  email?: string;
  birthDate?: string;
  active: boolean;
}

export function relatedPersonView(rp: RelatedPerson): RelatedPersonView {
  const word = relationshipWord(rp.relationship?.flatMap((r) => r.coding ?? []));
  const phone = rp.telecom?.find((t) => t.system === 'phone')?.value;
  const email = rp.telecom?.find((t) => t.system === 'email')?.value;
  return {
    id: rp.id!,
    name: nameText(rp.name?.[0]),
    ...(word ? { relationship: word } : rp.relationship?.[0]?.text ? { relationship: rp.relationship[0].text } : {}),
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
    ...(rp.birthDate ? { birthDate: rp.birthDate } : {}),
    active: rp.active !== false,
  };
}

export function parseRelatedPerson(body: unknown): NewRelatedPerson {
  const errors = new FieldErrors();
  const b = isObject(body) ? body : {};
  if (!isObject(body)) errors.add('name', 'is required');
  unknownKeys(errors, b, '', ['name', 'relationship', 'phone', 'email', 'birthDate']);
  const name = text(errors, b.name, 'name', { required: true, max: 200 });
  const relationship = oneOf(errors, b.relationship, 'relationship', RELATIONSHIPS, { required: true });
  const phone = phoneNumber(errors, b.phone, 'phone');
  const email = emailAddress(errors, b.email, 'email');
  const birthDate = isoDate(errors, b.birthDate, 'birthDate', { notFuture: true });
  errors.throwIfAny('The related person');
  return {
    name: name!,
    relationship: relationship!,
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
    ...(birthDate ? { birthDate } : {}),
  };
}

export async function addRelatedPerson(repo: FhirRepository, patientId: string, body: unknown): Promise<RelatedPersonView> {
  const input = parseRelatedPerson(body);
  const patient = await readResource<Patient>(repo, 'Patient', patientId);
  const survivor = mergedInto(patient);
  if (survivor) throw conflict(`Patient/${patientId} was merged into Patient/${survivor}; add family to that record`);
  const rp = relatedPersonFromInput(input, { id: newResourceId(), patientId });
  const created = await repo.create(asStored(rp));
  return relatedPersonView(JSON.parse(created.stored.json) as RelatedPerson);
}

export async function listRelatedPersons(repo: FhirRepository, patientId: string): Promise<{ relatedPersons: RelatedPersonView[] }> {
  await readResource<Patient>(repo, 'Patient', patientId);
  const found = await searchResources<RelatedPerson>(repo, 'RelatedPerson', { patient: `Patient/${patientId}`, _count: '100' });
  return { relatedPersons: found.map(relatedPersonView) };
}
