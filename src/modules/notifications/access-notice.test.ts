/**
 * Emergency access notices end to end: a doctor breaks the glass, and the patient (email
 * over a real SMTP server on loopback, SMS kept in the outbox) and the privacy officer
 * (email) are told, with the Communications saying where each notice went. A patient
 * without an address, and a server without a privacy officer's address, leave the notice
 * 'not-done' with the reason; nothing is sent twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../access/accounts.ts';
import { login } from '../../../test/support/api-client.ts';
import { PASSWORD } from '../scheduling/scheduling-test-kit.ts';
import { eventually, startNotificationKit, startSmtpSink, type NotificationKit, type SmtpSink } from './notifications-test-kit.ts';
import { channelsFor } from './channels/channels.ts';
import { sendAccessNotice } from './send-access-notice.ts';

let kit: NotificationKit;
let smtp: SmtpSink;
let doctorToken: string;
const OFFICER = 'privacy@clinic.test';
/** Addresses the mail server turns away this many more times. */
const refuse = new Map<string, number>();

beforeAll(async () => {
  smtp = await startSmtpSink(refuse);
  kit = await startNotificationKit({
    HALE_SMTP_URL: smtp.url,
    HALE_MAIL_FROM: 'Hale Clinic <records@clinic.test>',
    HALE_PRIVACY_OFFICER_EMAIL: `Privacy Office <${OFFICER}>`,
    HALE_BASE_URL: 'https://hale.clinic.test',
  });
  await createUser(kit.s.hale.db, { username: 'drwho', roles: ['doctor'], password: PASSWORD, displayName: 'Dr Jo Who' }, false);
  doctorToken = (await login(kit.s.url, 'drwho', PASSWORD)).body.accessToken;
  await kit.contact('pat-1', [
    { system: 'email', value: 'pat1@example.test' },
    { system: 'phone', value: '+49 170 1234567', use: 'mobile' },
  ]);
}, 120_000);

afterAll(async () => {
  await kit?.stop();
  await smtp?.close();
});

