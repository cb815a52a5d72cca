/** Reading an Appointment's parts: its participants by type, its times, its overbook mark. */
import type { Appointment } from '@medplum/fhirtypes';
import { OVERBOOK_EXTENSION } from './fhir-terms.ts';

/** The id of the first participant of a type ('Practitioner' -> 'p1'), if any. */
export function participantId(a: Appointment, type: 'Patient' | 'Practitioner' | 'Location' | 'HealthcareService'): string | undefined {
  const ref = a.participant?.find((p) => p.actor?.reference?.startsWith(`${type}/`))?.actor?.reference;
  return ref?.slice(type.length + 1);
}

export function participantDisplay(a: Appointment, type: string): string | undefined {
  return a.participant?.find((p) => p.actor?.reference?.startsWith(`${type}/`))?.actor?.display;
}

export function isOverbooked(a: Appointment): boolean {
  return (a.extension ?? []).some((e) => e.url === OVERBOOK_EXTENSION);
}

export function overbookReason(a: Appointment): string | undefined {
  const e = (a.extension ?? []).find((x) => x.url === OVERBOOK_EXTENSION);
  return e?.extension?.find((x) => x.url === 'reason')?.valueString;
}

export function withoutOverbook(a: Appointment): Appointment {
  const extension = (a.extension ?? []).filter((e) => e.url !== OVERBOOK_EXTENSION);
  const { extension: _old, ...rest } = a;
  return extension.length ? { ...rest, extension } : rest;
}
