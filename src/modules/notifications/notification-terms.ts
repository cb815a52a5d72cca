/**
 * The words of the notifications module: message kinds, channels, and how each is coded in
 * FHIR (Communication.medium with v3-ParticipationMode, the category, the identifier that
 * makes each message findable and sendable once).
 */
export const KINDS = ['confirmation', 'reminder', 'rescheduled', 'cancelled'] as const;
export type MessageKind = (typeof KINDS)[number];

/** The notice of an emergency (break-glass) access, to the patient and the privacy officer (access-notice.ts). */
export const EMERGENCY_ACCESS_KIND = 'emergency-access';
/** What an outbox row can be about: an appointment message or an emergency access notice. */
export type OutboxKind = MessageKind | typeof EMERGENCY_ACCESS_KIND;

export const CHANNELS = ['email', 'sms', 'whatsapp'] as const;
export type Channel = (typeof CHANNELS)[number];

/** What happened to an appointment, as the scheduling use cases tell it. */
export type AppointmentChange = 'booked' | 'rescheduled' | 'cancelled';

export const PREFERENCES_EXTENSION = 'https://hale.health/fhir/StructureDefinition/notification-preferences';
/** Communication.identifier: one value per message and channel ("appointment|kind|when|channel"). */
export const MESSAGE_IDENTIFIER_SYSTEM = 'https://hale.health/fhir/NamingSystem/notification-message';
export const KIND_SYSTEM = 'https://hale.health/fhir/CodeSystem/notification-kind';
export const CHANNEL_SYSTEM = 'https://hale.health/fhir/CodeSystem/notification-channel';
export const CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/communication-category';
export const PARTICIPATION_MODE = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationMode';

/** v3-ParticipationMode for each channel (WhatsApp is an online written message). */
export const MEDIUM: Record<Channel, { code: string; display: string; text: string }> = {
  email: { code: 'EMAILWRIT', display: 'email', text: 'Email' },
  sms: { code: 'SMSWRIT', display: 'SMS message', text: 'SMS' },
  whatsapp: { code: 'ONLINEWRIT', display: 'online written', text: 'WhatsApp' },
};

export const CHANNEL_NAMES: Record<Channel, string> = { email: 'email', sms: 'SMS', whatsapp: 'WhatsApp' };

/** Channels used when a patient has saved no preferences. WhatsApp needs the patient's opt-in. */
export const DEFAULT_CHANNELS: readonly Channel[] = ['email', 'sms'];

export const isKind = (v: unknown): v is MessageKind => typeof v === 'string' && (KINDS as readonly string[]).includes(v);
export const isChannel = (v: unknown): v is Channel => typeof v === 'string' && (CHANNELS as readonly string[]).includes(v);

/** '24h', '90m', '2d': a reminder offset in minutes as people write it. */
export function offsetLabel(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}
