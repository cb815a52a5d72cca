/** What a HealthcareService says about booking it: how long one appointment takes, and for which appointment types. */
import type { HealthcareService } from '@medplum/fhirtypes';
import { APPOINTMENT_TYPES, SERVICE_APPOINTMENT_TYPE_EXTENSION, SERVICE_DURATION_EXTENSION, type AppointmentType } from './fhir-terms.ts';

/** Minutes from the service-duration extension (valueDuration in min or h, or a whole number of minutes). */
export function serviceMinutes(service: HealthcareService | undefined): number | undefined {
  const ext = service?.extension?.find((e) => e.url === SERVICE_DURATION_EXTENSION);
  if (!ext) return undefined;
  const n = ext.valuePositiveInt ?? ext.valueInteger;
  if (typeof n === 'number' && n > 0) return n;
  const d = ext.valueDuration;
  if (typeof d?.value !== 'number' || d.value <= 0) return undefined;
  const unit = d.code ?? d.unit;
  const minutes = unit === 'h' ? d.value * 60 : unit === 'min' ? d.value : undefined;
  return minutes && Number.isInteger(minutes) && minutes <= 1440 ? minutes : undefined;
}

/** The appointment types the service may be booked for; empty means any. */
export function serviceAppointmentTypes(service: HealthcareService | undefined): AppointmentType[] {
  return (service?.extension ?? [])
    .filter((e) => e.url === SERVICE_APPOINTMENT_TYPE_EXTENSION)
    .map((e) => e.valueCode)
    .filter((c): c is AppointmentType => (APPOINTMENT_TYPES as readonly string[]).includes(c ?? ''));
}
