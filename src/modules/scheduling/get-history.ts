/** GET /api/v1/appointments/:id/history: every status change of the appointment: what, when, who, why. */
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { readAppointment } from './appointment-reads.ts';
import { statusHistory, type StatusChange } from './status-history.ts';

export interface HistoryAnswer {
  appointmentId: string;
  status: string;
  history: StatusChange[];
}

export async function appointmentHistory(repo: FhirRepository, id: string): Promise<HistoryAnswer> {
  const { appointment } = await readAppointment(repo, id);
  return { appointmentId: id, status: appointment.status ?? '', history: statusHistory(appointment) };
}
