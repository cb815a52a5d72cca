/**
 * The notifications screens' calls: the outbox and the message templates
 * (/api/v1/notifications, administrators) and a patient's notification preferences
 * (/api/v1/patients/:id/notification-preferences). Types are the server's
 * (src/modules/notifications); the server stays the authority on every rule.
 */
import { api } from '../../api/http.ts';
import type { Channel, MessageKind, OutboxKind } from '../../../../src/modules/notifications/notification-terms.ts';
import type { OutboxMessage, OutboxStatus } from '../../../../src/modules/notifications/outbox-store.ts';
import type { TemplateView } from '../../../../src/modules/notifications/template-service.ts';
import type { NotificationPreferences } from '../../../../src/modules/notifications/preferences.ts';

// The server's own answer types (type-only imports: nothing of the server is bundled).
export type { Channel, MessageKind, OutboxKind, NotificationPreferences, OutboxMessage, OutboxStatus, TemplateView };

export const CHANNEL_LABEL: Record<Channel, string> = { email: 'Email', sms: 'SMS', whatsapp: 'WhatsApp' };
export const KIND_LABEL: Record<MessageKind, string> = {
  confirmation: 'Confirmation',
  reminder: 'Reminder',
  rescheduled: 'Moved',
  cancelled: 'Cancellation',
};
/** What an outbox row is about: an appointment message, or the notice of an emergency access to a record. */
export const OUTBOX_KIND_LABEL: Record<OutboxKind, string> = { ...KIND_LABEL, 'emergency-access': 'Emergency access' };
export const STATUS_LABEL: Record<OutboxStatus, string> = { held: 'Held in outbox', sent: 'Sent', failed: 'Failed' };
export const STATUS_COLOR: Record<OutboxStatus, string> = { held: 'blue', sent: 'green', failed: 'red' };

export interface OutboxPage {
  messages: OutboxMessage[];
  page: number;
  pageSize: number;
  total: number;
}

export interface OutboxFilter {
  channel?: Channel;
  status?: OutboxStatus;
  page?: number;
}

export const listOutbox = (f: OutboxFilter, signal?: AbortSignal) => {
  const q = new URLSearchParams();
  if (f.channel) q.set('channel', f.channel);
  if (f.status) q.set('status', f.status);
  if (f.page && f.page > 1) q.set('page', String(f.page));
  const s = q.toString();
  return api<OutboxPage>(`/api/v1/notifications/outbox${s ? `?${s}` : ''}`, { signal });
};

export const getOutboxMessage = (id: string, signal?: AbortSignal) =>
  api<OutboxMessage>(`/api/v1/notifications/outbox/${encodeURIComponent(id)}`, { signal });

export interface TemplateList {
  templates: TemplateView[];
  languages: string[];
  builtInLanguages: string[];
  placeholders: { name: string; description: string }[];
}

export const listTemplates = (signal?: AbortSignal) => api<TemplateList>('/api/v1/notifications/templates', { signal });

const templatePath = (t: { kind: MessageKind; channel: Channel; language: string }) =>
  `/api/v1/notifications/templates/${t.kind}/${t.channel}/${encodeURIComponent(t.language)}`;

export interface TemplateInput {
  kind: MessageKind;
  channel: Channel;
  language: string;
  subject?: string;
  body: string;
}

export const saveTemplate = (t: TemplateInput) =>
  api<TemplateView>(templatePath(t), {
    method: 'PUT',
    body: { ...(t.channel === 'email' ? { subject: t.subject ?? '' } : {}), body: t.body },
  });

export const resetTemplate = (t: { kind: MessageKind; channel: Channel; language: string }) =>
  api<void>(templatePath(t), { method: 'DELETE' });

export const previewTemplate = (t: TemplateInput) =>
  api<{ subject?: string; text: string; language: string }>('/api/v1/notifications/templates/preview', {
    method: 'POST',
    body: {
      kind: t.kind,
      channel: t.channel,
      language: t.language,
      ...(t.channel === 'email' ? { subject: t.subject ?? '' } : {}),
      body: t.body,
    },
  });

const prefsPath = (patientId: string) => `/api/v1/patients/${encodeURIComponent(patientId)}/notification-preferences`;

export const getPreferences = (patientId: string, signal?: AbortSignal) => api<NotificationPreferences>(prefsPath(patientId), { signal });

export const savePreferences = (patientId: string, prefs: NotificationPreferences) =>
  api<NotificationPreferences>(prefsPath(patientId), { method: 'PUT', body: prefs });
