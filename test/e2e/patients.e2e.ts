/**
 * The reception desk's day: register a patient with the whole form, be warned of a
 * near-duplicate of someone already registered, find the patient by the one-box search
 * with the keyboard, and open the chart. Then the admin sees those accesses in the audit log.
 */
import { expect, test } from '@playwright/test';
import { account, expectAccessible, shot, signIn, signOut } from './support.ts';

const suffix = Date.now().toString(36).slice(-4);
const family = `Okafor${suffix}`;

test('a receptionist registers a patient, is warned of a near-duplicate, finds the patient and opens the chart', async ({ page }) => {
  await signIn(page, account('reception'));
  await page.getByRole('link', { name: 'Register a patient', exact: true }).first().click();
  await expect(page.getByRole('heading', { name: 'Register a patient' })).toBeVisible();
  await expectAccessible(page, 'register');

  await page.getByLabel(/^Title/).fill('Ms');
  await page.getByLabel(/^Given names/).fill('Adaeze Grace');
  await page.getByLabel(/^Family name/).fill(family);
  await page.getByLabel(/^Preferred name/).fill('Ada');
  await page.getByLabel(/^Date of birth/).fill('1987-06-21');
  await page.getByLabel(/^Sex/).selectOption('female');
  await page.getByLabel(/^Marital status/).selectOption('M');
  await page.getByLabel(/^Preferred language/).fill('en-GB');
  await page.getByLabel(/^Phone number/).fill('+44 20 7946 0' + String(Date.now()).slice(-3));
  await page.getByRole('textbox', { name: /^Email/ }).fill(`ada.${suffix}@example.org`);
  await page.getByLabel(/^Street and number/).fill('12 Harbour Road');
  await page.getByLabel(/^City/).fill('Bristol');
  await page.getByLabel(/^Postal code/).fill('BS1 4RN');
  await page.getByRole('button', { name: 'Add identifier' }).click();
  await page.getByLabel(/^Kind/).selectOption('passport');
  await page.getByLabel(/^Number/).fill(`P${suffix}77321`);
  await page.getByRole('button', { name: 'Add emergency contact' }).click();
  await page.getByLabel(/^Contact name/).fill('Chidi Okafor');
  await page.getByLabel(/^Contact phone/).fill('+44 20 7946 0111');
  await page.getByRole('button', { name: 'Add coverage' }).click();
  await page.getByLabel(/^Insurer name/).fill('Harbour Health Mutual');
  await page.getByLabel(/^Plan/).fill('Silver');
  await page.getByLabel(/^Member id/).fill(`HHM-${suffix}-001`);
  await page.getByLabel(/^Valid from/).fill('2026-01-01');
  await page.getByLabel(/^Valid until/).fill('2025-01-01');
  await expect(page.getByText('The end is before the start')).toBeVisible();
  await page.getByLabel(/^Valid until/).fill('2027-12-31');
  await page.getByRole('checkbox', { name: 'Email' }).check();
  await page.getByRole('checkbox', { name: 'SMS' }).check();
  await page.getByRole('switch', { name: 'Use for research' }).check();
  await shot(page, '20-register-filled');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(family) })).toBeVisible();
  const chartUrl = page.url();
  await expect(page.getByText(/MRN/).first()).toBeVisible();
  await shot(page, '21-chart-after-register');

  // The same person again, with a typo in the family name: the desk is warned before saving.
  await page.goto('/patients/new');
  await page.getByLabel(/^Given names/).fill('Adaeze');
  await page.getByLabel(/^Family name/).fill(family.replace(/r/, 'rr'));
  await page.getByLabel(/^Date of birth/).fill('1987-06-21');
  await page.getByLabel(/^Sex/).selectOption('female');
  await expect(page.getByText(/This may be a patient already registered/)).toBeVisible();
  await expect(page.getByRole('link', { name: new RegExp(`Adaeze.*${family}`) })).toBeVisible();
  await expect(page.getByText('same birth date')).toBeVisible();
  await expectAccessible(page, 'register-duplicate');
  await shot(page, '22-register-duplicate-warning');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.getByRole('dialog', { name: 'Register a new patient anyway?' })).toBeVisible();
  await shot(page, '23-register-duplicate-confirm');
  await page.getByRole('button', { name: 'Go back' }).click();

  // The one-box search, by keyboard: type, arrow down, Enter.
  await page.goto('/patients');
  const box = page.getByRole('combobox', { name: /Name, birth date/ });
  await box.fill(`${family.slice(0, -1)} 21/06/1987`);
  await expect(page.getByRole('option').first()).toContainText(family);
  await expectAccessible(page, 'patient-search');
  await shot(page, '24-patient-search');
  await box.press('Enter');
  await expect(page).toHaveURL(chartUrl);
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(family) })).toBeVisible();
  await expectAccessible(page, 'chart');
  await shot(page, '25-chart');

  // Recent patients, when the box is empty.
  await page.goto('/patients');
  await expect(page.getByRole('listbox', { name: 'Recent patients' }).getByRole('option').first()).toContainText(family);
  await signOut(page);
});

test('the admin sees the reception desk’s accesses to that patient in the audit log', async ({ page }) => {
  await signIn(page, account('admin2'));
  await page.goto(`/admin/audit?user=${encodeURIComponent(account('reception').id ?? '')}`);
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await expect(
    page
      .getByRole('row')
      .filter({ hasText: /Patient/ })
      .first(),
  ).toBeVisible();
  await expectAccessible(page, 'audit-log');
  await shot(page, '40-audit-log');
});
