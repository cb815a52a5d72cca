/**
 * GET / PUT /api/v1/patients/:id/notification-preferences: a patient's channels, language
 * and quiet hours (preferences.ts has where they are kept). Reading goes through the
 * caller's repository (the access policy decides, the read is audited). Saving:
 * - staff who may write the Patient save through their own repository, like any edit;
 * - the patient (or a proxy) may save their own, though the patient role only reads
 *   Patients: the caller's own read proves the link, then a named system repository writes
 *   and an audit record names the patient's account as the author, in the same transaction.
 * Anyone else is refused as the store refuses them (403, or 404 for a patient).
 */
import type { Patient } from '@medplum/fhirtypes';
import { roleAllows } from '../../access/permissions.ts';
import { systemContextFor } from '../../fhir/acting-context.ts';
import { FhirRepository } from '../../fhir/store/repository.ts';
import { FieldErrors, isObject, unknownKeys } from '../scheduling/field-errors.ts';
import { asResource } from '../scheduling/store-reads.ts';
import { CHANNELS, isChannel, type Channel } from './notification-terms.ts';
import { canonicalLanguage, preferencesOf, samePreferences, withPreferences, type NotificationPreferences } from './preferences.ts';

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function validatePreferences(body: unknown): NotificationPreferences {
  const errors = new FieldErrors();
  const b = isObject(body) ? body : {};
  if (!isObject(body)) errors.add('body', 'must be an object with channels, language and quietHours');
  unknownKeys(errors, b, '', ['channels', 'language', 'quietHours']);
  const channels: Channel[] = [];
  if (!Array.isArray(b.channels)) errors.add('channels', `is required: a list of ${CHANNELS.join(', ')} (empty for none)`);
  else
    b.channels.forEach((c, i) => {
      if (!isChannel(c)) errors.add(`channels[${i}]`, `must be one of ${CHANNELS.join(', ')}`);
      else if (channels.includes(c)) errors.add(`channels[${i}]`, `lists ${c} twice`);
      else channels.push(c);
    });
  let language: string | null = null;
  if (b.language !== undefined && b.language !== null && b.language !== '') {
    const canonical = typeof b.language === 'string' ? canonicalLanguage(b.language.trim()) : undefined;
    if (!canonical) errors.add('language', 'must be a language tag like en, de or pt-BR (BCP 47), or null');
    else language = canonical;
  }
  let quietHours: NotificationPreferences['quietHours'] = null;
  if (b.quietHours !== undefined && b.quietHours !== null) {
    if (!isObject(b.quietHours)) errors.add('quietHours', 'must be {start, end} (HH:MM) or null');
    else {
      const q = b.quietHours;
      unknownKeys(errors, q, 'quietHours', ['start', 'end']);
      const start = typeof q.start === 'string' && TIME.test(q.start) ? q.start : undefined;
      const end = typeof q.end === 'string' && TIME.test(q.end) ? q.end : undefined;
      if (!start) errors.add('quietHours.start', 'must be a time of day written HH:MM (00:00 to 23:59)');
      if (!end) errors.add('quietHours.end', 'must be a time of day written HH:MM (00:00 to 23:59)');
      if (start && end && start === end) errors.add('quietHours.end', 'must differ from the start');
      if (start && end) quietHours = { start, end };
    }
  }
  errors.throwIfAny('The notification preferences');
  return { channels: CHANNELS.filter((c) => channels.includes(c)), language, quietHours };
}

const publicView = (p: NotificationPreferences): NotificationPreferences => ({
  channels: p.channels,
  language: p.language,
  quietHours: p.quietHours,
});

export async function getPreferences(repo: FhirRepository, patientId: string): Promise<NotificationPreferences> {
  const patient = JSON.parse((await repo.read('Patient', patientId)).json) as Patient;
  return publicView(preferencesOf(patient));
}

export async function putPreferences(
  repo: FhirRepository,
  patientId: string,
  body: unknown,
  now = new Date(),
): Promise<NotificationPreferences> {
  const wanted = validatePreferences(body);
  const ctx = repo.ctx;
  const ownRecord = !roleAllows(ctx.roles, 'Patient', 'write') && ctx.roles.includes('patient') && ctx.patientId === patientId;
  return repo.inTransaction(async (tx) => {
    // The caller's read: the policy decides who gets this far (and the read is audited).
    const current = await tx.read('Patient', patientId);
    const patient = JSON.parse(current.json) as Patient;
    if (samePreferences(preferencesOf(patient), wanted)) return wanted;
    const updated = asResource(withPreferences(patient, wanted, now));
    if (!ownRecord) {
      await tx.update('Patient', patientId, updated, current.versionId);
      return wanted;
    }
    // The patient may read but not write Patient resources: this one step is the system's, audited as the patient's.
    const system = new FhirRepository(tx.db, systemContextFor('notification-preferences', ctx), tx.guard);
    await system.update('Patient', patientId, updated, current.versionId);
    return wanted;
  });
}
