/**
 * When a booked appointment is cancelled, the practitioner's waitlist gets the time: the
 * earliest entry (by when it was added) that wants this practitioner, at this location if it
 * named one, in a window holding the freed time, and has no open offer, gets an offer. The
 * offer is a proposed Appointment for the freed time (patient 'needs-action') pointing at
 * the waitlist entry (supportingInformation), and the entry points back at it
 * (WAITLIST_OFFER_EXTENSION). A proposed appointment holds no time: whoever books first
 * gets the slot. Notifications come later; they will find offers by these links.
 */
import type { Appointment } from '@medplum/fhirtypes';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { participantId } from './appointment-parts.ts';
import { WAITLIST_OFFER_EXTENSION } from './fhir-terms.ts';
import { changeBy, withChange } from './status-history.ts';
import { asResource, searchAll } from './store-reads.ts';
import { localDate } from './zoned-time.ts';

export interface FreedTime {
  cancelled: Appointment;
  practitionerId: string;
  locationId?: string;
  start: Date;
  end: Date;
  /** The location's zone: a waitlist window given in days is read in it. */
  timeZone: string;
}

export interface WaitlistOffer {
  entryId: string;
  offerId: string;
  patientId?: string;
}

export function hasOffer(entry: Appointment): boolean {
  return (entry.extension ?? []).some((e) => e.url === WAITLIST_OFFER_EXTENSION);
}

export function offerIdOf(entry: Appointment): string | undefined {
  return (entry.extension ?? []).find((e) => e.url === WAITLIST_OFFER_EXTENSION)?.valueReference?.reference?.replace(/^Appointment\//, '');
}

const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

/** Whether the entry's wanted window holds [start, end); days are whole local days. */
function covers(entry: Appointment, f: FreedTime): boolean {
  const periods = entry.requestedPeriod ?? [];
  if (!periods.length) return true;
  const startDay = localDate(f.start, f.timeZone);
  const endDay = localDate(new Date(f.end.getTime() - 1), f.timeZone);
  return periods.some((p) => {
    const fromOk = !p.start || (isDay(p.start) ? p.start <= startDay : Date.parse(p.start) <= f.start.getTime());
    const toOk = !p.end || (isDay(p.end) ? endDay <= p.end : f.end.getTime() <= Date.parse(p.end));
    return fromOk && toOk;
  });
}

export async function offerFreedSlot(tx: FhirRepository, f: FreedTime, now: Date): Promise<WaitlistOffer | undefined> {
  const entries = await searchAll<Appointment>(tx, 'Appointment', { status: 'waitlist', actor: `Practitioner/${f.practitionerId}` });
  const candidates = entries
    .filter((e) => !hasOffer(e) && covers(e, f))
    .filter((e) => {
      const wanted = participantId(e, 'Location');
      return !wanted || wanted === f.locationId;
    })
    .sort((a, b) => (a.created ?? '').localeCompare(b.created ?? '') || a.id!.localeCompare(b.id!));
  const entry = candidates[0];
  if (!entry) return undefined;
  const patient = entry.participant?.find((p) => p.actor?.reference?.startsWith('Patient/'));
  const others = (f.cancelled.participant ?? []).filter((p) => !p.actor?.reference?.startsWith('Patient/'));
  const offer: Appointment = withChange(
    {
      resourceType: 'Appointment',
      status: 'proposed',
      ...(entry.appointmentType ? { appointmentType: entry.appointmentType } : {}),
      ...(f.cancelled.specialty ? { specialty: f.cancelled.specialty } : {}),
      ...(f.cancelled.serviceType ? { serviceType: f.cancelled.serviceType } : {}),
      start: f.cancelled.start!,
      end: f.cancelled.end!,
      minutesDuration: Math.round((f.end.getTime() - f.start.getTime()) / 60_000),
      created: now.toISOString(),
      supportingInformation: [{ reference: `Appointment/${entry.id}`, display: 'waitlist entry' }],
      comment: `Offered from the waitlist: Appointment/${f.cancelled.id} was cancelled`,
      participant: [
        ...(patient ? [{ ...patient, status: 'needs-action' as const }] : []),
        ...others.map((p) => ({ ...p, status: 'accepted' as const })),
      ],
    },
    changeBy(tx.ctx, 'offered', 'proposed', now, { reason: `Appointment/${f.cancelled.id} was cancelled` }),
  );
  const { stored } = await tx.create(asResource(offer));
  const marked = withChange(
    {
      ...entry,
      extension: [...(entry.extension ?? []), { url: WAITLIST_OFFER_EXTENSION, valueReference: { reference: `Appointment/${stored.id}` } }],
    },
    changeBy(tx.ctx, 'offered', 'waitlist', now, { reason: `Offered ${f.cancelled.start} (Appointment/${stored.id})` }),
  );
  await tx.update('Appointment', entry.id!, asResource(marked), Number(entry.meta?.versionId));
  const patientId = participantId(entry, 'Patient');
  return { entryId: entry.id!, offerId: stored.id, ...(patientId ? { patientId } : {}) };
}
