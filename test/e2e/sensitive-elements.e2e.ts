/**
 * An administrator marks an element sensitive in the web app: a wrong path is refused at the
 * field, a right one is listed, the stored records are brought under it in the background
 * (progress until done), and the patient's number still reads in clear on the chart.
 * Unmarked again at the end, so the rest of the suite sees the store as it was.
 */
import { expect, test } from '@playwright/test';
import { account, accounts, expectAccessible, shot, signIn } from './support.ts';

test('an admin marks Patient.telecom.value sensitive, sees it applied to stored records, and unmarks it', async ({ page }) => {
  await signIn(page, account('admin2'));
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Sensitive elements' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sensitive elements' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Always encrypted' })).toContainText('Patient');

  const path = page.getByRole('textbox', { name: /Element path/ });
  await path.fill('Patient.birthDate');
  await page.getByRole('button', { name: 'Mark sensitive' }).click();
  await expect(path).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/birthDate/).and(page.locator('.mantine-TextInput-error'))).toBeVisible();

  await path.fill('Patient.telecom.value');
  await path.press('Enter');
  const row = page.getByRole('row').filter({ hasText: 'Patient.telecom.value' });
  await expect(row).toContainText('Ada Admin');
  // The demo patients' numbers are encrypted in the background; the progress goes when it is done.
  await expect(page.getByRole('status').filter({ hasText: 'Applying the change to stored records' })).toHaveCount(0, { timeout: 30_000 });
  await expectAccessible(page, 'sensitive-elements');
  await shot(page, '62-sensitive-elements');

  // Stored encrypted, read in clear: the chart still shows the number.
  const phone = await page.evaluate(async (id) => {
    const patient = (await (await fetch(`/fhir/R4/Patient/${id}`)).json()) as { telecom?: { value?: string }[] };
    return patient.telecom?.[0]?.value ?? '';
  }, accounts().patientId);
  expect(phone).not.toMatch(/^hale-enc:/);

  await row.getByRole('button', { name: 'Unmark Patient.telecom.value' }).click();
  const dialog = page.getByRole('dialog', { name: 'Unmark this element?' });
  await dialog.getByRole('button', { name: 'Unmark' }).click();
  await expect(page.getByText('No element has been marked yet.')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Applying the change to stored records' })).toHaveCount(0, { timeout: 30_000 });
});
