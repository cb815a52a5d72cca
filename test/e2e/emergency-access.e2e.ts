/**
 * Emergency access (break-glass) as the people involved see it: a doctor opens the chart of
 * a patient outside their care relationships, is refused, gives a reason and the chart opens;
 * the administrator finds the grant in the review queue with that reason, and the notices to
 * the patient and the privacy officer in the message outbox (no mail server in the tests).
 */
import { expect, test } from '@playwright/test';
import { account, expectAccessible, shot, signIn, signOut } from './support.ts';

test('a doctor opens an unrelated patient’s chart with a reason, and the admin sees it for review', async ({ page, request }) => {
  // A patient the doctor has never seen: registered just now by the reception desk.
  const reception = account('reception');
  const login = await request.post('/api/v1/auth/login', { data: { username: reception.username, password: reception.password } });
  const token = ((await login.json()) as { accessToken: string }).accessToken;
  const family = `Strand${Date.now().toString(36).slice(-4)}`;
  const created = await request.post('/fhir/R4/Patient', {
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
    data: {
      resourceType: 'Patient',
      name: [{ family, given: ['Ines'] }],
      gender: 'female',
      birthDate: '1958-03-02',
      telecom: [{ system: 'email', value: `${family.toLowerCase()}@example.org` }],
    },
  });
  expect(created.status()).toBe(201);
  const patientId = ((await created.json()) as { id: string }).id;

  await signIn(page, account('doctor'));
  await page.goto(`/patients/${patientId}`);
  await expect(page.getByRole('alert').filter({ hasText: 'outside your care relationships' })).toBeVisible();
  const reason = page.getByRole('textbox', { name: /Reason for emergency access/ });
  await reason.fill('Brought in unconscious; allergies and medication needed now');
  await expectAccessible(page, 'emergency-access');
  await shot(page, '60-emergency-access');
  await page.getByRole('button', { name: 'Open with emergency access' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(family) })).toBeVisible();
  await signOut(page);

  await signIn(page, account('admin2'));
  await page.goto('/admin/break-glass');
  const row = page.getByRole('row').filter({ hasText: 'Brought in unconscious' });
  await expect(row).toBeVisible();
  await expect(row).toContainText(patientId);
  await expectAccessible(page, 'break-glass-review');
  await shot(page, '61-break-glass-review');

  // The notices went out by the job queue: the patient's email and the privacy officer's, both kept in the outbox.
  await page.goto('/admin/notifications/outbox');
  const notices = page.getByRole('row').filter({ hasText: 'Emergency access' });
  await expect(notices.filter({ hasText: `${family.toLowerCase()}@example.org` })).toBeVisible({ timeout: 15_000 });
  await expect(notices.filter({ hasText: 'privacy@clinic.example' })).toBeVisible();
  await notices.filter({ hasText: 'privacy@clinic.example' }).getByRole('button', { name: /^Open/ }).click();
  const drawer = page.getByRole('dialog');
  await expect(drawer).toContainText('Brought in unconscious; allergies and medication needed now');
  await expect(drawer).toContainText(`Ines ${family}`);
  await expectAccessible(page, 'emergency-access-notice');
  await shot(page, '62-emergency-access-notice');

  // Back in the review queue: with no mail server configured, the patient's email only sits in
  // the outbox, and the queue says the patient was not told.
  await page.keyboard.press('Escape');
  await page.goto('/admin/break-glass');
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('row').filter({ hasText: 'Brought in unconscious' })).toContainText(
      'Patient not told: the email is kept in the outbox',
      { timeout: 2_000 },
    );
  }).toPass({ timeout: 20_000 });
});
