/**
 * POST /api/v1/portal/appointments {serviceId, practitionerId, start, type?, reason?}: a
 * patient books for themselves. The service's rules are checked with the patient's own
 * repository (open online, the appointment type, notice and days ahead), and the time must
 * be a free time of the practitioner for that service. The scheduling module's booking
 * then writes the appointment through the portal's system repository acting for the
 * patient (portal-context.ts), in one transaction with the audit record under the patient's
 * account. Whether the time is still free is the store's double-booking guard's decision:
 * a time taken meanwhile is a 409 with the scheduling module's message.
 */
import type { Practitioner } from '@medplum/fhirtypes';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { bookAppointment } from '../scheduling/book-appointment.ts';
import { APPOINTMENT_TYPES, displayOf } from '../scheduling/fhir-terms.ts';
import { FieldErrors, instant, isObject, oneOf, resourceId, text, unknownKeys, type Json } from '../scheduling/field-errors.ts';
import { fitOf } from '../scheduling/fit-availability.ts';
import { serviceMinutes } from '../scheduling/service-terms.ts';
import { readForField } from '../scheduling/store-reads.ts';
import { requireOnlineService } from './online-service.ts';
import { portalViews } from './portal-appointments.ts';
import type { PortalAppointment } from './portal-appointment-view.ts';
import type { PortalCaller } from './portal-context.ts';
import { serviceSchedules } from './portal-reads.ts';
import { checkStartWindow, checkType } from './portal-checks.ts';
import { RuleRefusals } from './rule-refusals.ts';

export async function portalBook(
  repo: FhirRepository,
  sys: FhirRepository,
  caller: PortalCaller,
  body: unknown,
  now = new Date(),
): Promise<PortalAppointment> {
  const errors = new FieldErrors();
  const b: Json = isObject(body) ? body : {};
  unknownKeys(errors, b, '', ['serviceId', 'practitionerId', 'start', 'type', 'reason']);
  const serviceId = resourceId(errors, b.serviceId, 'serviceId', { required: true });
  const practitionerId = resourceId(errors, b.practitionerId, 'practitionerId', { required: true });
  const start = instant(errors, b.start, 'start', { required: true });
  const askedType = oneOf(errors, b.type, 'type', APPOINTMENT_TYPES);
  const reason = text(errors, b.reason, 'reason', { max: 500 });
  errors.throwIfAny('The booking');
  const practitioner = await readForField<Practitioner>(repo, 'Practitioner', practitionerId, 'practitionerId', errors);
  errors.throwIfAny('The booking');

  const { service, rules } = await requireOnlineService(repo, serviceId!);
  const serviceName = displayOf(service) ?? 'this service';
  const refusals = new RuleRefusals();
  const type = checkType(refusals, rules, askedType, serviceName);
  const schedules = await serviceSchedules(sys, [serviceId!], { practitionerId: practitionerId! });
  const who = displayOf(practitioner) ?? 'This practitioner';
  if (!schedules.length) refusals.add('practitionerId', `${who} does not offer ${serviceName} online; choose another practitioner.`);
  checkStartWindow(refusals, rules, start!, now, schedules[0]?.timeZone, 'book');
  refusals.throwIfAny();

  const minutes = serviceMinutes(service) ?? schedules[0]!.slotMinutes;
  const fit = fitOf(schedules, start!, new Date(start!.getTime() + minutes * 60_000));
  if (!fit.fitting) {
    refusals.add('start', `${who} is not available for ${serviceName} at that time; choose one of the free times shown.`);
    refusals.throwIfAny();
  }
  const appointment = await sys.inTransaction(async (tx) => {
    const booked = await bookAppointment(
      tx,
      {
        patientId: caller.patientId,
        practitionerId,
        locationId: fit.fitting!.locationId,
        serviceId,
        start: start!.toISOString(),
        durationMinutes: minutes,
        type,
        ...(reason ? { reason } : {}),
      },
      now,
    );
    return booked;
  });
  return (await portalViews(repo, sys, [appointment], now))[0]!;
}
