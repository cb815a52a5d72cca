/**
 * A patient's notification preferences, kept on the Patient itself in the extension
 * https://hale.health/fhir/StructureDefinition/notification-preferences:
 *
 *   channel     valueCode, repeating: email | sms | whatsapp (the channels the patient agreed to)
 *   language    valueCode: BCP 47, the language of the messages
 *   quietStart  valueTime, quietEnd valueTime: no messages between (in the patient's time zone,
 *               else the appointment place's)
 *   updated     valueDateTime: when they were last saved (the extension is never empty)
 *
 * A Patient without the extension has the defaults: email and SMS, no quiet hours, the
 * language from Patient.communication.
 */
import type { Extension, Patient } from '@medplum/fhirtypes';
import { CHANNELS, DEFAULT_CHANNELS, PREFERENCES_EXTENSION, type Channel } from './notification-terms.ts';

export interface QuietHours {
  /** HH:MM */
  start: string;
  end: string;
}

export interface NotificationPreferences {
  channels: Channel[];
  language: string | null;
  quietHours: QuietHours | null;
}

const hhmm = (t: string | undefined) => (t && /^\d{2}:\d{2}/.test(t) ? t.slice(0, 5) : undefined);

export function preferencesOf(patient: Pick<Patient, 'extension'>): NotificationPreferences & { saved: boolean } {
  const ext = patient.extension?.find((e) => e.url === PREFERENCES_EXTENSION);
  if (!ext) return { channels: [...DEFAULT_CHANNELS], language: null, quietHours: null, saved: false };
  const parts = ext.extension ?? [];
  const channels = CHANNELS.filter((c) => parts.some((p) => p.url === 'channel' && p.valueCode === c));
  const language = parts.find((p) => p.url === 'language')?.valueCode ?? null;
  const start = hhmm(parts.find((p) => p.url === 'quietStart')?.valueTime);
  const end = hhmm(parts.find((p) => p.url === 'quietEnd')?.valueTime);
  return { channels, language, quietHours: start && end ? { start, end } : null, saved: true };
}

export function samePreferences(a: NotificationPreferences, b: NotificationPreferences): boolean {
  return (
    a.channels.join(',') === b.channels.join(',') &&
    a.language === b.language &&
    a.quietHours?.start === b.quietHours?.start &&
    a.quietHours?.end === b.quietHours?.end
  );
}

export function withPreferences<T extends Pick<Patient, 'extension'>>(patient: T, prefs: NotificationPreferences, now: Date): T {
  const ext: Extension = {
    url: PREFERENCES_EXTENSION,
    extension: [
      ...CHANNELS.filter((c) => prefs.channels.includes(c)).map((c) => ({ url: 'channel', valueCode: c })),
      ...(prefs.language ? [{ url: 'language', valueCode: prefs.language }] : []),
      ...(prefs.quietHours
        ? [
            { url: 'quietStart', valueTime: `${prefs.quietHours.start}:00` },
            { url: 'quietEnd', valueTime: `${prefs.quietHours.end}:00` },
          ]
        : []),
      { url: 'updated', valueDateTime: now.toISOString() },
    ],
  };
  const others = (patient.extension ?? []).filter((e) => e.url !== PREFERENCES_EXTENSION);
  return { ...patient, extension: [...others, ext] };
}

/** The language the patient reads: the saved preference, else the preferred Patient.communication, else the first one. */
export function patientLanguage(patient: Patient, prefs: NotificationPreferences): string | undefined {
  if (prefs.language) return prefs.language;
  const comms = patient.communication ?? [];
  const pick = comms.find((c) => c.preferred) ?? comms[0];
  const code = pick?.language?.coding?.find((c) => c.code)?.code ?? pick?.language?.text;
  return canonicalLanguage(code);
}

/** 'DE-at' -> 'de-AT'; undefined for anything that is not a BCP 47 tag. */
export function canonicalLanguage(tag: string | undefined | null): string | undefined {
  if (!tag || tag.length > 35) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}
