/**
 * POST /api/v1/scheduling/waitlist {patientId, practitionerId, locationId?, from?, to?, type?, note?}:
 * the patient waits for a time with the practitioner. An entry is an Appointment in status
 * waitlist (R4's own status for it) with the patient and the practitioner as participants
 * and the wanted window as requestedPeriod; it holds no time.
 */
import type { Appointment, Location, Patient, Practitioner } from '@medplum/fhirtypes';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { summarizeEntry, type WaitlistEntry } from './waitlist-entry.ts';
import { APPOINTMENT_TYPES, PRIMARY_PERFORMER, appointmentTypeConcept, displayOf } from './fhir-terms.ts';
import { FieldErrors, dayOrInstant, isObject, oneOf, resourceId, text, unknownKeys, type Json } from './field-errors.ts';
import { changeBy, withChange } from './status-history.ts';
import { refuseUnbookablePatient } from './bookable-patient.ts';
import { asResource, readForField } from './store-reads.ts';
import { utcIso } from './zoned-time.ts';

export async function addToWaitlist(repo: FhirRepository, body: unknown, now = new Date()): Promise<WaitlistEntry> {
  const errors = new FieldErrors();
  const b: Json = isObject(body) ? body : {};
  if (!isObject(body)) errors.add('patientId', 'is required: the body is a JSON object');
  unknownKeys(errors, b, '', ['patientId', 'practitionerId', 'locationId', 'from', 'to', 'type', 'note']);
  const patientId = resourceId(errors, b.patientId, 'patientId', { required: true });
  const practitionerId = resourceId(errors, b.practitionerId, 'practitionerId', { required: true });
  const locationId = resourceId(errors, b.locationId, 'locationId');
  const from = dayOrInstant(errors, b.from, 'from');
  const to = dayOrInstant(errors, b.to, 'to');
  const type = oneOf(errors, b.type, 'type', APPOINTMENT_TYPES);
  const note = text(errors, b.note, 'note', { max: 2000 });
  const text_ = (x: { date: string } | { instant: Date }) => ('date' in x ? x.date : utcIso(x.instant));
  if (from && to && text_(to) < text_(from)) errors.add('to', 'must not be before from');
  errors.throwIfAny('The waitlist entry');
  const patient = await readForField<Patient>(repo, 'Patient', patientId, 'patientId', errors);
  refuseUnbookablePatient(patient, 'patientId', errors);
  const practitioner = await readForField<Practitioner>(repo, 'Practitioner', practitionerId, 'practitionerId', errors);
  const location = await readForField<Location>(repo, 'Location', locationId, 'locationId', errors);
  errors.throwIfAny('The waitlist entry');

  const ref = (t: string, id: string, r: { name?: unknown } | undefined) => ({
    reference: `${t}/${id}`,
    ...(displayOf(r) ? { display: displayOf(r)! } : {}),
  });
  const entry = withChange(
    {
      resourceType: 'Appointment',
      status: 'waitlist',
      ...(type ? { appointmentType: appointmentTypeConcept(type) } : {}),
      ...(from || to ? { requestedPeriod: [{ ...(from ? { start: text_(from) } : {}), ...(to ? { end: text_(to) } : {}) }] } : {}),
      created: now.toISOString(),
      ...(note ? { comment: note } : {}),
      participant: [
        { actor: ref('Patient', patientId!, patient), required: 'required', status: 'needs-action' },
        {
          type: [PRIMARY_PERFORMER],
          actor: ref('Practitioner', practitionerId!, practitioner),
          required: 'required',
          status: 'needs-action',
        },
        ...(locationId
          ? [{ actor: ref('Location', locationId, location), required: 'required' as const, status: 'needs-action' as const }]
          : []),
      ],
    } satisfies Appointment,
    changeBy(repo.ctx, 'waitlisted', 'waitlist', now, note ? { reason: note } : {}),
  );
  const { stored } = await repo.create(asResource(entry));
  return summarizeEntry(JSON.parse(stored.json) as Appointment, undefined, undefined);
}
