/**
 * Recording a death cancels what the patient has open from then on, in one transaction with
 * the record: appointments and waiting-list places, with the FHIR reason pat-dec, nothing
 * sent to the patient (a real SMTP server shows it), and the freed time offered to another
 * patient's waiting-list place. Appointments before the death stay as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berlin, futureMonday } from '../scheduling/scheduling-test-kit.ts';
import {
  eventually,
  startNotificationKit,
  startSmtpSink,
  type NotificationKit,
  type SmtpSink,
} from '../notifications/notifications-test-kit.ts';

let kit: NotificationKit;
let smtp: SmtpSink;
const monday = futureMonday(2);
const EMAIL = 'pat4@example.test';

beforeAll(async () => {
  smtp = await startSmtpSink();
  kit = await startNotificationKit({ HALE_SMTP_URL: smtp.url, HALE_MAIL_FROM: 'Hale Clinic <appointments@clinic.test>' });
  await kit.contact('pat-4', [{ system: 'email', value: EMAIL }]);
}, 120_000);

afterAll(async () => {
  await kit?.stop();
  await smtp?.close();
});

const mailsTo = (address: string) => smtp.mails.filter((m) => m.to && JSON.stringify(m.to).includes(address));
const read = async (id: string) => (await kit.s.fhir('GET', `Appointment/${id}`)).body;
const waitlist = async (patientId: string) => {
  const r = await kit.api('reception', 'POST', '/api/v1/scheduling/waitlist', {
    patientId,
    practitionerId: 'dr-berg',
    type: 'consultation',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
};

describe('recording a death', () => {
  it('cancels the open appointments from the time of death on and the waiting-list places, telling the patient nothing', async () => {
    // Booked before the death was recorded: one ahead, one before the death, one between the death and now.
    const ahead = await kit.book({ patientId: 'pat-4', locationId: 'room-1', start: berlin(monday, '09:00'), durationMinutes: 20 });
    const before = await kit.book({ patientId: 'pat-4', locationId: 'room-1', start: berlin('2026-05-04', '09:00'), durationMinutes: 20 });
    const between = await kit.book({ patientId: 'pat-4', locationId: 'room-1', start: berlin('2026-05-11', '09:00'), durationMinutes: 20 });
    const place = await waitlist('pat-4');
    const other = await waitlist('pat-5');
    await eventually(() => mailsTo(EMAIL)[0]); // the confirmation of the appointment ahead

    const r = await kit.api('reception', 'POST', '/api/v1/patients/pat-4/deceased', { dateTime: '2026-05-08T10:00:00Z' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.patient.deceasedDateTime).toBe('2026-05-08T10:00:00Z');
    // Waiting-list places first, then by time.
    expect(r.body.cancelledAppointments.map((a: any) => [a.id, a.status])).toEqual([
      [place.id, 'cancelled'],
      [between.id, 'cancelled'],
      [ahead.id, 'cancelled'],
    ]);

    for (const id of [place.id, between.id, ahead.id]) {
      const a = await read(id);
      expect(a.status, id).toBe('cancelled');
      expect(a.cancelationReason, id).toEqual({
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason',
            code: 'pat-dec',
            display: 'Patient: Deceased',
          },
        ],
        text: 'Patient deceased',
      });
    }
    expect((await read(before.id)).status).toBe('booked');
    const h = await kit.api('reception', 'GET', `/api/v1/appointments/${ahead.id}/history`);
    expect(h.body.history.at(-1)).toMatchObject({ action: 'cancelled', status: 'cancelled', reason: 'Patient deceased' });

    // The freed time went to the other patient's waiting-list place, not to the deceased's own.
    const offers = await kit.s.fhir('GET', 'Appointment?status=proposed&actor=Practitioner/dr-berg');
    expect(offers.body.entry.map((e: any) => [e.resource.start, e.resource.supportingInformation[0].reference])).toEqual([
      [ahead.start, `Appointment/${other.id}`],
    ]);

    // No cancellation message was planned; the reminder planned at booking finds the appointment cancelled and skips.
    const jobs = await kit.jobs(ahead.id);
    expect(jobs.filter((j) => j.data.kind === 'cancelled')).toEqual([]);
    expect(await kit.makeDue(ahead.id, 'reminder-2h')).toBe(1);
    const skipped = await eventually(async () =>
      (await kit.jobs(ahead.id)).find((j) => j.singletonKey?.includes('reminder-2h') && j.state === 'completed'),
    );
    expect(skipped.output).toEqual({ skipped: 'the appointment is cancelled' });
    expect(mailsTo(EMAIL)).toHaveLength(1);
  });

  it('cancels what lies after an earlier corrected date, and a date alone counts from the start of that day', async () => {
    const r = await kit.api('reception', 'POST', '/api/v1/patients/pat-4/deceased', { dateTime: '2026-05-04' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const booked = await kit.s.fhir('GET', 'Appointment?patient=Patient/pat-4&status=booked');
    expect(booked.body.total).toBe(0);
    expect(r.body.cancelledAppointments).toHaveLength(1);
    expect(r.body.cancelledAppointments[0].start).toBe(berlin('2026-05-04', '09:00'));
  });

  it('cancels nothing when the date of death is refused', async () => {
    const a = await kit.book({ patientId: 'pat-6', locationId: 'room-1', start: berlin(monday, '09:40'), durationMinutes: 20 });
    const r = await kit.api('reception', 'POST', '/api/v1/patients/pat-6/deceased', { dateTime: '1970-01-01' });
    expect(r.status).toBe(422);
    expect(r.body.error.details).toEqual([
      expect.objectContaining({ field: 'dateTime', message: expect.stringMatching(/before the date of birth/) }),
    ]);
    expect((await read(a.id)).status).toBe('booked');
    expect((await kit.s.fhir('GET', 'Patient/pat-6')).body.deceasedDateTime).toBeUndefined();
  });
});
