/** GET /api/v1/scheduling/waitlist?practitioner=: the practitioner's waitlist, oldest first, each entry with its offer. */
import type { Appointment } from '@medplum/fhirtypes';
import type { FhirRepository } from '../../fhir/store/repository.ts';
import { participantId } from './appointment-parts.ts';
import { FieldErrors, resourceId, type Json } from './field-errors.ts';
import { locationZones } from './location-zones.ts';
import { offerIdOf } from './offer-freed-slot.ts';
import { searchAll } from './store-reads.ts';
import { summarizeEntry, type WaitlistEntry } from './waitlist-entry.ts';

export async function listWaitlist(repo: FhirRepository, query: Json): Promise<{ entries: WaitlistEntry[] }> {
  const errors = new FieldErrors();
  const practitionerId = resourceId(errors, query.practitioner, 'practitioner', { required: true });
  errors.throwIfAny('The waitlist query');
  const entries = await searchAll<Appointment>(repo, 'Appointment', { status: 'waitlist', actor: `Practitioner/${practitionerId}` });
  entries.sort((a, b) => (a.created ?? '').localeCompare(b.created ?? '') || a.id!.localeCompare(b.id!));
  const offerIds = entries.map(offerIdOf).filter((x): x is string => !!x);
  const offers = new Map<string, Appointment>();
  for (let i = 0; i < offerIds.length; i += 100) {
    for (const o of await searchAll<Appointment>(repo, 'Appointment', { _id: offerIds.slice(i, i + 100).join(',') }, 100))
      offers.set(o.id!, o);
  }
  const zones = await locationZones(repo, [...offers.values()]);
  return {
    entries: entries.map((e) => {
      const offer = offers.get(offerIdOf(e) ?? '');
      const loc = offer ? participantId(offer, 'Location') : undefined;
      return summarizeEntry(e, offer, loc ? zones.get(loc) : undefined);
    }),
  };
}
