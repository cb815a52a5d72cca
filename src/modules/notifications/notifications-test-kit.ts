/**
 * Shared set-up of the notifications tests: a real server with the scheduling clinic
 * (scheduling-test-kit.ts), patients with addresses, signed-in users, a real SMTP server on
 * loopback (smtp-server, mails parsed with mailparser), and a look into the job queue.
 * Not a test file itself.
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { createUser } from '../../access/accounts.ts';
import { listJobs, type QueuedJob } from '../../jobs/queue.ts';
import { startTestServer, type TestServer } from '../../../test/support/test-server.ts';
import { call, login, type ApiResult } from '../../../test/support/api-client.ts';
import { PASSWORD, clinicBundle, morningAvailability } from '../scheduling/scheduling-test-kit.ts';
import { NOTIFICATION_JOB_NAME, type NotificationJobData } from './notification-job.ts';

export type Who = 'admin' | 'reception' | 'billing' | 'patient1' | 'patient2';

const USERS: [Exclude<Who, 'admin'>, string[], Record<string, string>][] = [
  ['reception', ['receptionist'], { displayName: 'Rita Reception' }],
  ['billing', ['billing'], { displayName: 'Bill Billing' }],
  ['patient1', ['patient'], { displayName: 'Test Patient1', patientId: 'pat-1' }],
  ['patient2', ['patient'], { displayName: 'Test Patient2', patientId: 'pat-2' }],
];

export interface NotificationKit {
  s: TestServer;
  api(who: Who, method: string, path: string, body?: unknown): Promise<ApiResult>;
  /** Books as the receptionist, expecting 201; returns the Appointment. */
  book(body: Record<string, unknown>): Promise<any>;
  /** Sets a patient's telecom (email, phones) through FHIR. */
  contact(patientId: string, telecom: { system: string; value: string; use?: string }[], extra?: Record<string, unknown>): Promise<void>;
  /** The notification jobs of an appointment, newest first. */
  jobs(appointmentId: string): Promise<QueuedJob<NotificationJobData>[]>;
  /** Makes the waiting jobs of an appointment due now (instead of waiting days for a reminder). */
  makeDue(appointmentId: string, keyPart: string): Promise<number>;
  stop(): Promise<void>;
}

/** Polls `probe` until it returns a value (not undefined/false), for at most `ms`. */
export async function eventually<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startNotificationKit(
  env: Record<string, string> = {},
  opts: { memoryDb?: boolean; dataDir?: string; seed?: boolean } = {},
): Promise<NotificationKit> {
  // The no-show job's timer would mark the tests' past appointments while they run.
  const s = await startTestServer(
    { HALE_CARE_RELATIONSHIP: 'all', HALE_NO_SHOW_INTERVAL_S: '0', HALE_JOBS_POLL_S: '0.5', HALE_NOTIFY_RETRY_DELAY_S: '1', ...env },
    { ...(opts.memoryDb !== undefined ? { memoryDb: opts.memoryDb } : {}), ...(opts.dataDir ? { dataDir: opts.dataDir } : {}) },
  );
  const tokens = { admin: s.adminToken } as Record<Who, string>;
  if (opts.seed !== false) {
    const seed = await s.fhir('POST', '', clinicBundle(10));
    expect(seed.status, JSON.stringify(seed.body).slice(0, 2000)).toBe(200);
    for (const [username, roles, extra] of USERS) await createUser(s.hale.db, { username, roles, password: PASSWORD, ...extra }, false);
  }
  for (const [username] of USERS) {
    const r = await login(s.url, username, PASSWORD);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    tokens[username] = r.body.accessToken;
  }
  const api: NotificationKit['api'] = (who, method, path, body) => call(s.url, method, path, tokens[who], body);
  if (opts.seed !== false) {
    const r = await api('reception', 'PUT', '/api/v1/scheduling/availability/dr-berg', { locations: [morningAvailability('room-1')] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  const schema = s.config.jobs.schema;
  return {
    s,
    api,
    async book(body) {
      const r = await api('reception', 'POST', '/api/v1/appointments', { practitionerId: 'dr-berg', type: 'consultation', ...body });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    },
    async contact(patientId, telecom, extra = {}) {
      const current = await s.fhir('GET', `Patient/${patientId}`);
      const r = await s.fhir('PUT', `Patient/${patientId}`, { ...current.body, telecom, ...extra });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    },
    jobs: (appointmentId) => listJobs<NotificationJobData>(s.hale.db, schema, NOTIFICATION_JOB_NAME, { keyPrefix: `${appointmentId}|` }),
    async makeDue(appointmentId, keyPart) {
      const r = await s.hale.db.query(
        `UPDATE ${schema}.job SET start_after = now() WHERE name = $1 AND state = 'created' AND starts_with(singleton_key, $2) AND strpos(singleton_key, $3) > 0`,
        [NOTIFICATION_JOB_NAME, `${appointmentId}|`, keyPart],
      );
      return r.rowCount;
    },
    async stop() {
      await s.stop();
      // The queue's schema is this server's own on PostgreSQL (<schema>_jobs): dropped with it.
      if (process.env.DATABASE_URL && !env.HALE_DB_SCHEMA) await dropJobsSchema(schema);
    },
  };
}

export async function dropJobsSchema(schema: string): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

export interface SmtpSink {
  url: string;
  mails: ParsedMail[];
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 (random port) that keeps every mail it receives, parsed.
 * `refuse`: recipients it turns away (450, mailbox busy) this many more times.
 */
export async function startSmtpSink(refuse = new Map<string, number>()): Promise<SmtpSink> {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, done) {
      const left = refuse.get(address.address) ?? 0;
      if (left <= 0) return done();
      refuse.set(address.address, left - 1);
      done(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 450 }));
    },
    onData(stream, _session, done) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          done();
        })
        .catch((err: Error) => done(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An .ics text with folded lines joined back (RFC 5545 3.1). */
export function unfold(ics: string): string[] {
  return ics.replace(/\r\n[ \t]/g, '').split('\r\n');
}
