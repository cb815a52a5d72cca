/** The service a portal request names, with its rules; a 422 on `serviceId` when it is unknown or not open online. */
import { HaleError } from '../../errors.ts';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { displayOf } from '../scheduling/fhir-terms.ts';
import { servicesWithRules, type RuledService } from './portal-reads.ts';

export async function requireOnlineService(repo: FhirRepository, serviceId: string): Promise<RuledService> {
  const found = (await servicesWithRules(repo, [serviceId])).get(serviceId);
  if (!found) {
    const message = `is not a known service (HealthcareService/${serviceId})`;
    throw new HaleError('invalid-resource', `The service ${serviceId} is not known.`, [{ field: 'serviceId', message }]);
  }
  if (!found.rules.enabled) {
    const message = `${displayOf(found.service) ?? 'This service'} cannot be booked online; call the clinic to book it.`;
    throw new HaleError('invalid-resource', message, [{ field: 'serviceId', message }]);
  }
  return found;
}
