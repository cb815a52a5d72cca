/** The online-booking rules a new time and an appointment type must meet, as refusals a patient can act on. */
import type { AppointmentType } from '../scheduling/fhir-terms.ts';
import { bookingWindow, type PortalRules } from './portal-rules.ts';
import { daysText, hoursText, whenText, type RuleRefusals } from './rule-refusals.ts';

/** The type asked for (or the first offered online), refused when not offered online. */
export function checkType(
  refusals: RuleRefusals,
  rules: PortalRules,
  asked: AppointmentType | undefined,
  serviceName: string,
): AppointmentType {
  const offered = rules.appointmentTypes;
  if (!asked) return offered[0]!;
  if (asked === 'emergency') {
    refusals.add('type', 'An emergency cannot be booked online: call the emergency number, or the clinic if it is urgent.');
  } else if (!offered.includes(asked)) {
    refusals.add(
      'type',
      `A ${asked} appointment for ${serviceName} cannot be booked online; choose ${offered.join(' or ')}, or call the clinic.`,
    );
  }
  return asked;
}

/** The start must lie between the notice and the days ahead the service allows. */
export function checkStartWindow(
  refusals: RuleRefusals,
  rules: PortalRules,
  start: Date,
  now: Date,
  timeZone: string | undefined,
  doing: 'book' | 'move',
): void {
  const { earliest, latest } = bookingWindow(rules, now);
  const sooner = doing === 'book' ? 'for a sooner appointment' : 'to move it sooner';
  const later = doing === 'book' ? 'for a later appointment' : 'to move it later';
  if (start.getTime() < earliest.getTime()) {
    const h = rules.minNoticeHours;
    const notice = h ? `at least ${h === 1 ? "1 hour's" : `${hoursText(h)}'`} notice` : 'a time in the future';
    refusals.add(
      'start',
      `Online booking needs ${notice}: the earliest time you can choose is ${whenText(earliest, timeZone)}. Call the clinic ${sooner}.`,
    );
  } else if (start.getTime() > latest.getTime()) {
    refusals.add(
      'start',
      `Online booking is open up to ${daysText(rules.maxDaysAhead)} ahead: the latest time you can choose is ${whenText(latest, timeZone)}. Call the clinic ${later}.`,
    );
  }
}
