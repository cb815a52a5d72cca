/**
 * PUT /api/v1/patients/:id: the registration form saved again. The body is the same as at
 * registration; the MRN is kept (a patient imported without one gets one now). Coverages
 * and consents are only touched when the body has them, so a screen that does not show
 * them cannot cancel them by leaving them out.
 */
import type { Patient } from '@medplum/fhirtypes';
import { conflict } from '../../errors.ts';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { findMrn, mrnIdentifier } from './mrn.ts';
import { nextMrn } from './next-mrn.ts';
import type { RegistrationResult } from './register-patient.ts';
import { planRegistration } from './registration-writes.ts';
import { mergedInto, readResource } from './store-reads.ts';
import { validateRegistration } from './validate-registration.ts';

export async function updateRegistration(
  repo: FhirRepository,
  id: string,
  body: unknown,
  opts: { mrnSystem: string; ifMatch?: number },
): Promise<RegistrationResult> {
  repo.assertId(id);
  const validated = await validateRegistration(body);
  return repo.inTransaction(async (tx) => {
    const current = await readResource<Patient>(tx, 'Patient', id);
    const survivor = mergedInto(current);
    if (survivor) throw conflict(`Patient/${id} was merged into Patient/${survivor}; edit that record instead`);
    const existing = findMrn(current.identifier, opts.mrnSystem);
    const mrn = existing ?? mrnIdentifier(await nextMrn(tx, opts.mrnSystem), opts.mrnSystem);
    const plan = await planRegistration(tx, validated, {
      patientId: id,
      mrn,
      current,
      ...(opts.ifMatch !== undefined ? { ifMatch: opts.ifMatch } : {}),
    });
    const results = await tx.writeMany(plan.items);
    const written = results.find((r) => r.stored.resourceType === 'Patient');
    const patient = written ? (JSON.parse(written.stored.json) as Patient) : current;
    return { id, mrn: mrn.value!, patient };
  });
}
