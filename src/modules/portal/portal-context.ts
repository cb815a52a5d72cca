/**
 * Who may use the portal, and how its writes are made. Only a patient account (or a proxy's
 * account, which carries the patient it acts for) reaches the portal endpoints; the patient
 * is always the one the session is linked to, never one named in a request.
 *
 * The role table lets patients read scheduling resources but not write them, and stays so:
 * a patient must not write Appointments freely through /fhir/R4. A portal use case checks
 * the service's rules with the patient's own repository (policy and audit as for any read),
 * then has the scheduling services write through a named system repository acting on the
 * patient's behalf, as check-in does for the Encounter. That context names the patient's
 * account (systemContextFor), so the appointment's status history says the patient did it,
 * and the store audits each write under the patient's account, roles and request id, with
 * the purpose and the version written.
 */
import { HaleError } from '../../errors.ts';
import { systemContextFor, type ActingContext } from '../../fhir/acting-context.ts';

export const PORTAL_PURPOSE = 'portal-booking';

export interface PortalCaller {
  ctx: ActingContext;
  patientId: string;
}

/** The caller as a portal patient, or a 403: staff use the scheduling endpoints. */
export function portalCaller(ctx: ActingContext): PortalCaller {
  if (!ctx.roles.includes('patient')) {
    throw new HaleError('forbidden', 'The portal is for patients and the people who act for them; staff book through /api/v1/appointments');
  }
  if (!ctx.patientId) throw new HaleError('forbidden', 'This account is not linked to a patient record; ask the clinic to link it');
  return { ctx, patientId: ctx.patientId };
}

/** A system context acting for the patient: the status history and the audit trail name the patient's account. */
export function onBehalfOf(caller: PortalCaller): ActingContext {
  return systemContextFor(PORTAL_PURPOSE, caller.ctx);
}
