/**
 * GET /api/v1/patients/:id/registration: the registration form filled from the record,
 * for the edit screen. A section the caller's role may not read (a nurse and Consent, a
 * lab and Coverage) is left out of the answer and listed in `restricted`; sent back that
 * way, the edit leaves it alone.
 */
import type { Consent, Coverage, Patient } from '@medplum/fhirtypes';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { REGISTRATION_CONSENT } from './registration-codes.ts';
import { registrationFromFhir, type RegistrationView } from './registration-from-fhir.ts';
import { isError, readResource, searchResources, type WithId } from './store-reads.ts';

async function allowedSection<T>(fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    if (isError(err, 'forbidden')) return null;
    throw err;
  }
}

export async function getRegistration(
  repo: FhirRepository,
  id: string,
  mrnSystem: string,
): Promise<Partial<RegistrationView> & { restricted?: string[] }> {
  const patient = await readResource<Patient>(repo, 'Patient', id);
  const coverages = await allowedSection(() =>
    searchResources<Coverage>(repo, 'Coverage', { beneficiary: `Patient/${id}`, status: 'active', _count: '50' }),
  );
  const consents = await allowedSection(() =>
    searchResources<Consent>(repo, 'Consent', {
      patient: `Patient/${id}`,
      category: `${REGISTRATION_CONSENT.system}|${REGISTRATION_CONSENT.code}`,
      status: 'active',
      _sort: '-_lastUpdated',
      _count: '1',
    }),
  );
  const view: Partial<RegistrationView> = registrationFromFhir(
    patient,
    coverages ?? [],
    consents?.[0] as WithId<Consent> | undefined,
    mrnSystem,
  );
  const restricted: string[] = [];
  if (coverages === null) {
    delete view.coverages;
    restricted.push('coverages');
  }
  if (consents === null) restricted.push('consents');
  return restricted.length ? { ...view, restricted } : view;
}
