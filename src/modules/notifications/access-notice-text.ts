/**
 * The words of an emergency access notice to the patient, in the built-in languages of the
 * appointment messages (English, German; default-templates.ts), chosen by the patient's
 * language: who opened the record and in what role, when (in the patient's time zone, else
 * UTC), for how long, the reason given, and what the patient can do. Plain text, as every
 * message Hale sends. Not editable on the templates screen: its facts are not an
 * appointment's, and a notice the law may require should not lose its substance by an edit.
 */
import type { Channel } from './notification-terms.ts';

export interface AccessFacts {
  /** The clinician's display name. */
  by: string;
  roles: readonly string[];
  grantedAt: Date;
  minutes: number;
  reason: string;
  patientName?: string;
}

type Language = 'en' | 'de';

const ROLE_WORDS: Record<Language, Record<string, string>> = {
  en: { doctor: 'doctor', nurse: 'nurse' },
  de: { doctor: 'Arzt/Ärztin', nurse: 'Pflegekraft' },
};

/** An SMS is cut here: providers split longer texts into several paid parts. */
const SMS_MAX = 480;

/** 'de', 'de-AT' -> 'de'; every other language gets English. */
export function noticeLanguage(tag: string | undefined): Language {
  return tag?.toLowerCase().split('-')[0] === 'de' ? 'de' : 'en';
}

/** A time as people write it ('7 December 2026 at 16:40'), in the zone given, else in UTC and saying so. */
export function writtenTime(language: Language, at: Date, timeZone: string | undefined): string {
  const zone = timeZone ?? 'UTC';
  const text = new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: zone,
  }).format(at);
  return zone === 'UTC' ? `${text} UTC` : text;
}

function who(language: Language, f: AccessFacts): string {
  const roles = f.roles.filter((r) => r in ROLE_WORDS[language]).map((r) => ROLE_WORDS[language][r]);
  return roles.length ? `${f.by} (${roles.join(', ')})` : f.by;
}

function cut(text: string): string {
  return text.length > SMS_MAX ? `${text.slice(0, SMS_MAX - 1)}…` : text;
}

export function patientNoticeText(
  language: Language,
  f: AccessFacts,
  channel: Channel,
  timeZone: string | undefined,
): { subject?: string; text: string } {
  const at = writtenTime(language, f.grantedAt, timeZone);
  const by = who(language, f);
  if (language === 'de') {
    if (channel !== 'email')
      return {
        text: cut(
          `${by} hat am ${at} Ihre Akte im Notfall geöffnet. Grund: ${f.reason} Jeder Notfallzugriff wird geprüft; im Patientenportal sehen Sie, wer Ihre Akte geöffnet hat.`,
        ),
      };
    return {
      subject: 'Notfallzugriff auf Ihre Gesundheitsakte',
      text:
        `Guten Tag${f.patientName ? ` ${f.patientName}` : ''},\n\n` +
        `am ${at} hat ${by} Ihre Akte im Notfall geöffnet, ohne zu Ihrem Behandlungsteam zu gehören. ` +
        `Der Zugriff gilt für ${f.minutes} Minuten.\n\nAngegebener Grund: ${f.reason}\n\n` +
        'Im Notfall darf das Behandlungspersonal eine Akte öffnen, wenn es sie für Ihre Behandlung braucht. ' +
        'Jeder solche Zugriff wird aufgezeichnet und vom Datenschutz der Klinik geprüft. Im Patientenportal sehen Sie, ' +
        'wer Ihre Akte geöffnet hat und warum. Wenn Ihnen etwas nicht richtig erscheint, wenden Sie sich an die Klinik ' +
        'und fragen Sie nach dem Datenschutzbeauftragten.\n\nMit freundlichen Grüßen',
    };
  }
  if (channel !== 'email')
    return {
      text: cut(
        `${by} opened your record in an emergency on ${at}. Reason: ${f.reason} Every emergency access is reviewed; see who viewed your record in the patient portal.`,
      ),
    };
  return {
    subject: 'Emergency access to your health record',
    text:
      `Dear ${f.patientName ?? 'patient'},\n\n` +
      `on ${at}, ${by} opened your record in an emergency, without being part of your care team. ` +
      `The access lasts ${f.minutes} minutes.\n\nReason given: ${f.reason}\n\n` +
      'Clinicians may open a record in an emergency when they need it to treat you. Every such access is recorded ' +
      "and reviewed by the clinic's privacy officer. You can see who viewed your record, and why, in the patient portal. " +
      'If something looks wrong, contact the clinic and ask for its privacy officer.\n\nKind regards',
  };
}
