/**
 * POST /api/v1/appointments: book a patient with a practitioner (and a room, and a service).
 * The time must lie in the practitioner's availability unless the request carries an
 * overbook override; whether the practitioner, the room or the patient is already booked is
 * decided by the store's double-booking guard, atomically, so two requests for one slot on
 * two servers cannot both win: the loser gets a 409 naming who is busy and when.
 */
import type { Appointment, AppointmentParticipant, HealthcareService, Location, Patient, Practitioner } from '@medplum/fhirtypes';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { explainConflict } from './busy-conflict.ts';
import { PRIMARY_PERFORMER, PRIORITIES, appointmentTypeConcept, displayOf } from './fhir-terms.ts';
import { FieldErrors } from './field-errors.ts';
import { fitOf, outsideAvailability, practitionerSchedules } from './fit-availability.ts';
import { auditOverbook, overbookExtension } from './overbook.ts';
import { serviceAppointmentTypes, serviceMinutes } from './service-terms.ts';
import { changeBy, withChange } from './status-history.ts';
import { refuseUnbookablePatient } from './bookable-patient.ts';
import { asResource, locationTimeZone, readForField } from './store-reads.ts';
import { validateBooking } from './validate-booking.ts';
import { utcIso } from './zoned-time.ts';
import { notifyAppointmentChange } from '../notifications/notify-appointment.ts';

const ref = (type: string, id: string, display: string | undefined) => ({ reference: `${type}/${id}`, ...(display ? { display } : {}) });

export async function bookAppointment(repo: FhirRepository, body: unknown, now = new Date()): Promise<Appointment> {
  const v = validateBooking(body);
  const errors = new FieldErrors();
  const patient = await readForField<Patient>(repo, 'Patient', v.patientId, 'patientId', errors);
  refuseUnbookablePatient(patient, 'patientId', errors);
  const practitioner = await readForField<Practitioner>(repo, 'Practitioner', v.practitionerId, 'practitionerId', errors);
  const location = await readForField<Location>(repo, 'Location', v.locationId, 'locationId', errors);
  const service = await readForField<HealthcareService>(repo, 'HealthcareService', v.serviceId, 'serviceId', errors);
  const allowedTypes = serviceAppointmentTypes(service);
  if (service && allowedTypes.length && !allowedTypes.includes(v.type)) {
    errors.add('type', `must be one of ${allowedTypes.join(', ')} for the service ${displayOf(service) ?? v.serviceId}`);
  }
  errors.throwIfAny('The booking');

  // The length: end, durationMinutes, the service's duration, or one slot of the practitioner's schedule.
  const schedules = await practitionerSchedules(repo, v.practitionerId, v.locationId);
  const probe = fitOf(schedules, v.start, new Date(v.start.getTime() + 60_000));
  const minutes = v.durationMinutes ?? serviceMinutes(service) ?? (probe.fitting ?? schedules[0])?.slotMinutes ?? 15;
  const end = v.end ?? new Date(v.start.getTime() + minutes * 60_000);
  const fit = fitOf(schedules, v.start, end);
  const practitionerName = displayOf(practitioner) ?? `Practitioner/${v.practitionerId}`;
  if (!fit.fitting && !v.overbook)
    throw outsideAvailability(fit, practitionerName, location ? (displayOf(location) ?? `Location/${v.locationId}`) : undefined, v.start);
  // No room named: the room of the schedule the time falls in (a telemedicine visit takes none).
  const locationId = v.locationId ?? (v.type === 'telemedicine' ? undefined : fit.fitting?.locationId);
  const locationName = location ? displayOf(location) : fit.fitting?.locationDisplay;
  const timeZone = fit.fitting?.timeZone ?? locationTimeZone(location);

  const patientName = displayOf(patient);
  const participant: AppointmentParticipant[] = [
    { actor: ref('Patient', v.patientId, patientName), required: 'required', status: 'accepted' },
    {
      type: [PRIMARY_PERFORMER],
      actor: ref('Practitioner', v.practitionerId, displayOf(practitioner)),
      required: 'required',
      status: 'accepted',
    },
    ...(locationId
      ? [{ actor: ref('Location', locationId, locationName), required: 'required' as const, status: 'accepted' as const }]
      : []),
    ...(v.serviceId
      ? [
          {
            actor: ref('HealthcareService', v.serviceId, displayOf(service)),
            required: 'information-only' as const,
            status: 'accepted' as const,
          },
        ]
      : []),
  ];
  const specialties = fit.fitting?.specialties ?? [];
  const draft: Appointment = {
    resourceType: 'Appointment',
    ...(v.overbook ? { extension: [overbookExtension(v.overbook.reason, repo.ctx.userId, now)] } : {}),
    status: 'proposed',
    ...(service?.type?.length ? { serviceType: service.type } : {}),
    ...(specialties.length ? { specialty: specialties.map((s) => ({ coding: [{ ...s }] })) } : {}),
    appointmentType: appointmentTypeConcept(v.type),
    ...(v.reason ? { reasonCode: [{ text: v.reason }], description: v.reason } : {}),
    priority: PRIORITIES[v.priority],
    start: utcIso(v.start),
    end: utcIso(end),
    minutesDuration: Math.round((end.getTime() - v.start.getTime()) / 60_000),
    created: now.toISOString(),
    ...(v.notes ? { comment: v.notes } : {}),
    participant,
  };
  const appointment = withChange(
    draft,
    changeBy(repo.ctx, v.overbook ? 'overbooked' : 'booked', 'booked', now, v.overbook ? { reason: v.overbook.reason } : {}),
  );
  try {
    return await repo.inTransaction(async (tx) => {
      const { stored } = await tx.create(asResource(appointment));
      if (v.overbook) {
        await auditOverbook(tx, stored.id, v.patientId, {
          reason: v.overbook.reason,
          practitioner: `Practitioner/${v.practitionerId}`,
          start: appointment.start!,
          end: appointment.end!,
          what: 'book',
        });
      }
      const booked = JSON.parse(stored.json) as Appointment;
      await notifyAppointmentChange(tx, booked, 'booked');
      return booked;
    });
  } catch (err) {
    throw explainConflict(
      err,
      [
        { ref: `Patient/${v.patientId}`, display: patientName, field: 'patientId' },
        { ref: `Practitioner/${v.practitionerId}`, display: displayOf(practitioner), field: 'practitionerId' },
        ...(locationId ? [{ ref: `Location/${locationId}`, display: locationName, field: 'locationId' }] : []),
      ],
      timeZone,
    );
  }
}
