/**
 * POST /api/v1/portal/appointments/:id/cancel {reason}: the patient cancels their own
 * appointment, until the service's cut-off before the start. The scheduling module's
 * cancellation does the rest (frees the time, offers it to the waitlist) through the
 * portal's system repository acting for the patient; the audit records are the patient's.
 * The answer is the patient's appointment only: a waitlist offer made from the freed time
 * belongs to another patient and is not shown.
 */
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { cancelAppointment } from '../scheduling/cancel-appointment.ts';
import { FieldErrors, isObject, text, unknownKeys, type Json } from '../scheduling/field-errors.ts';
import { changeableAppointment, lockUnchanged } from './own-appointment.ts';
import { portalViews } from './portal-appointments.ts';
import type { PortalAppointment } from './portal-appointment-view.ts';
import type { PortalCaller } from './portal-context.ts';

export async function portalCancel(
  repo: FhirRepository,
  sys: FhirRepository,
  caller: PortalCaller,
  id: string,
  body: unknown,
  now = new Date(),
): Promise<PortalAppointment> {
  const errors = new FieldErrors();
  const b: Json = isObject(body) ? body : {};
  unknownKeys(errors, b, '', ['reason']);
  const reason = text(errors, b.reason, 'reason', { required: true, max: 500 });
  errors.throwIfAny('The cancellation');
  const { versionId } = await changeableAppointment(repo, id, 'cancel', now);

  const cancelled = await sys.inTransaction(async (tx) => {
    await lockUnchanged(tx, id, versionId);
    const result = await cancelAppointment(tx, id, { reason }, now);
    return result.appointment;
  });
  return (await portalViews(repo, sys, [cancelled], now))[0]!;
}
