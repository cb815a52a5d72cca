/**
 * Jobs survive a restart: a server that only enqueues (HALE_JOBS_WORK=0) books an
 * appointment and stops before anything is sent; a new server on the same database (the
 * same data folder, or the same PostgreSQL schema) sends the confirmation, exactly once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { isolatedStore } from '../../../test/support/test-server.ts';
import { berlin, futureMonday } from '../scheduling/scheduling-test-kit.ts';
import { dropJobsSchema, eventually, startNotificationKit, startSmtpSink, type NotificationKit } from './notifications-test-kit.ts';

const store = isolatedStore('notify-restart');
const kits: NotificationKit[] = [];
let closeSmtp: (() => Promise<void>) | undefined;

afterAll(async () => {
  for (const k of kits) await k.stop().catch(() => undefined);
  await closeSmtp?.();
  await dropJobsSchema(`${store.schema}_jobs`);
  await store.cleanup();
});

describe('a restart between planning and sending', () => {
  it('sends the confirmation once, from the server that starts next', async () => {
    const smtp = await startSmtpSink();
    closeSmtp = smtp.close;
    const env = { ...store.env, HALE_SMTP_URL: smtp.url, HALE_MAIL_FROM: 'appointments@clinic.test' };
    const opts = { memoryDb: false, dataDir: store.dataDir };

    const first = await startNotificationKit({ ...env, HALE_JOBS_WORK: '0' }, opts);
    kits.push(first);
    await first.contact('pat-1', [{ system: 'email', value: 'pat1@example.test' }]);
    const a = await first.book({ patientId: 'pat-1', locationId: 'room-1', start: berlin(futureMonday(1), '11:00'), durationMinutes: 20 });
    const planned = await first.jobs(a.id);
    expect(planned.find((j) => j.data.kind === 'confirmation')?.state).toBe('created');
    await first.stop();
    kits.pop();
    expect(smtp.mails).toHaveLength(0);

    const second = await startNotificationKit(env, { ...opts, seed: false });
    kits.push(second);
    const mail = await eventually(() => smtp.mails[0]);
    expect(mail.attachments.map((x) => x.filename)).toEqual(['appointment.ics']);
    const done = await eventually(async () =>
      (await second.jobs(a.id)).find((j) => j.data.kind === 'confirmation' && j.state === 'completed'),
    );
    expect(done.output).toMatchObject({
      channels: [
        { channel: 'email', status: 'completed' },
        { channel: 'sms', status: 'not-done' },
      ],
    });
    expect(smtp.mails).toHaveLength(1);
    const comms = await second.s.fhir('GET', 'Communication?subject=Patient/pat-1&category=notification&status=completed');
    expect(comms.body.entry).toHaveLength(1);
    expect(comms.body.entry[0].resource.meta.versionId).toBe('1');
  });
});
