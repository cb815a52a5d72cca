/**
 * The notification settings APIs: a patient's preferences (validation naming fields, who may
 * change them, the patient on their own record with the audit trail naming them), the
 * message templates (checks, save, preview, reset), and the outbox being for
 * administrators only, each read audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf } from '../scheduling/scheduling-test-kit.ts';
import { startNotificationKit, type NotificationKit } from './notifications-test-kit.ts';
import { PREFERENCES_EXTENSION } from './notification-terms.ts';

let kit: NotificationKit;

beforeAll(async () => {
  kit = await startNotificationKit();
}, 120_000);

afterAll(async () => {
  await kit?.stop();
});

const prefsPath = (id: string) => `/api/v1/patients/${id}/notification-preferences`;

describe('notification preferences', () => {
  it('has defaults, names every bad field, and saves on the Patient', async () => {
    const empty = await kit.api('reception', 'GET', prefsPath('pat-1'));
    expect(empty.body).toEqual({ channels: ['email', 'sms'], language: null, quietHours: null });

    const bad = await kit.api('reception', 'PUT', prefsPath('pat-1'), {
      channels: ['email', 'fax', 'email'],
      language: 'not a language!',
      quietHours: { start: '25:00', end: '07:00' },
      colour: 'blue',
    });
    expect(bad.status).toBe(422);
    expect(fieldsOf(bad.body).sort()).toEqual(['channels[1]', 'channels[2]', 'colour', 'language', 'quietHours.start']);

    const saved = await kit.api('reception', 'PUT', prefsPath('pat-1'), {
      channels: ['sms', 'email'],
      language: 'DE-at',
      quietHours: { start: '21:30', end: '07:00' },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toEqual({ channels: ['email', 'sms'], language: 'de-AT', quietHours: { start: '21:30', end: '07:00' } });
    expect((await kit.api('reception', 'GET', prefsPath('pat-1'))).body).toEqual(saved.body);
    const patient = await kit.s.fhir('GET', 'Patient/pat-1');
    const ext = patient.body.extension.find((e: any) => e.url === PREFERENCES_EXTENSION);
    expect(ext.extension).toEqual(
      expect.arrayContaining([
        { url: 'channel', valueCode: 'email' },
        { url: 'language', valueCode: 'de-AT' },
        { url: 'quietStart', valueTime: '21:30:00' },
      ]),
    );
  });

  it('lets a patient change their own, not another patient’s; staff without Patient write access are refused', async () => {
    const own = await kit.api('patient2', 'PUT', prefsPath('pat-2'), { channels: ['whatsapp'], language: null, quietHours: null });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect((await kit.api('patient2', 'GET', prefsPath('pat-2'))).body.channels).toEqual(['whatsapp']);
    expect((await kit.api('patient2', 'PUT', prefsPath('pat-1'), { channels: [], language: null, quietHours: null })).status).toBe(404);
    expect((await kit.api('patient2', 'GET', prefsPath('pat-1'))).status).toBe(404);
    expect((await kit.api('billing', 'PUT', prefsPath('pat-2'), { channels: [], language: null, quietHours: null })).status).toBe(403);

    const trail = await kit.api('admin', 'GET', '/api/v1/audit/events?entity=Patient/pat-2&action=update');
    const change = trail.body.events.find((e: any) => e.detail?.purpose === 'notification-preferences');
    expect(change).toMatchObject({ roles: ['patient'], outcome: 'success' });
    expect(change.user_id).not.toMatch(/^system:/);
    expect(change.detail.writtenBy).toBe('system:notification-preferences');
  });
});

describe('message templates', () => {
  it('lists the built-in texts and refuses unknown placeholders, naming the field', async () => {
    const list = await kit.api('admin', 'GET', '/api/v1/notifications/templates');
    expect(list.status).toBe(200);
    expect(list.body.languages).toEqual(['de', 'en']);
    expect(list.body.templates).toHaveLength(2 * 4 * 3);
    expect(list.body.placeholders.map((p: any) => p.name)).toContain('patientName');

    const bad = await kit.api('admin', 'PUT', '/api/v1/notifications/templates/reminder/email/en', { body: 'See {{doctor}} at {{start}' });
    expect(bad.status).toBe(422);
    expect(fieldsOf(bad.body)).toEqual(['subject', 'body', 'body']);
    expect(bad.body.error.details[1].message).toContain('{{doctor}}');
    const smsSubject = await kit.api('admin', 'PUT', '/api/v1/notifications/templates/reminder/sms/en', {
      subject: 'Hi',
      body: 'At {{start}}',
    });
    expect(fieldsOf(smsSubject.body)).toEqual(['subject']);
    expect(fieldsOf((await kit.api('admin', 'PUT', '/api/v1/notifications/templates/memo/sms/en', { body: 'x' })).body)).toEqual(['kind']);
    expect((await kit.api('reception', 'GET', '/api/v1/notifications/templates')).status).toBe(403);
  });

  it('saves an override and a new language, previews with sample data, and resets', async () => {
    const put = await kit.api('admin', 'PUT', '/api/v1/notifications/templates/reminder/sms/de', {
      body: 'Bis bald, {{patientName}}: {{time}}',
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({
      overridden: true,
      body: 'Bis bald, {{patientName}}: {{time}}',
      default: { body: expect.any(String) },
    });
    const fr = await kit.api('admin', 'PUT', '/api/v1/notifications/templates/confirmation/email/fr', {
      subject: 'Votre rendez-vous le {{date}}',
      body: 'Bonjour {{patientName}}, rendez-vous le {{start}}.',
    });
    expect(fr.status).toBe(200);
    const list = await kit.api('admin', 'GET', '/api/v1/notifications/templates');
    expect(list.body.languages).toEqual(['de', 'en', 'fr']);
    expect(list.body.templates.find((t: any) => t.language === 'de' && t.kind === 'reminder' && t.channel === 'sms').overridden).toBe(true);

    const preview = await kit.api('admin', 'POST', '/api/v1/notifications/templates/preview', {
      channel: 'email',
      language: 'fr',
      subject: 'Votre rendez-vous le {{date}}',
      body: 'Bonjour {{patientName}}, rendez-vous le {{start}} avec {{practitioner}}.',
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.text).toMatch(/^Bonjour Alex Example, rendez-vous le lundi .* avec Dr Anna Berg\.$/);
    const badPreview = await kit.api('admin', 'POST', '/api/v1/notifications/templates/preview', { channel: 'sms', body: '{{nope}}' });
    expect(fieldsOf(badPreview.body)).toEqual(['body']);

    expect((await kit.api('admin', 'DELETE', '/api/v1/notifications/templates/reminder/sms/de')).status).toBe(204);
    expect((await kit.api('admin', 'DELETE', '/api/v1/notifications/templates/confirmation/email/fr')).status).toBe(204);
    expect((await kit.api('admin', 'DELETE', '/api/v1/notifications/templates/confirmation/email/fr')).status).toBe(404);
    const after = await kit.api('admin', 'GET', '/api/v1/notifications/templates');
    expect(after.body.languages).toEqual(['de', 'en']);
    expect(after.body.templates.find((t: any) => t.language === 'de' && t.kind === 'reminder' && t.channel === 'sms').overridden).toBe(
      false,
    );
  });
});

describe('the outbox', () => {
  it('is for administrators, and each read is in the audit trail', async () => {
    expect((await kit.api('reception', 'GET', '/api/v1/notifications/outbox')).status).toBe(403);
    const bad = await kit.api('admin', 'GET', '/api/v1/notifications/outbox?status=lost&channel=fax');
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body).sort()).toEqual(['channel', 'status']);
    const r = await kit.api('admin', 'GET', '/api/v1/notifications/outbox?channel=email');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ page: 1, pageSize: 50, total: expect.any(Number), messages: expect.any(Array) });
    const trail = await kit.api('admin', 'GET', '/api/v1/audit/events?entity=NotificationOutbox&action=search');
    expect(trail.body.events[0]).toMatchObject({ query: 'channel=email', roles: ['admin'] });
  });
});
