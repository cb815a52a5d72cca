/**
 * The server the browser tests drive: a fresh data folder with the demo data on the
 * embedded engine, the default MFA rule (admins must set it up), and one account per
 * role the tests sign in as. The accounts' generated passwords (and the second admin's
 * TOTP secret) go to a file the tests read; nothing is fixed in the repo.
 *
 * The doctor (and the nurse) work as a practitioner with demo availability, so the
 * scheduling screens have a day to show them; two more appointments are booked for that
 * practitioner today, in free slots, so the reception has someone to check in whatever the
 * hour. The no-show timer is off: it would mark those appointments while the tests run.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { generate } from 'otplib';
import { loadConfig } from '../../src/config.ts';
import { startHale } from '../../src/server.ts';
import { createUser } from '../../src/access/accounts.ts';
import { confirmMfaSetup, startMfaSetup } from '../../src/access/mfa-service.ts';
import { FhirRepository } from '../../src/fhir/store/repository.ts';
import { systemContext } from '../../src/fhir/acting-context.ts';
import { parseStored } from '../../src/fhir/store/stored-resource.ts';
import { HaleError } from '../../src/errors.ts';
import { findSlots } from '../../src/modules/scheduling/find-slots.ts';
import { bookAppointment } from '../../src/modules/scheduling/book-appointment.ts';
import { localDate } from '../../src/modules/scheduling/zoned-time.ts';
import { E2E_ACCOUNTS_FILE, E2E_DATA_DIR, E2E_PORT, type E2eAccounts } from './e2e-env.ts';

rmSync(E2E_DATA_DIR, { recursive: true, force: true });
mkdirSync(E2E_DATA_DIR, { recursive: true });
const firstAdminPassword = `first keeper ${randomBytes(9).toString('base64url')}`;
const config = loadConfig({
  ...process.env,
  PORT: String(E2E_PORT),
  HOST: '127.0.0.1',
  HALE_DATA_DIR: path.join(E2E_DATA_DIR, 'data'),
  HALE_DEMO: '1',
  // The no-show job would mark the flows' past appointments while they run.
  HALE_NO_SHOW_INTERVAL_S: '0',
  LOG_LEVEL: 'warn',
  HALE_ADMIN_PASSWORD: firstAdminPassword,
  HALE_RATE_LIMIT_MAX: '100000',
  HALE_LOGIN_RATE_LIMIT_MAX: '10000',
  // Emergency access notices for review (no mail server: they are kept in the outbox, where the tests read them).
  HALE_PRIVACY_OFFICER_EMAIL: 'Privacy Office <privacy@clinic.example>',
  // The browser tests run against the embedded engine whatever the shell says.
  DATABASE_URL: '',
});
const hale = await startHale(config, { logger: false });
const repo = new FhirRepository(hale.db, systemContext('e2e-accounts'), hale.guard);

type Ref = { reference?: string };
type Enc = { subject?: Ref; participant?: { individual?: Ref }[] };
type Pat = { id: string; deceasedBoolean?: boolean; deceasedDateTime?: string };
/** The demo is generated as of today: a patient may have died since their last visit, and cannot be booked. */
const isLiving = (p: Pat) => !p.deceasedBoolean && !p.deceasedDateTime;
const search = async <T>(type: string, params: Record<string, string>) =>
  (await repo.search(type, new URLSearchParams({ _count: '200', ...params }), false)).matches.map((m) => parseStored(m) as T);
const practitionerOf = (e: Enc) =>
  e.participant?.find((p) => p.individual?.reference?.startsWith('Practitioner/'))?.individual?.reference?.slice(13);

// A doctor with a schedule: the first demo practitioner with availability (in the demo's own order).
const scheduled = new Set(
  (await search<{ actor?: Ref[] }>('Schedule', { active: 'true' }))
    .flatMap((s) => s.actor ?? [])
    .map((a) => a.reference ?? '')
    .filter((r) => r.startsWith('Practitioner/'))
    .map((r) => r.slice(13)),
);
const roles = await search<{ practitioner?: Ref }>('PractitionerRole', { _sort: '_id' });
const withSchedule = roles.map((r) => r.practitioner?.reference?.slice(13)).find((id) => id && scheduled.has(id));

