/**
 * The message templates screen's API: the list (every kind and channel for each language
 * that has texts, built in or added), saving an administrator's version (checked: known
 * placeholders only, a subject for email and none for SMS/WhatsApp), resetting to the
 * built-in text, and a preview with sample data.
 */
import type { Queryable } from '../../db/types.ts';
import { HaleError } from '../../errors.ts';
import { FieldErrors, isObject, unknownKeys, type Json } from '../scheduling/field-errors.ts';
import { BUILT_IN_LANGUAGES, defaultTemplate, type TemplateText } from './default-templates.ts';
import { placeholderValues, renderMessage, type AppointmentFacts, type RenderedMessage } from './message-content.ts';
import { CHANNELS, KINDS, isChannel, isKind, type Channel, type MessageKind } from './notification-terms.ts';
import { canonicalLanguage } from './preferences.ts';
import { deleteTemplate, saveTemplate, storedTemplates } from './template-store.ts';
import { PLACEHOLDERS, templateProblems } from './template-text.ts';

const MAX_SUBJECT = 200;
const MAX_BODY = 5000;

export interface TemplateView {
  kind: MessageKind;
  channel: Channel;
  language: string;
  subject?: string;
  body: string;
  /** True when an administrator's version is in use. */
  overridden: boolean;
  /** The built-in text, when the language has one. */
  default?: TemplateText;
  updatedAt?: string;
  updatedBy?: string;
}

export async function listTemplates(db: Queryable): Promise<{
  templates: TemplateView[];
  languages: string[];
  builtInLanguages: string[];
  placeholders: { name: string; description: string }[];
}> {
  const stored = await storedTemplates(db);
  const languages = [...new Set([...BUILT_IN_LANGUAGES, ...stored.map((t) => t.language)])].sort();
  const templates: TemplateView[] = [];
  for (const language of languages)
    for (const kind of KINDS)
      for (const channel of CHANNELS) {
        const own = stored.find((t) => t.kind === kind && t.channel === channel && t.language === language);
        const builtIn = defaultTemplate(kind, channel, language);
        const text = own ?? builtIn;
        if (!text) continue;
        templates.push({
          kind,
          channel,
          language,
          ...(text.subject !== undefined ? { subject: text.subject } : {}),
          body: text.body,
          overridden: !!own,
          ...(builtIn ? { default: builtIn } : {}),
          ...(own ? { updatedAt: own.updatedAt, updatedBy: own.updatedBy } : {}),
        });
      }
  return {
    templates,
    languages,
    builtInLanguages: [...BUILT_IN_LANGUAGES],
    placeholders: Object.entries(PLACEHOLDERS).map(([name, description]) => ({ name, description })),
  };
}

export function templateKey(params: { kind?: string; channel?: string; language?: string }): {
  kind: MessageKind;
  channel: Channel;
  language: string;
} {
  const errors = new FieldErrors();
  if (!isKind(params.kind)) errors.add('kind', `must be one of ${KINDS.join(', ')}`);
  if (!isChannel(params.channel)) errors.add('channel', `must be one of ${CHANNELS.join(', ')}`);
  const language = canonicalLanguage(params.language);
  if (!language) errors.add('language', 'must be a language tag like en, de or pt-BR (BCP 47)');
  errors.throwIfAny('The template address');
  return { kind: params.kind as MessageKind, channel: params.channel as Channel, language: language! };
}

/** The text fields of a template, checked for its channel. */
function templateText(errors: FieldErrors, b: Json, channel: Channel | undefined): TemplateText {
  let subject: string | undefined;
  if (channel === 'email') {
    if (typeof b.subject !== 'string' || !b.subject.trim()) errors.add('subject', 'is required for email');
    else if (b.subject.length > MAX_SUBJECT) errors.add('subject', `must have at most ${MAX_SUBJECT} characters`);
    else if (/[\r\n]/.test(b.subject)) errors.add('subject', 'must be one line');
    else {
      subject = b.subject.trim();
      for (const p of templateProblems(subject)) errors.add('subject', p);
    }
  } else if (b.subject !== undefined && b.subject !== null && b.subject !== '') {
    errors.add('subject', `is for email only; ${channel === 'sms' ? 'SMS' : 'WhatsApp'} messages have none`);
  }
  let body = '';
  if (typeof b.body !== 'string' || !b.body.trim()) errors.add('body', 'is required');
  else if (b.body.length > MAX_BODY) errors.add('body', `must have at most ${MAX_BODY} characters`);
  else {
    body = b.body.replace(/\r\n/g, '\n').trim();
    for (const p of templateProblems(body)) errors.add('body', p);
  }
  return { ...(subject !== undefined ? { subject } : {}), body };
}

export async function putTemplate(
  db: Queryable,
  params: { kind?: string; channel?: string; language?: string },
  body: unknown,
  by: string,
): Promise<TemplateView> {
  const key = templateKey(params);
  const errors = new FieldErrors();
  const b = isObject(body) ? body : {};
  unknownKeys(errors, b, '', ['subject', 'body']);
  const text = templateText(errors, b, key.channel);
  errors.throwIfAny('The template');
  const saved = await saveTemplate(db, { ...key, ...text }, by);
  const builtIn = defaultTemplate(key.kind, key.channel, key.language);
  return {
    ...key,
    ...(saved.subject !== undefined ? { subject: saved.subject } : {}),
    body: saved.body,
    overridden: true,
    ...(builtIn ? { default: builtIn } : {}),
    updatedAt: saved.updatedAt,
    updatedBy: saved.updatedBy,
  };
}

export async function resetTemplate(db: Queryable, params: { kind?: string; channel?: string; language?: string }): Promise<void> {
  const key = templateKey(params);
  const removed = await deleteTemplate(db, key.kind, key.channel, key.language);
  if (!removed && !defaultTemplate(key.kind, key.channel, key.language)) {
    throw new HaleError('not-found', `There is no ${key.channel} ${key.kind} template in ${key.language}`);
  }
}

/** Sample appointment for previews: next Monday 09:30 in Berlin, 20 minutes. */
export function sampleFacts(now = new Date()): AppointmentFacts {
  const d = new Date(now);
  d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7 || 7));
  d.setUTCHours(7, 30, 0, 0);
  return {
    start: d,
    end: new Date(d.getTime() + 20 * 60_000),
    timeZone: 'Europe/Berlin',
    patientName: 'Alex Example',
    practitioner: 'Dr Anna Berg',
    location: 'Room 1',
    service: 'Echocardiogram',
  };
}

export function previewTemplate(body: unknown): RenderedMessage & { language: string } {
  const errors = new FieldErrors();
  const b = isObject(body) ? body : {};
  unknownKeys(errors, b, '', ['kind', 'channel', 'language', 'subject', 'body']);
  if (b.kind !== undefined && !isKind(b.kind)) errors.add('kind', `must be one of ${KINDS.join(', ')}`);
  if (!isChannel(b.channel)) errors.add('channel', `is required: one of ${CHANNELS.join(', ')}`);
  const language = b.language === undefined ? 'en' : canonicalLanguage(typeof b.language === 'string' ? b.language : undefined);
  if (!language) errors.add('language', 'must be a language tag like en, de or pt-BR (BCP 47)');
  const text = templateText(errors, b, isChannel(b.channel) ? b.channel : undefined);
  errors.throwIfAny('The template');
  return { ...renderMessage(text, placeholderValues(sampleFacts(), language!)), language: language! };
}
