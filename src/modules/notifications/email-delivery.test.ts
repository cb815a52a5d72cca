/**
 * Appointment messages end to end with a real SMTP server on loopback: the confirmation
 * email with the local time and a valid .ics, reminders planned at start - 24h / - 2h,
 * the cancellation (METHOD:CANCEL) and the pending reminder skipping itself, SMS kept in
 * the outbox (no provider configured), quiet hours, and the delivery status as
 * Communication resources.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berlin, futureMonday, plusDays } from '../scheduling/scheduling-test-kit.ts';
import { eventually, startNotificationKit, startSmtpSink, unfold, type NotificationKit, type SmtpSink } from './notifications-test-kit.ts';
import { icsUtc } from './ics.ts';

let kit: NotificationKit;
let smtp: SmtpSink;
const monday = futureMonday(2);

beforeAll(async () => {
  smtp = await startSmtpSink();
  kit = await startNotificationKit({ HALE_SMTP_URL: smtp.url, HALE_MAIL_FROM: 'Hale Clinic <appointments@clinic.test>' });
  await kit.contact('pat-1', [
    { system: 'email', value: 'pat1@example.test' },
    { system: 'phone', value: '+49 170 1234567', use: 'mobile' },
  ]);
  await kit.contact('pat-3', [{ system: 'phone', value: '+49 171 7654321', use: 'mobile' }]);
}, 120_000);

afterAll(async () => {
  await kit?.stop();
  await smtp?.close();
});

const mailsTo = (address: string) => smtp.mails.filter((m) => m.to && JSON.stringify(m.to).includes(address));
const ics = (mail: { attachments: { filename?: string; content: Buffer }[] }) =>
  unfold(mail.attachments.find((a) => a.filename === 'appointment.ics')!.content.toString('utf8'));

describe('appointment messages by email', () => {
  let appointment: any;

  it('sends the confirmation with the local time and a calendar entry; the SMS stays in the outbox', async () => {
    appointment = await kit.book({ patientId: 'pat-1', locationId: 'room-1', start: berlin(monday, '09:00'), durationMinutes: 20 });
    const mail = await eventually(() => mailsTo('pat1@example.test')[0]);
    const start = new Date(appointment.start);
    const time = new Intl.DateTimeFormat('en', { timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(start);
    const date = new Intl.DateTimeFormat('en', { dateStyle: 'full', timeZone: 'Europe/Berlin' }).format(start);
    expect(mail.subject).toBe(`Your appointment on ${date}`);
    expect(mail.text).toContain(time); // 9:00 AM, Berlin time
    expect(mail.text).toContain('Dr Anna Berg');
    expect(mail.text).toContain('Room 1');
    expect(mail.from?.text).toContain('appointments@clinic.test');

    const attachment = mail.attachments.find((a) => a.filename === 'appointment.ics')!;
    expect(attachment.contentType).toBe('text/calendar');
    const lines = ics(mail);
    expect(lines).toContain('METHOD:REQUEST');
    expect(lines).toContain(`DTSTART:${icsUtc(start)}`);
    expect(lines).toContain(`DTEND:${icsUtc(new Date(appointment.end))}`);
    expect(lines).toContain(`UID:appointment-${appointment.id}@hale`);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-2)).toBe('END:VCALENDAR');

    const sms = await eventually(async () => {
      const r = await kit.api('admin', 'GET', `/api/v1/notifications/outbox?channel=sms&appointment=${appointment.id}`);
      return r.body.messages?.[0];
    });
    expect(sms).toMatchObject({ channel: 'sms', status: 'held', transport: 'outbox', to: '+491701234567', kind: 'confirmation' });
    expect(sms.text).toContain(time);

    const comms = await kit.s.fhir('GET', 'Communication?subject=Patient/pat-1&category=notification');
    const byMedium = Object.fromEntries(comms.body.entry.map((e: any) => [e.resource.medium[0].coding[0].code, e.resource]));
    expect(byMedium.EMAILWRIT).toMatchObject({ status: 'completed', about: [{ reference: `Appointment/${appointment.id}` }] });
    expect(byMedium.EMAILWRIT.sent).toBeTruthy();
    expect(byMedium.EMAILWRIT.payload[0].contentString).toContain(time);
    expect(byMedium.SMSWRIT).toMatchObject({ status: 'completed', subject: { reference: 'Patient/pat-1' } });
  });

  it('plans reminders 24 hours and 2 hours before the start', async () => {
    const jobs = await kit.jobs(appointment.id);
    const start = Date.parse(appointment.start);
    const reminders = jobs.filter((j) => j.data.kind === 'reminder' && j.state === 'created');
    expect(reminders.map((j) => j.data.offsetMinutes).sort()).toEqual([120, 1440]);
    for (const r of reminders) expect(r.startAfter.getTime()).toBe(start - r.data.offsetMinutes! * 60_000);
    expect(jobs.filter((j) => j.data.kind === 'confirmation').map((j) => j.state)).toEqual(['completed']);
  });

  it('sends a cancellation (METHOD:CANCEL); the pending reminder then skips itself', async () => {
    const r = await kit.api('reception', 'POST', `/api/v1/appointments/${appointment.id}/cancel`, { reason: 'Patient called in sick' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const mail = await eventually(() => mailsTo('pat1@example.test')[1]);
    expect(mail.subject).toContain('cancelled');
    const lines = ics(mail);
    expect(lines).toContain('METHOD:CANCEL');
    expect(lines).toContain('STATUS:CANCELLED');
    expect(lines).toContain(`UID:appointment-${appointment.id}@hale`);

    expect(await kit.makeDue(appointment.id, 'reminder-2h')).toBe(1);
    const skipped = await eventually(async () =>
      (await kit.jobs(appointment.id)).find((j) => j.singletonKey?.includes('reminder-2h') && j.state === 'completed'),
    );
    expect(skipped.output).toEqual({ skipped: 'the appointment is cancelled' });
    expect(mailsTo('pat1@example.test')).toHaveLength(2);
  });

  it('records a missing address as not done, and holds messages inside quiet hours', async () => {
    // pat-3 has a phone but no email: the SMS goes to the outbox, the email is recorded as not done.
    const a = await kit.book({ patientId: 'pat-3', locationId: 'room-1', start: berlin(monday, '10:20'), durationMinutes: 20 });
    const comms = await eventually(async () => {
      const r = await kit.s.fhir('GET', 'Communication?subject=Patient/pat-3&category=notification');
      return r.body.entry?.length === 2 ? r.body.entry.map((e: any) => e.resource) : undefined;
    });
    const email = comms.find((c: any) => c.medium[0].coding[1].code === 'email');
    expect(email.status).toBe('not-done');
    expect(email.statusReason.text).toBe('not sent: the patient record has no email address');
    expect(comms.find((c: any) => c.medium[0].coding[1].code === 'sms').status).toBe('completed');
    expect((await kit.jobs(a.id)).some((j) => j.data.kind === 'confirmation')).toBe(true);

    // pat-4 is in quiet hours right now (in Berlin, the room's zone): the confirmation waits for their end.
    const now = Date.now();
    const hhmm = (t: number) =>
      new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Berlin' }).format(t);
    const quietHours = { start: hhmm(now - 3_600_000), end: hhmm(now + 3_600_000) };
    await kit.contact('pat-4', [{ system: 'email', value: 'pat4@example.test' }]);
    const prefs = await kit.api('reception', 'PUT', '/api/v1/patients/pat-4/notification-preferences', {
      channels: ['email'],
      language: null,
      quietHours,
    });
    expect(prefs.status, JSON.stringify(prefs.body)).toBe(200);
    const b = await kit.book({
      patientId: 'pat-4',
      locationId: 'room-1',
      start: berlin(plusDays(monday, 1), '09:00'),
      durationMinutes: 20,
    });
    const confirmation = (await kit.jobs(b.id)).find((j) => j.data.kind === 'confirmation')!;
    expect(confirmation.state).toBe('created');
    const quietEnd = Math.floor((now + 3_600_000) / 60_000) * 60_000;
    expect(confirmation.startAfter.getTime()).toBe(quietEnd);
  });
});
