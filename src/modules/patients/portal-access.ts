/**
 * POST /api/v1/patients/:id/related-persons/:rpId/portal-access {username, email?}: a portal
 * account for someone who acts for the patient (a proxy): role `patient`, linked to this
 * Patient and to the RelatedPerson, so it sees exactly the patient's record. Only for a
 * minor's family, or for a guardian whatever the patient's age; an adult's other relatives
 * need the patient's own account or a guardianship. The account is made the way an
 * administrator makes any account (accounts.ts), with a temporary password returned once.
 */
import type { Patient, RelatedPerson } from '@medplum/fhirtypes';
import { createUser } from '../../access/accounts.ts';
import type { PublicUser } from '../../access/user-row.ts';
import { HaleError, notFound } from '../../errors.ts';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import type { FhirResource } from '../../fhir/store/stored-resource.ts';
import { FieldErrors, emailAddress, isObject, today, unknownKeys } from './field-errors.ts';
import { relationshipWord } from './registration-codes.ts';
import { ageInYears, isDeceased, mergedInto, nameText, readResource } from './store-reads.ts';

export const ADULT_AGE = 18;

export interface PortalAccessResult {
  user: PublicUser;
  /** Shown once: the account must change it at first sign-in. */
  temporaryPassword: string;
}

export async function grantPortalAccess(
  repo: FhirRepository,
  patientId: string,
  relatedPersonId: string,
  body: unknown,
): Promise<PortalAccessResult> {
  const errors = new FieldErrors();
  const b = isObject(body) ? body : {};
  unknownKeys(errors, b, '', ['username', 'email']);
  // The username's own rules are the account module's; only its presence is checked here.
  if (typeof b.username !== 'string' || !b.username.trim()) errors.add('username', 'is required');
  const email = emailAddress(errors, b.email, 'email');
  errors.throwIfAny('The portal access request');
  repo.assertId(relatedPersonId);

  return repo.inTransaction(async (tx) => {
    const patient = await readResource<Patient>(tx, 'Patient', patientId);
    const survivor = mergedInto(patient);
    if (survivor) throw new HaleError('conflict', `Patient/${patientId} was merged into Patient/${survivor}; grant access on that record`);
    // A death closes the record's portal accounts (patient-status.ts); a new one is not opened on it.
    if (isDeceased(patient)) throw new HaleError('conflict', `Patient/${patientId} is deceased: the portal is closed for this record`);
    const rp = await readResource<RelatedPerson>(tx, 'RelatedPerson', relatedPersonId);
    if (rp.patient.reference !== `Patient/${patientId}`)
      throw notFound(`RelatedPerson/${relatedPersonId} is not related to Patient/${patientId}`);
    if (rp.active === false) throw new HaleError('invalid-resource', `RelatedPerson/${relatedPersonId} is inactive`);
    const relationship = relationshipWord(rp.relationship?.flatMap((r) => r.coding ?? []));
    const age = ageInYears(patient.birthDate, today());
    const minor = age !== undefined && age < ADULT_AGE;
    if (!minor && relationship !== 'guardian') {
      const who = age === undefined ? 'the patient has no recorded date of birth' : `the patient is ${age}, an adult`;
      throw new HaleError(
        'invalid-resource',
        `Portal access for a relative is for a minor's family or a legal guardian: ${who}, and this person is recorded as ${relationship ?? 'another relation'}. The patient can have their own account, or record the person as guardian.`,
      );
    }
    const created = await createUser(tx.db, {
      username: (b.username as string).trim(),
      displayName: nameText(rp.name?.[0]) || (b.username as string).trim(),
      roles: ['patient'],
      patientId,
      relatedPersonId,
    });
    // The address the portal writes to is the person's own, on their record.
    if (email && !rp.telecom?.some((t) => t.system === 'email' && t.value?.toLowerCase() === email.toLowerCase())) {
      await tx.update('RelatedPerson', relatedPersonId, {
        ...rp,
        telecom: [...(rp.telecom ?? []), { system: 'email', value: email }],
      } as FhirResource);
    }
    return { user: created.user, temporaryPassword: created.temporaryPassword! };
  });
}
