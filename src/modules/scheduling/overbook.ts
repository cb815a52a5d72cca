/**
 * The overbook override: an appointment (emergency, walk-in) that may go outside availability
 * and over booked time. It carries the overbook extension (reason, who, when), which puts its
 * busy rows outside the double-booking constraint, and the override is written to the audit
 * trail with its reason, in the same transaction as the appointment.
 */
import type { Extension } from '@medplum/fhirtypes';
import { auditRecordBy } from '../../access/security-audit.ts';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { OVERBOOK_EXTENSION } from './fhir-terms.ts';

export function overbookExtension(reason: string, by: string, at: Date): Extension {
  return {
    url: OVERBOOK_EXTENSION,
    extension: [
      { url: 'reason', valueString: reason },
      { url: 'by', valueString: by },
      { url: 'at', valueDateTime: at.toISOString() },
    ],
  };
}

/** Audit record of the override, in the transaction of the write (`tx` is the transaction's repository). */
export async function auditOverbook(
  tx: FhirRepository,
  appointmentId: string,
  patientId: string,
  detail: { reason: string; practitioner: string; start: string; end: string; what: 'book' | 'reschedule' },
): Promise<void> {
  const c = tx.ctx;
  if (c.system) return;
  await tx.guard.audit?.appendInTx(tx.db, [
    auditRecordBy(c, 'appointment-overbook', 'success', {
      resourceType: 'Appointment',
      resourceId: appointmentId,
      patientIds: [patientId],
      detail,
    }),
  ]);
}
