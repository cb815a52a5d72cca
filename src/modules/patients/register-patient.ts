/**
 * POST /api/v1/patients: a new patient from the registration form. The MRN is the server's
 * (never sent); the Patient, its Coverages, its Consent and a new guarantor are written in
 * one transaction, so a registration that fails anywhere leaves nothing behind.
 */
import { newResourceId } from '../../fhir/store/new-resource-id.ts';
import type { Patient } from '@medplum/fhirtypes';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { mrnIdentifier } from './mrn.ts';
import { nextMrn } from './next-mrn.ts';
import { planRegistration } from './registration-writes.ts';
import { validateRegistration } from './validate-registration.ts';

export interface RegistrationResult {
  id: string;
  mrn: string;
  patient: Patient;
}

export async function registerPatient(repo: FhirRepository, body: unknown, opts: { mrnSystem: string }): Promise<RegistrationResult> {
  const validated = await validateRegistration(body);
  return repo.inTransaction(async (tx) => {
    const id = newResourceId();
    const mrn = await nextMrn(tx, opts.mrnSystem);
    const plan = await planRegistration(tx, validated, { patientId: id, mrn: mrnIdentifier(mrn, opts.mrnSystem) });
    const [written] = await tx.writeMany(plan.items);
    return { id, mrn, patient: JSON.parse(written!.stored.json) as Patient };
  });
}