// The living patient the doctor cares for: of one of the doctor's encounters, else of the latest encounter with a
// practitioner.
const encounters = await search<Enc>('Encounter', { _sort: '-date', _count: '200' });
const subjects = [...new Set(encounters.map((e) => e.subject?.reference?.slice(8)).filter((id): id is string => !!id))];
const living = new Set((await search<Pat>('Patient', { _id: subjects.join(',') })).filter(isLiving).map((p) => p.id));
const livingSubject = (e: Enc) => !!e.subject?.reference && living.has(e.subject.reference.slice(8));
const withDoctor =
  encounters.find((e) => withSchedule && practitionerOf(e) === withSchedule && livingSubject(e)) ??
  encounters.find((e) => practitionerOf(e) && livingSubject(e));
if (!withDoctor) throw new Error('The demo data has no encounter with a practitioner');
const practitionerId = withSchedule ?? practitionerOf(withDoctor)!;
const patientId = withDoctor.subject!.reference!.slice(8);

// Two more appointments today for the doctor, in free slots (past ones too: they stay booked, the timer is off).
if (withSchedule) {
  const day = 86_400_000;
  const window = { from: new Date(Date.now() - day).toISOString(), to: new Date(Date.now() + day).toISOString() };
  const slots = (await findSlots(repo, { practitioner: practitionerId, ...window })).slots;
  const today = slots.filter((s) => s.startLocal.slice(0, 10) === localDate(new Date(), s.timeZone));
  const patients = (await search<Pat>('Patient', { active: 'true', _sort: '-_id', _count: '40' })).filter(isLiving);
  let booked = 0;
  for (const slot of today) {
    if (booked === 2) break;
    for (const patient of patients) {
      const made = await bookAppointment(repo, {
        patientId: patient.id,
        practitionerId,
        locationId: slot.location.id,
        start: slot.start,
        type: 'consultation',
        reason: 'Follow-up of blood tests',
      }).catch((err: unknown) => {
        // That patient is busy then: try the next one.
        if (err instanceof HaleError && err.code === 'conflict') return undefined;
        throw err;
      });
      if (made) {
        booked++;
        break;
      }
    }
  }
}

const password = () => `e2e ${randomBytes(12).toString('base64url')}`;
const accounts: E2eAccounts = { baseUrl: `http://127.0.0.1:${E2E_PORT}`, patientId, practitionerId, users: {} };
accounts.users.admin = { username: 'admin', password: firstAdminPassword };
const seed: [string, string, string[], Record<string, string>][] = [
  ['reception', 'Rita Reception', ['receptionist'], {}],
  ['doctor', 'Dr. Dana Doctor', ['doctor'], { practitionerId }],
  ['nurse', 'Nico Nurse', ['nurse'], { practitionerId }],
  ['patient', 'Pat Patient', ['patient'], { patientId }],
  ['auditor', 'Avery Auditor', ['auditor'], {}],
  ['admin2', 'Ada Admin', ['admin'], {}],
];
for (const [username, displayName, roles, links] of seed) {
  const pw = password();
  const { user } = await createUser(hale.db, { username, displayName, roles, password: pw, ...links }, false);
  accounts.users[username] = { username, password: pw, id: user.id };
}
// A second admin with MFA already on, for tests that need an admin without walking the set-up.
const setup = await startMfaSetup(hale.db, accounts.users.admin2.id!, hale.secrets.signingKey);
await confirmMfaSetup(hale.db, accounts.users.admin2.id!, await generate({ secret: setup.secret }), hale.secrets.signingKey);
accounts.users.admin2.totpSecret = setup.secret;

writeFileSync(E2E_ACCOUNTS_FILE, JSON.stringify(accounts, null, 2), { mode: 0o600 });
console.log(`e2e server ready at ${accounts.baseUrl}`);

const stop = () => void hale.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
