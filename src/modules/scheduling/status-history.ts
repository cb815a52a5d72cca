/**
 * An Appointment's status history. FHIR R4 has no status history on Appointment (Encounter
 * has one), so each change the task API makes appends an entry to a repeating extension on
 * the Appointment itself: what the status became, when, who did it, why, and for a
 * reschedule the times before. The entries travel with the resource (FHIR reads, history,
 * exports) and every version is also in the store's history and the audit trail.
 */
import type { Appointment, Extension } from '@medplum/fhirtypes';
import type { ActingContext } from '../../fhir/acting-context.ts';
import { STATUS_HISTORY_EXTENSION } from './fhir-terms.ts';

export type StatusAction =
  'booked' | 'overbooked' | 'rescheduled' | 'cancelled' | 'checked-in' | 'started' | 'completed' | 'no-show' | 'waitlisted' | 'offered';

export interface StatusChange {
  action: StatusAction;
  status: string;
  /** When, ISO 8601 UTC. */
  at: string;
  /** The account (user id, or 'system:<job>'). */
  by: string;
  /** The account's Practitioner, when it has one. */
  byPractitioner?: string;
  reason?: string;
  previousStart?: string;
  previousEnd?: string;
}

export function changeBy(
  ctx: ActingContext,
  action: StatusAction,
  status: string,
  now: Date,
  extra: Partial<StatusChange> = {},
): StatusChange {
  return {
    action,
    status,
    at: now.toISOString(),
    by: ctx.onBehalfOf?.userId ?? ctx.userId,
    ...(ctx.practitionerId ? { byPractitioner: `Practitioner/${ctx.practitionerId}` } : {}),
    ...extra,
  };
}

function toExtension(c: StatusChange): Extension {
  return {
    url: STATUS_HISTORY_EXTENSION,
    extension: [
      { url: 'action', valueCode: c.action },
      { url: 'status', valueCode: c.status },
      { url: 'at', valueDateTime: c.at },
      { url: 'by', valueString: c.by },
      ...(c.byPractitioner ? [{ url: 'byPractitioner', valueReference: { reference: c.byPractitioner } }] : []),
      ...(c.reason ? [{ url: 'reason', valueString: c.reason }] : []),
      ...(c.previousStart ? [{ url: 'previousStart', valueInstant: c.previousStart }] : []),
      ...(c.previousEnd ? [{ url: 'previousEnd', valueInstant: c.previousEnd }] : []),
    ],
  };
}

/** The appointment with the new status and one more history entry. */
export function withChange(a: Appointment, change: StatusChange): Appointment {
  return { ...a, status: change.status as Appointment['status'], extension: [...(a.extension ?? []), toExtension(change)] };
}

export function statusHistory(a: Appointment): StatusChange[] {
  return (a.extension ?? [])
    .filter((e) => e.url === STATUS_HISTORY_EXTENSION)
    .map((e) => {
      const v = (url: string) => e.extension?.find((x) => x.url === url);
      const s = (url: string) => v(url)?.valueCode ?? v(url)?.valueString ?? v(url)?.valueDateTime ?? v(url)?.valueInstant;
      return {
        action: (s('action') ?? 'booked') as StatusAction,
        status: s('status') ?? '',
        at: s('at') ?? '',
        by: s('by') ?? '',
        ...(v('byPractitioner')?.valueReference?.reference ? { byPractitioner: v('byPractitioner')!.valueReference!.reference! } : {}),
        ...(s('reason') ? { reason: s('reason')! } : {}),
        ...(s('previousStart') ? { previousStart: s('previousStart')! } : {}),
        ...(s('previousEnd') ? { previousEnd: s('previousEnd')! } : {}),
      };
    });
}
