/** The Appointment a task endpoint acts on, with its version (for If-Match), or a 404. */
import type { Appointment } from '@medplum/fhirtypes';
import { HaleError, notFound } from '../../errors.ts';
import type { FhirRepository } from '../../fhir/store/repository.ts';

export async function readAppointment(repo: FhirRepository, id: string): Promise<{ appointment: Appointment; versionId: number }> {
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) throw notFound(`Appointment/${id} is not known`);
  const stored = await repo.read('Appointment', id);
  return { appointment: JSON.parse(stored.json) as Appointment, versionId: stored.versionId };
}

/** 409 unless the appointment's status is one of `allowed`. */
export function requireStatus(a: Appointment, allowed: readonly string[], doing: string): void {
  if (allowed.includes(a.status ?? '')) return;
  throw new HaleError('conflict', `Appointment/${a.id} is ${a.status}; only ${allowed.join(' or ')} appointments can be ${doing}`, [
    { field: 'status', message: `is ${a.status}` },
  ]);
}
