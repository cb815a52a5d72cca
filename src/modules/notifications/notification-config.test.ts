/** The notification and job-queue settings: defaults, and a bad value named in the start-up error. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';

const load = (env: Record<string, string>) => loadConfig({ HALE_DATA_DIR: '/tmp/unused', ...env });

describe('notification settings', () => {
  it('defaults to reminders 24 h and 2 h before, the outbox for every channel, and the pgboss schema', () => {
    const c = load({});
    expect(c.notifications).toMatchObject({ reminderOffsetsMinutes: [1440, 120], retryLimit: 5, retryDelaySeconds: 60 });
    expect(c.notifications.smtpUrl).toBeUndefined();
    expect(c.notifications.sms).toBeUndefined();
    expect(c.jobs).toEqual({ schema: 'pgboss', work: true, pollSeconds: 2 });
    expect(load({ HALE_DB_SCHEMA: 't_abc' }).jobs.schema).toBe('t_abc_jobs');
    expect(load({ HALE_REMINDER_OFFSETS: '90m, 2d' }).notifications.reminderOffsetsMinutes).toEqual([2880, 90]);
    expect(load({ HALE_REMINDER_OFFSETS: 'off' }).notifications.reminderOffsetsMinutes).toEqual([]);
    expect(
      load({ HALE_SMS_URL: 'https://sms.example/send', HALE_SMS_ACCOUNT: 'a', HALE_SMS_TOKEN: 't', HALE_WHATSAPP_FROM: '+4930123' })
        .notifications.sms,
    ).toMatchObject({ whatsappFrom: 'whatsapp:+4930123' });
  });

  it('refuses bad values, naming the variable', () => {
    expect(() => load({ HALE_REMINDER_OFFSETS: '24h,tomorrow' })).toThrow(/HALE_REMINDER_OFFSETS: 'tomorrow'/);
    expect(() => load({ HALE_SMTP_URL: 'http://mail.example' })).toThrow(/HALE_SMTP_URL/);
    expect(() => load({ HALE_SMTP_URL: 'smtp://mail.example:587' })).toThrow(/HALE_MAIL_FROM is required/);
    expect(() => load({ HALE_SMS_URL: 'https://sms.example/send', HALE_SMS_TOKEN: 't', HALE_SMS_FROM: '+4930123' })).toThrow(
      /HALE_SMS_ACCOUNT is required/,
    );
    expect(() => load({ HALE_SMS_URL: 'https://sms.example/send', HALE_SMS_ACCOUNT: 'a', HALE_SMS_TOKEN: 't' })).toThrow(/HALE_SMS_FROM/);
    expect(() => load({ HALE_JOBS_POLL_S: '0.1' })).toThrow(/HALE_JOBS_POLL_S/);
    expect(() => load({ HALE_JOBS_SCHEMA: 'Bad-Name' })).toThrow(/HALE_JOBS_SCHEMA/);
    expect(() => load({ HALE_NOTIFY_RETRY_LIMIT: '99' })).toThrow(/HALE_NOTIFY_RETRY_LIMIT/);
  });
});
