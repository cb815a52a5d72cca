/**
 * Free slots as FHIR R4 Slot resources, for FHIR clients: `GET /api/v1/scheduling/slots?format=fhir`
 * answers a `searchset` Bundle of Slots (status `free`, the Schedule they belong to, the
 * service's type and the practitioner's specialty) instead of the task API's own shape.
 * They are made for the window asked, like every slot here, and never stored: the id
 * (`<schedule id>-<start, compact>`) names the same slot on every call, so a client can
 * refer to it, and a booking sent with its start is the way to take it.
 */
import type { Bundle, Slot } from '@medplum/fhirtypes';
import type { SlotView } from './find-slots.ts';

const compact = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d+/, '');

export function slotResource(s: SlotView): Slot {
  return {
    resourceType: 'Slot',
    id: `${s.scheduleId}-${compact(s.start)}`.slice(0, 64),
    schedule: { reference: `Schedule/${s.scheduleId}` },
    status: 'free',
    start: s.start,
    end: s.end,
    ...(s.serviceId ? { serviceType: [{ text: `HealthcareService/${s.serviceId}` }] } : {}),
    comment: `${s.practitioner.display ?? `Practitioner/${s.practitioner.id}`}, ${s.location.display ?? `Location/${s.location.id}`} (${s.startLocal}, ${s.timeZone})`,
  };
}

export function slotBundle(slots: readonly SlotView[]): Bundle<Slot> {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: slots.length,
    entry: slots.map((s) => ({ resource: slotResource(s), search: { mode: 'match' } })),
  };
}
