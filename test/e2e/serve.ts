/**
 * The server the browser tests drive: a fresh data folder with the demo data on the
 * embedded engine, the default MFA rule (admins must set it up), and one account per
 * role the tests sign in as. The accounts' generated passwords (and the second admin's
 * TOTP secret) go to a file the tests read; nothing is fixed in the repo.
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
  LOG_LEVEL: 'warn',
  HALE_ADMIN_PASSWORD: firstAdminPassword,
  HALE_RATE_LIMIT_MAX: '100000',
  HALE_LOGIN_RATE_LIMIT_MAX: '10000',
  // The browser tests run against the embedded engine whatever the shell says.
  DATABASE_URL: '',
});
const hale = await startHale(config, { logger: false });
const repo = new FhirRepository(hale.db, systemContext('e2e-accounts'), hale.guard);

// A doctor with patients to see: the practitioner of a demo encounter, and that encounter's patient.
const encounters = await repo.search('Encounter', new URLSearchParams({ _count: '50', _sort: '-date' }), false);
const withDoctor = encounters.matches
  .map((m) => parseStored(m) as { subject?: { reference?: string }; participant?: { individual?: { reference?: string } }[] })
  .find((e) => e.participant?.some((p) => p.individual?.reference?.startsWith('Practitioner/')) && e.subject?.reference);
if (!withDoctor) throw new Error('The demo data has no encounter with a practitioner');
const practitionerId = withDoctor
  .participant!.find((p) => p.individual?.reference?.startsWith('Practitioner/'))!
  .individual!.reference!.slice(13);
const patientId = withDoctor.subject!.reference!.slice(8);

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
