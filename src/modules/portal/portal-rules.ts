/**
 * The rules of online booking, per service: the complex extension
 * `https://hale.health/fhir/StructureDefinition/portal-booking` on a HealthcareService says
 * whether patients may book it in the portal, how much notice it needs, how far ahead it
 * opens, until when a patient may cancel or move an appointment themselves, and which
 * appointment types are offered online. A service without the extension (or with one this
 * code cannot read) is not bookable online: deny by default. docs/scheduling.md describes it.
 */
import type { Extension, HealthcareService } from '@medplum/fhirtypes';
import { APPOINTMENT_TYPES, type AppointmentType } from '../scheduling/fhir-terms.ts';
import { serviceAppointmentTypes } from '../scheduling/service-terms.ts';

export const PORTAL_BOOKING_EXTENSION = 'https://hale.health/fhir/StructureDefinition/portal-booking';

export interface PortalRules {
  /** May patients book this service online? */
  enabled: boolean;
  /** The earliest start a patient may book: now + this many hours. */
  minNoticeHours: number;
  /** The latest start a patient may book: now + this many days. */
  maxDaysAhead: number;
  /** A patient may cancel or move an appointment online until this many hours before its start. */
  cancelCutoffHours: number;
  /** The appointment types a patient may choose online (never `emergency`). */
  appointmentTypes: AppointmentType[];
}

/** When a sub-extension is absent. */
export const RULE_DEFAULTS = { minNoticeHours: 0, maxDaysAhead: 90, cancelCutoffHours: 0 } as const;
/** Bounds a readable rule stays within (a year ahead at most). */
const LIMITS = { minNoticeHours: 24 * 365, maxDaysAhead: 365, cancelCutoffHours: 24 * 365 } as const;
/** Types offered online when the extension lists none: procedures need the clinic, emergencies are never booked online. */
const NOT_ONLINE_BY_DEFAULT: readonly AppointmentType[] = ['procedure', 'emergency'];

const CLOSED: PortalRules = { enabled: false, ...RULE_DEFAULTS, appointmentTypes: [] };

function numberOf(ext: Extension | undefined): number | undefined {
  if (!ext) return undefined;
  const v = ext.valueUnsignedInt ?? ext.valueInteger ?? ext.valuePositiveInt ?? ext.valueDecimal;
  return typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN;
}

/** The service's online-booking rules; a service without readable rules is closed to online booking. */
export function portalRules(service: HealthcareService | undefined): PortalRules {
  if (!service || service.active === false) return CLOSED;
  const ext = service.extension?.find((e) => e.url === PORTAL_BOOKING_EXTENSION);
  if (!ext) return CLOSED;
  const sub = (url: string) => ext.extension?.find((e) => e.url === url);
  if (sub('enabled')?.valueBoolean !== true) return CLOSED;
  const rules: PortalRules = { enabled: true, ...RULE_DEFAULTS, appointmentTypes: [] };
  for (const key of ['minNoticeHours', 'maxDaysAhead', 'cancelCutoffHours'] as const) {
    const n = numberOf(sub(key));
    if (n === undefined) continue;
    // A rule that cannot be read closes the service rather than opening it wider than meant.
    if (Number.isNaN(n) || n < 0 || n > LIMITS[key]) return CLOSED;
    rules[key] = n;
  }
  if (rules.maxDaysAhead * 24 <= rules.minNoticeHours) return CLOSED;
  const serviceTypes = serviceAppointmentTypes(service);
  const offered = (t: AppointmentType) => !serviceTypes.length || serviceTypes.includes(t);
  const listed = (ext.extension ?? [])
    .filter((e) => e.url === 'appointmentTypes')
    .map((e) => e.valueCode)
    .filter((c): c is AppointmentType => (APPOINTMENT_TYPES as readonly string[]).includes(c ?? ''));
  const types = listed.length ? listed : APPOINTMENT_TYPES.filter((t) => !NOT_ONLINE_BY_DEFAULT.includes(t));
  rules.appointmentTypes = [...new Set(types)].filter((t) => t !== 'emergency' && offered(t));
  if (!rules.appointmentTypes.length) return CLOSED;
  return rules;
}

/** The extension for a service's rules, as the demo data and tests write it. */
export function portalBookingExtension(rules: Partial<PortalRules> & { enabled: boolean }): Extension {
  return {
    url: PORTAL_BOOKING_EXTENSION,
    extension: [
      { url: 'enabled', valueBoolean: rules.enabled },
      ...(rules.minNoticeHours !== undefined ? [{ url: 'minNoticeHours', valueUnsignedInt: rules.minNoticeHours }] : []),
      ...(rules.maxDaysAhead !== undefined ? [{ url: 'maxDaysAhead', valueUnsignedInt: rules.maxDaysAhead }] : []),
      ...(rules.cancelCutoffHours !== undefined ? [{ url: 'cancelCutoffHours', valueUnsignedInt: rules.cancelCutoffHours }] : []),
      ...(rules.appointmentTypes ?? []).map((t) => ({ url: 'appointmentTypes', valueCode: t })),
    ],
  };
}

/** The window a patient may book in now: [earliest, latest] start. */
export function bookingWindow(rules: PortalRules, now: Date): { earliest: Date; latest: Date } {
  return {
    earliest: new Date(now.getTime() + rules.minNoticeHours * 3_600_000),
    latest: new Date(now.getTime() + rules.maxDaysAhead * 86_400_000),
  };
}

/** The last moment a patient may cancel or move an appointment starting at `start`. */
export function changeDeadline(rules: PortalRules, start: Date): Date {
  return new Date(start.getTime() - rules.cancelCutoffHours * 3_600_000);
}