const mailsTo = (address: string) => smtp.mails.filter((m) => m.to && JSON.stringify(m.to).includes(address));
const breakGlass = async (patientId: string, reason: string) => {
  const r = await fetch(`${kit.s.url}/api/v1/break-glass`, {
    method: 'POST',
    headers: { authorization: `Bearer ${doctorToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ patientId, reason }),
  });
  expect(r.status).toBe(201);
  return (await r.json()) as { id: string };
};
/** The grant's two notices, once neither waits any more. */
const settledNotices = (patientId: string, grantId: string) =>
  eventually(async () => {
    const r = await kit.s.fhir('GET', `Communication?subject=Patient/${patientId}&category=alert&_count=50`);
    const notices = (r.body.entry ?? [])
      .map((e: any) => e.resource)
      .filter((c: any) => c.note?.some((n: any) => n.text === `break-glass grant ${grantId}`));
    const waiting = notices.some((c: any) => c.status === 'preparation' || c.status === 'in-progress');
    return notices.length === 2 && !waiting ? notices : undefined;
  });

describe('emergency access notices', () => {
  it('tells the patient by email and SMS, and the privacy officer by email', async () => {
    const grant = await breakGlass('pat-1', 'Unconscious in the emergency room, no chart access');
    const toPatient = await eventually(() => mailsTo('pat1@example.test')[0]);
    expect(toPatient.subject).toBe('Emergency access to your health record');
    expect(toPatient.text).toContain('Dear Test Patient1,');
    expect(toPatient.text).toMatch(/on \d{1,2} \w+ 20\d\d at \d\d:\d\d UTC, Dr Jo Who \(doctor\) opened your record in an emergency/);
    expect(toPatient.text).toContain('The access lasts 60 minutes.');
    expect(toPatient.text).toContain('Reason given: Unconscious in the emergency room, no chart access');
    expect(toPatient.text).toContain("reviewed by the clinic's privacy officer");
    expect(toPatient.from?.text).toContain('records@clinic.test');

    const toOfficer = await eventually(() => mailsTo(OFFICER)[0]);
    expect(toOfficer.subject).toBe('Emergency access to review (Patient/pat-1)');
    expect(toOfficer.text).toContain('the record of Test Patient1 (Patient/pat-1) was opened by Dr Jo Who (doctor)');
    expect(toOfficer.text).toContain('https://hale.clinic.test/admin/break-glass');

    const notices = await settledNotices('pat-1', grant.id);
    const patientNotice = notices.find((c: any) => c.recipient);
    const officerNotice = notices.find((c: any) => !c.recipient);
    expect(patientNotice).toMatchObject({ status: 'completed', medium: [{ text: 'Email' }, { text: 'SMS' }] });
    expect(patientNotice.sent).toBeTruthy();
    expect(officerNotice).toMatchObject({ status: 'completed', medium: [{ text: 'Email' }], topic: { text: 'privacy officer review' } });

    // The outbox lists each channel once: the email sent over SMTP, the SMS held (no SMS provider configured).
    const outbox = await kit.api('admin', 'GET', '/api/v1/notifications/outbox');
    const rows = outbox.body.messages.filter((m: any) => m.kind === 'emergency-access' && m.communicationId === patientNotice.id);
    expect(rows.map((m: any) => `${m.channel}:${m.status}`).sort()).toEqual(['email:sent', 'sms:held']);
    const sms = rows.find((m: any) => m.channel === 'sms');
    expect(sms.to).toBe('+491701234567');
    expect(sms.text).toMatch(/^Dr Jo Who \(doctor\) opened your record in an emergency on .* Reason: Unconscious/);
    expect(mailsTo('pat1@example.test')).toHaveLength(1);

    // The review queue says how the patient was told.
    const queue = await kit.api('admin', 'GET', '/api/v1/admin/break-glass');
    // The SMS was only kept in the outbox (no SMS provider configured): the queue does not count it as telling the patient.
    expect(queue.body.grants.find((g: any) => g.id === grant.id).patientNotice).toMatchObject({
      status: 'completed',
      channels: ['email'],
      held: ['sms'],
    });
  });

  it('records why a patient without an address could not be told', async () => {
    const grant = await breakGlass('pat-2', 'Transferred in from another hospital at night');
    const notices = await settledNotices('pat-2', grant.id);
    const patientNotice = notices.find((c: any) => c.recipient);
    expect(patientNotice.status).toBe('not-done');
    expect(patientNotice.statusReason.text).toContain('no email address');
    expect(patientNotice.statusReason.text).toContain('no mobile phone number');
    // The privacy officer is told all the same.
    expect(notices.find((c: any) => !c.recipient).status).toBe('completed');
    await eventually(() => mailsTo(OFFICER).find((m) => m.subject?.includes('Patient/pat-2')));
    const queue = await kit.api('admin', 'GET', '/api/v1/admin/break-glass');
    const notice = queue.body.grants.find((g: any) => g.id === grant.id).patientNotice;
    expect(notice).toMatchObject({ status: 'not-done', channels: [], held: [] });
    expect(notice.reason).toContain('no email address');
  });

  it('tries a refused email again, without sending the SMS that went out the first time', async () => {
    await kit.contact('pat-4', [
      { system: 'email', value: 'pat4@example.test' },
      { system: 'phone', value: '+49 170 4444444', use: 'mobile' },
    ]);
    refuse.set('pat4@example.test', 1);
    const grant = await breakGlass('pat-4', 'Anaphylaxis in the car park, needs allergy list');
    const notices = await settledNotices('pat-4', grant.id);
    const patientNotice = notices.find((c: any) => c.recipient);
    expect(patientNotice).toMatchObject({ status: 'completed', medium: [{ text: 'SMS' }, { text: 'Email' }] });
    const history = await kit.s.fhir('GET', `Communication/${patientNotice.id}/_history`);
    const versions = history.body.entry.map((e: any) => e.resource).reverse();
    expect(versions.map((c: any) => c.status)).toEqual(['preparation', 'in-progress', 'completed']);
    expect(versions[1].statusReason.text).toMatch(/delivery failed \(it will be tried again\): email: .*Mailbox busy/);
    const outbox = await kit.api('admin', 'GET', '/api/v1/notifications/outbox');
    const rows = outbox.body.messages.filter((m: any) => m.communicationId === patientNotice.id);
    expect(rows.map((m: any) => `${m.channel}:${m.status}`).sort()).toEqual(['email:failed', 'email:sent', 'sms:held']);
    expect(mailsTo('pat4@example.test')).toHaveLength(1);
  });

  it('writes to the patient in German, at the time of the patient’s own time zone', async () => {
    await kit.contact('pat-5', [{ system: 'email', value: 'pat5@example.test' }], {
      extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/timezone', valueCode: 'Europe/Berlin' }],
      communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'de' }] }, preferred: true }],
    });
    const grant = await breakGlass('pat-5', 'Bewusstlos in der Notaufnahme eingeliefert');
    const mail = await eventually(() => mailsTo('pat5@example.test')[0]);
    expect(mail.subject).toBe('Notfallzugriff auf Ihre Gesundheitsakte');
    expect(mail.text).toContain('Guten Tag Test Patient5,');
    const granted = new Date(
      (await kit.api('admin', 'GET', '/api/v1/admin/break-glass')).body.grants.find((g: any) => g.id === grant.id).grantedAt,
    );
    const berlinTime = new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(
      granted,
    );
    expect(mail.text).toContain(`am ${berlinTime} hat Dr Jo Who (Arzt/Ärztin) Ihre Akte im Notfall geöffnet`);
    expect(mail.text).toContain('Angegebener Grund: Bewusstlos in der Notaufnahme eingeliefert');
    const outbox = await kit.api('admin', 'GET', '/api/v1/notifications/outbox?channel=email');
    expect(outbox.body.messages.find((m: any) => m.to === 'pat5@example.test')).toMatchObject({ language: 'de', kind: 'emergency-access' });
  });

  it('leaves the officer notice not done, with the reason, when no address is configured', async () => {
    const created = await kit.s.fhir('POST', 'Communication', {
      resourceType: 'Communication',
      status: 'preparation',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/communication-category', code: 'alert' }] }],
      subject: { reference: 'Patient/pat-3' },
      topic: { text: 'privacy officer review' },
      payload: [{ contentString: 'Emergency access to the record of Patient/pat-3 was opened by a test.' }],
    });
    expect(created.status).toBe(201);
    const config = { ...kit.s.config.notifications, privacyOfficerEmail: undefined };
    const deps = { db: kit.s.hale.db, guard: kit.s.hale.guard, config, channels: channelsFor(config) };
    const job = { id: 'test-job', data: { communicationId: created.body.id }, retryCount: 0, retryLimit: 3, singletonKey: null };
    const outcome = await sendAccessNotice(deps, job);
    expect(outcome).toMatchObject({ status: 'not-done', channels: [] });
    const stored = await kit.s.fhir('GET', `Communication/${created.body.id}`);
    expect(stored.body.status).toBe('not-done');
    expect(stored.body.statusReason.text).toContain('HALE_PRIVACY_OFFICER_EMAIL');
    // A second run of the same job finds the notice settled and sends nothing.
    expect(await sendAccessNotice(deps, job)).toEqual({ skipped: 'the notice is already not-done' });
  });
});
