/**
 * The built-in message texts, per kind, channel and language: English and German. An
 * administrator can override any of them, or add a language, from the templates screen
 * (stored in notification_template); these stay as the fallback and the "reset" target.
 */
import type { Channel, MessageKind } from './notification-terms.ts';

export interface TemplateText {
  /** Email only. */
  subject?: string;
  body: string;
}

type Texts = Record<MessageKind, { email: Required<TemplateText>; sms: string }>;

const en: Texts = {
  confirmation: {
    email: {
      subject: 'Your appointment on {{date}}',
      body:
        'Dear {{patientName}},\n\n' +
        'your appointment is booked:\n\n' +
        'When: {{start}}\nWith: {{practitioner}}\nWhere: {{location}}\nFor: {{service}}\n\n' +
        'The attached calendar entry adds it to your calendar. If you cannot come, please tell us in good time.\n\n' +
        'Kind regards',
    },
    sms: 'Appointment booked: {{start}} with {{practitioner}}, {{location}}.',
  },
  reminder: {
    email: {
      subject: 'Reminder: your appointment on {{date}}',
      body:
        'Dear {{patientName}},\n\n' +
        'this is a reminder of your appointment:\n\n' +
        'When: {{start}}\nWith: {{practitioner}}\nWhere: {{location}}\n\n' +
        'If you cannot come, please tell us as soon as possible.\n\n' +
        'Kind regards',
    },
    sms: 'Reminder: your appointment is on {{start}} with {{practitioner}}, {{location}}.',
  },
  rescheduled: {
    email: {
      subject: 'Your appointment has moved to {{date}}',
      body:
        'Dear {{patientName}},\n\n' +
        'your appointment has moved. The new time:\n\n' +
        'When: {{start}}\nWith: {{practitioner}}\nWhere: {{location}}\n\n' +
        'The attached calendar entry replaces the earlier one.\n\n' +
        'Kind regards',
    },
    sms: 'Your appointment has moved to {{start}} with {{practitioner}}, {{location}}.',
  },
  cancelled: {
    email: {
      subject: 'Your appointment on {{date}} is cancelled',
      body:
        'Dear {{patientName}},\n\n' +
        'your appointment on {{start}} with {{practitioner}} is cancelled.\n\n' +
        'Please contact us if you need a new appointment. The attached calendar entry removes it from your calendar.\n\n' +
        'Kind regards',
    },
    sms: 'Your appointment on {{start}} with {{practitioner}} is cancelled.',
  },
};

const de: Texts = {
  confirmation: {
    email: {
      subject: 'Ihr Termin am {{date}}',
      body:
        'Guten Tag {{patientName}},\n\n' +
        'Ihr Termin ist gebucht:\n\n' +
        'Wann: {{start}}\nBei: {{practitioner}}\nWo: {{location}}\nWofür: {{service}}\n\n' +
        'Mit dem angehängten Kalendereintrag übernehmen Sie ihn in Ihren Kalender. Falls Sie nicht kommen können, sagen Sie bitte rechtzeitig ab.\n\n' +
        'Mit freundlichen Grüßen',
    },
    sms: 'Termin gebucht: {{start}} bei {{practitioner}}, {{location}}.',
  },
  reminder: {
    email: {
      subject: 'Erinnerung: Ihr Termin am {{date}}',
      body:
        'Guten Tag {{patientName}},\n\n' +
        'wir erinnern Sie an Ihren Termin:\n\n' +
        'Wann: {{start}}\nBei: {{practitioner}}\nWo: {{location}}\n\n' +
        'Falls Sie nicht kommen können, sagen Sie bitte so früh wie möglich ab.\n\n' +
        'Mit freundlichen Grüßen',
    },
    sms: 'Erinnerung: Ihr Termin ist am {{start}} bei {{practitioner}}, {{location}}.',
  },
  rescheduled: {
    email: {
      subject: 'Ihr Termin wurde auf den {{date}} verlegt',
      body:
        'Guten Tag {{patientName}},\n\n' +
        'Ihr Termin wurde verlegt. Die neue Zeit:\n\n' +
        'Wann: {{start}}\nBei: {{practitioner}}\nWo: {{location}}\n\n' +
        'Der angehängte Kalendereintrag ersetzt den bisherigen.\n\n' +
        'Mit freundlichen Grüßen',
    },
    sms: 'Ihr Termin wurde verlegt: {{start}} bei {{practitioner}}, {{location}}.',
  },
  cancelled: {
    email: {
      subject: 'Ihr Termin am {{date}} ist abgesagt',
      body:
        'Guten Tag {{patientName}},\n\n' +
        'Ihr Termin am {{start}} bei {{practitioner}} ist abgesagt.\n\n' +
        'Wenn Sie einen neuen Termin brauchen, melden Sie sich bitte bei uns. Der angehängte Kalendereintrag entfernt ihn aus Ihrem Kalender.\n\n' +
        'Mit freundlichen Grüßen',
    },
    sms: 'Ihr Termin am {{start}} bei {{practitioner}} ist abgesagt.',
  },
};

const BUILT_IN: Record<string, Texts> = { en, de };

/** Languages with built-in texts. */
export const BUILT_IN_LANGUAGES = Object.keys(BUILT_IN);

/** The built-in text, or undefined for a language without one. */
export function defaultTemplate(kind: MessageKind, channel: Channel, language: string): TemplateText | undefined {
  const texts = BUILT_IN[language];
  if (!texts) return undefined;
  return channel === 'email' ? { ...texts[kind].email } : { body: texts[kind].sms };
}

/** Words the placeholders fall back to when the appointment has no such part. */
export const FALLBACK_WORDS: Record<string, { practitioner: string; location: string; service: string }> = {
  en: { practitioner: 'your care team', location: 'to be confirmed', service: 'your appointment' },
  de: { practitioner: 'Ihrem Behandlungsteam', location: 'wird noch mitgeteilt', service: 'Ihren Termin' },
};
