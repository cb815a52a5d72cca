/**
 * Availability as the task API speaks it: per practitioner and location, weekly rules
 * (RRULE + start time + duration), slot length, breaks, exceptions (leave, holidays) and
 * the location's time zone. Stored as one FHIR Schedule per practitioner and location
 * (availability-fhir.ts); slots are computed from it on demand (open-windows.ts).
 */

export interface AvailabilityRule {
  /** Canonical RRULE, e.g. FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR */
  rrule: string;
  /** Local time of day the block starts, HH:MM. */
  start: string;
  /** Length of the block in minutes (it may run past midnight). */
  durationMinutes: number;
  /** First day the rule applies (its DTSTART; COUNT and INTERVAL count from it). */
  validFrom?: string;
  /** Last day the rule applies. */
  validUntil?: string;
}

export interface AvailabilityBreak {
  /** Local times HH:MM, end after start, on the same day. */
  start: string;
  end: string;
  /** Which days; every day when absent. */
  rrule?: string;
}

export interface AvailabilityException {
  /** A day (YYYY-MM-DD, local) or an instant with its zone. */
  from: string;
  /** Last day (inclusive) or end instant; a lone day when absent. */
  to?: string;
  reason: string;
}

export interface Coded {
  system?: string;
  code: string;
  display?: string;
}

export interface LocationAvailability {
  locationId: string;
  /** IANA zone, from the Location's timezone extension. */
  timeZone: string;
  slotMinutes: number;
  rules: AvailabilityRule[];
  breaks: AvailabilityBreak[];
  exceptions: AvailabilityException[];
  specialties: Coded[];
  /** HealthcareServices offered in this availability. */
  serviceIds: string[];
}

/** What a Schedule made from availability says, with where it came from. */
export interface ScheduleAvailability extends LocationAvailability {
  scheduleId: string;
  practitionerId: string;
  practitionerDisplay?: string;
  locationDisplay?: string;
  active: boolean;
}
