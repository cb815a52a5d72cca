/** The patient portal shows the patient's own record and nothing of anyone else's, and who has opened it. */
import { expect, test } from '@playwright/test';
import { account, accounts, expectAccessible, shot, signIn, signOut } from './support.ts';

test('a patient sees their own record, and the server refuses another patient', async ({ page }) => {
  await signIn(page, account('patient'));
  await expect(page.getByRole('heading', { level: 1, name: 'My health record' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Problems' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasNotText: 'opened in an emergency' })).toHaveCount(0);
  await expectAccessible(page, 'portal');
  await shot(page, '30-portal');
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav.getByRole('link', { name: 'Find a patient' })).toHaveCount(0);

  const own = accounts().patientId;
  const seen = await page.evaluate(async () => {
    const bundle = (await (await fetch('/fhir/R4/Patient?_count=100')).json()) as { entry?: { resource: { id: string } }[] };
    return (bundle.entry ?? []).map((e) => e.resource.id);
  });
  expect(seen).toEqual([own]);
  const others = await page.evaluate(async (ownId) => {
    const bundle = (await (await fetch('/fhir/R4/Condition?_count=200')).json()) as {
      entry?: { resource: { subject?: { reference?: string } } }[];
    };
    return (bundle.entry ?? []).filter((e) => e.resource.subject?.reference !== `Patient/${ownId}`).length;
  }, own);
  expect(others).toBe(0);
});

test('a patient sees who opened their record: the doctor who just opened the chart, by name, in plain words', async ({ page, request }) => {
  await signIn(page, account('doctor'));
  await page.goto(`/patients/${accounts().patientId}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await signOut(page);
  // A colleague covering the ward opens the record with emergency access (through the API, as the chart does).
  const nurse = account('nurse');
  const login = await request.post('/api/v1/auth/login', { data: { username: nurse.username, password: nurse.password } });
  const token = ((await login.json()) as { accessToken: string }).accessToken;
  const grant = await request.post('/api/v1/break-glass', {
    headers: { authorization: `Bearer ${token}` },
    data: { patientId: accounts().patientId, reason: 'Found collapsed in the waiting room' },
  });
  expect(grant.status()).toBe(201);

  await signIn(page, account('patient'));
  // The home page says so at the top, and leads to who and why.
  const notice = page.getByRole('status').filter({ hasText: 'Your record was opened in an emergency' });
  await expect(notice).toBeVisible();
  await shot(page, '32-portal-emergency-notice');
  await expect(page.getByRole('link', { name: 'See who viewed your record, and why' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Who viewed my record' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Who viewed my record' })).toBeVisible();
  const table = page.getByRole('table', { name: /accesses to your record, newest first/ });
  const doctorRow = table.getByRole('row').filter({ hasText: 'Dr. Dana Doctor' }).filter({ hasText: 'Opened your personal details' });
  await expect(doctorRow.first()).toBeVisible();
  await expect(doctorRow.first()).toContainText('Doctor');
  const emergencyRow = table.getByRole('row').filter({ hasText: 'Nico Nurse' }).filter({ hasText: 'Opened your record in an emergency' });
  await expect(emergencyRow).toContainText('Found collapsed in the waiting room');
  // The patient's own visits (the portal's home just read the record) appear only when asked for.
  await expect(table.getByRole('row').filter({ hasText: 'Pat Patient' })).toHaveCount(0);
  // Ids mean nothing to a patient: none of the record's or the accounts' appear.
  await expect(table).not.toContainText(accounts().patientId);
  await expect(table).not.toContainText(account('doctor').id!);
  await expectAccessible(page, 'portal-record-access');
  await shot(page, '31-portal-record-access');
  await page.getByRole('checkbox', { name: 'Include my own visits' }).check();
  await expect(table.getByRole('row').filter({ hasText: 'Pat Patient' }).first()).toContainText('You');
});
