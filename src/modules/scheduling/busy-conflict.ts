/**
 * The double-booking guard's 409 in the words of the booking screen: the store's conflict
 * names 'Practitioner/p1' and UTC times; here it becomes "Dr Dana Doe is already booked
 * from 09:00 to 09:20 (Europe/Berlin)" with the request field it concerns.
 */
import type { BusyConflict } from '../../db/normalize-error.ts';
import { HaleError } from '../../errors.ts';
import { localIso } from './zoned-time.ts';

export interface Party {
  /** 'Practitioner/p1' */
  ref: string;
  display?: string;
  /** The request field that named it. */
  field: string;
}

const ROLE: Record<string, string> = { Practitioner: 'practitioner', Patient: 'patient', Location: 'room' };

export function explainConflict(err: unknown, parties: Party[], timeZone: string | undefined): unknown {
  const busy = (err as { busy?: BusyConflict } | undefined)?.busy;
  if (!(err instanceof HaleError) || err.code !== 'conflict' || !busy) return err;
  const party = parties.find((p) => p.ref === busy.actor);
  const type = busy.actor.split('/')[0]!;
  const who = party?.display ? `${party.display} (${busy.actor})` : busy.actor;
  const when = timeZone
    ? `from ${localIso(new Date(busy.start), timeZone)} to ${localIso(new Date(busy.end), timeZone)} (${timeZone})`
    : `from ${busy.start} to ${busy.end}`;
  const message = `The ${ROLE[type] ?? type} ${who} is already booked ${when} by Appointment/${busy.appointmentId}`;
  return Object.assign(
    new HaleError('conflict', `Double booking refused: ${message}.`, [{ field: party?.field ?? 'participant', message }]),
    { busy },
  );
}
