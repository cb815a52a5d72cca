/**
 * SMS and WhatsApp through a Twilio-style provider: a real HTTP server on loopback stands in
 * for it and records each POST. Covers the form and basic auth Twilio expects, WhatsApp's
 * `whatsapp:` numbers, a refused message tried again with back-off (the Communication says
 * in-progress, then completed), an administrator's template in the patient's language, and
 * email falling back to the outbox when no mail server is configured.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berlin, futureMonday } from '../scheduling/scheduling-test-kit.ts';
import { eventually, startNotificationKit, type NotificationKit } from './notifications-test-kit.ts';

interface Posted {
  path: string;
  authorization: string | undefined;
  form: Record<string, string>;
}

let kit: NotificationKit;
let provider: Server;
const posted: Posted[] = [];
/** Numbers the stub refuses this many more times. */
const refuse = new Map<string, number>();
const monday = futureMonday(3);

beforeAll(async () => {
  provider = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(body));
      posted.push({ path: req.url ?? '', authorization: req.headers.authorization, form });
      const left = refuse.get(form.To ?? '') ?? 0;
      res.setHeader('content-type', 'application/json');
      if (left > 0) {
        refuse.set(form.To!, left - 1);
        res.statusCode = 503;
        res.end(JSON.stringify({ code: 20503, message: 'Service unavailable, try later' }));
        return;
      }
      res.statusCode = 201;
      res.end(JSON.stringify({ sid: `SM${posted.length.toString().padStart(32, '0')}`, status: 'queued' }));
    });
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  const port = (provider.address() as AddressInfo).port;
  kit = await startNotificationKit({
    HALE_SMS_URL: `http://127.0.0.1:${port}/2010-04-01/Accounts/AC123/Messages.json`,
    HALE_SMS_ACCOUNT: 'AC123',
    HALE_SMS_TOKEN: 'token-456',
    HALE_SMS_FROM: '+15550001111',
    HALE_WHATSAPP_FROM: 'whatsapp:+15550002222',
  });
  await kit.contact('pat-1', [
    { system: 'email', value: 'pat1@example.test' },
    { system: 'phone', value: '+49 170 1111111', use: 'mobile' },
  ]);
  await kit.contact('pat-2', [{ system: 'phone', value: '0049 170 2222222', use: 'mobile' }]);
  await kit.contact('pat-5', [{ system: 'phone', value: '+49 170 5555555', use: 'mobile' }]);
}, 120_000);

afterAll(async () => {
  await kit?.stop();
  await new Promise((resolve) => provider?.close(resolve));
});

const postsTo = (to: string) => posted.filter((p) => p.form.To === to);

describe('SMS and WhatsApp through a Twilio-style provider', () => {
  it('posts the SMS with basic auth; email without a mail server stays in the outbox', async () => {
    const a = await kit.book({ patientId: 'pat-1', locationId: 'room-1', start: berlin(monday, '09:00'), durationMinutes: 20 });
    const post = await eventually(() => postsTo('+491701111111')[0]);
    expect(post.path).toBe('/2010-04-01/Accounts/AC123/Messages.json');
    expect(post.authorization).toBe(`Basic ${Buffer.from('AC123:token-456').toString('base64')}`);
    expect(post.form.From).toBe('+15550001111');
    const time = new Intl.DateTimeFormat('en', { timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(new Date(a.start));
    expect(post.form.Body).toContain(time);

    const sent = await eventually(async () => {
      const r = await kit.api('admin', 'GET', `/api/v1/notifications/outbox?appointment=${a.id}`);
      return r.body.messages?.length === 2 ? r.body.messages : undefined;
    });
    expect(sent.find((m: any) => m.channel === 'sms')).toMatchObject({
      status: 'sent',
      transport: 'http',
      providerId: expect.stringMatching(/^SM/),
    });
    const email = sent.find((m: any) => m.channel === 'email');
    expect(email).toMatchObject({
      status: 'held',
      transport: 'outbox',
      to: 'pat1@example.test',
      attachment: { filename: 'appointment.ics' },
    });
    const detail = await kit.api('admin', 'GET', `/api/v1/notifications/outbox/${email.id}`);
    expect(detail.body.attachment.content).toContain('METHOD:REQUEST');
  });

  it('sends WhatsApp with whatsapp: numbers, in the template the administrator wrote for the patient’s language', async () => {
    const t = await kit.api('admin', 'PUT', '/api/v1/notifications/templates/confirmation/whatsapp/de', {
      body: 'Hallo {{patientName}}, Ihr Termin: {{start}} ({{location}}).',
    });
    expect(t.status, JSON.stringify(t.body)).toBe(200);
    const prefs = await kit.api('reception', 'PUT', '/api/v1/patients/pat-2/notification-preferences', {
      channels: ['whatsapp'],
      language: 'de',
      quietHours: null,
    });
    expect(prefs.status, JSON.stringify(prefs.body)).toBe(200);
    const a = await kit.book({ patientId: 'pat-2', locationId: 'room-1', start: berlin(monday, '09:20'), durationMinutes: 20 });
    const post = await eventually(() => postsTo('whatsapp:+491702222222')[0]);
    expect(post.form.From).toBe('whatsapp:+15550002222');
    const start = new Intl.DateTimeFormat('de', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(
      new Date(a.start),
    );
    expect(post.form.Body).toBe(`Hallo Test Patient2, Ihr Termin: ${start} (Room 1).`);
    const comm = await eventually(async () => {
      const r = await kit.s.fhir('GET', 'Communication?subject=Patient/pat-2&category=notification');
      return r.body.entry?.[0]?.resource;
    });
    expect(comm.medium[0]).toMatchObject({ text: 'WhatsApp', coding: [{ code: 'ONLINEWRIT' }, { code: 'whatsapp' }] });
    expect(comm.status).toBe('completed');
  });

  it('tries a refused message again with back-off, and records each attempt', async () => {
    refuse.set('+491705555555', 1);
    const a = await kit.book({ patientId: 'pat-5', locationId: 'room-1', start: berlin(monday, '09:40'), durationMinutes: 20 });
    await eventually(() => postsTo('+491705555555').length === 2 || undefined, 30_000);
    const comm = await eventually(async () => {
      const r = await kit.s.fhir('GET', 'Communication?subject=Patient/pat-5&category=notification&status=completed');
      return r.body.entry?.[0]?.resource;
    });
    const history = await kit.s.fhir('GET', `Communication/${comm.id}/_history`);
    const statuses = history.body.entry.map((e: any) => e.resource.status).reverse();
    expect(statuses).toEqual(['in-progress', 'completed']);
    expect(history.body.entry.at(-1).resource.statusReason.text).toMatch(
      /attempt 1 failed: the SMS provider refused the message \(HTTP 503/,
    );
    const rows = await kit.api('admin', 'GET', `/api/v1/notifications/outbox?appointment=${a.id}&channel=sms`);
    expect(rows.body.messages.map((m: any) => m.status)).toEqual(['sent', 'failed']);
    expect(postsTo('+491705555555')).toHaveLength(2);
  });
});
