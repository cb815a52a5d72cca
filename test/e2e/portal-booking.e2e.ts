/**
 * A patient books a consultation in the portal, finds it in "My appointments", moves it to
 * another time and cancels it; each page is checked for accessibility (the booking page)
 * and photographed.
 */
import { expect, test, type Page } from '@playwright/test';
import { account, expectAccessible, shot as fullShot, signIn } from './support.ts';

/** From the top: a page scrolled by a focus change would show the fixed header over its middle. */
const shot = async (page: Page, name: string) => {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullShot(page, name);
};

test('a patient books, reschedules and cancels an appointment in the portal', async ({ page }) => {
  const reason = `Sore throat ${Date.now().toString(36)}`;
  await signIn(page, account('patient'));
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { name: 'Upcoming appointments' })).toBeVisible();
  // Nothing loading (the emergency-access notice, which portal.e2e.ts may have caused, is not progress).
  await expect(main.getByRole('status').filter({ hasNotText: 'opened in an emergency' })).toHaveCount(0);
  await shot(page, '39-portal-home-appointments');
  await main.getByRole('link', { name: 'Book an appointment' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Book an appointment' })).toBeVisible();
  const services = page.getByRole('radio', { name: /General consultation/ });
  await services.first().check();
  const when = page.getByRole('region', { name: '2. Choose a time' });
  const slots = when.locator('button[aria-pressed]');
  await expect(slots.first()).toBeVisible();
  await expect(when.getByRole('status')).toHaveCount(0);
  await expectAccessible(page, 'portal booking');
  await shot(page, '40-portal-book-choose');

  // A week ahead: past the 24-hour cut-off, so the patient may still move and cancel it online.
  await when.getByRole('button', { name: 'Next week' }).click();
  await expect(when.getByRole('status')).toHaveCount(0);
  await slots.first().click();
  const confirm = page.getByRole('region', { name: '3. Check and confirm' });
  await confirm.getByLabel(/Reason for the appointment/).fill(reason);
  await shot(page, '41-portal-book-confirm');
  await confirm.getByRole('button', { name: 'Book appointment' }).click();
  await expect(page.getByRole('heading', { name: 'Your appointment is booked' })).toBeVisible();
  await shot(page, '42-portal-booked');

  await main.getByRole('link', { name: 'My appointments' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My appointments' })).toBeVisible();
  const card = page.getByRole('article').filter({ hasText: reason });
  await expect(card).toHaveCount(1);
  await expect(card.getByText('Booked')).toBeVisible();
  const bookedAt = await card.locator('p').first().textContent();
  await shot(page, '43-portal-my-appointments');

  await card.getByRole('link', { name: 'Reschedule' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reschedule an appointment' })).toBeVisible();
  const newWhen = page.getByRole('region', { name: 'Choose a new time' });
  await newWhen.getByRole('button', { name: 'Next week' }).click();
  await expect(newWhen.getByRole('status')).toHaveCount(0);
  const newTimes = newWhen.locator('button[aria-pressed]');
  await expect(newTimes.first()).toBeVisible();
  await shot(page, '44-portal-reschedule');
  await newTimes.first().click();
  await page.getByRole('button', { name: 'Move appointment' }).click();
  await expect(page.getByRole('heading', { name: 'Your appointment is moved' })).toBeVisible();

  await main.getByRole('link', { name: 'My appointments' }).click();
  const moved = page.getByRole('article').filter({ hasText: reason });
  await expect(moved).toHaveCount(1);
  // A retrying check: the list may show the cached time for a moment before it refetches.
  await expect(moved.locator('p').first()).not.toHaveText(bookedAt!);
  await moved.getByRole('button', { name: 'Cancel' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancel this appointment?' });
  await dialog.getByLabel(/Why are you cancelling/).fill('Feeling better');
  await shot(page, '45-portal-cancel');
  await dialog.getByRole('button', { name: 'Cancel appointment' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText(/Your appointment on .* is cancelled\./)).toBeVisible();
  await expect(page.getByRole('article').filter({ hasText: reason }).getByText('Cancelled')).toBeVisible();
  await shot(page, '46-portal-cancelled');

  // How the clinic reminds the patient: text messages, not email, and not at night.
  await page.getByRole('link', { name: 'Reminders and messages' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reminders and messages' })).toBeVisible();
  const prefs = page.getByRole('form', { name: 'How we contact you about appointments' });
  await prefs.getByLabel('SMS').check();
  await prefs.getByLabel('Email').uncheck();
  await prefs.getByLabel('No messages during quiet hours').check();
  await prefs.getByLabel('Quiet from').fill('21:00');
  await prefs.getByLabel('Until').fill('08:00');
  await prefs.getByRole('button', { name: 'Save preferences' }).click();
  await expect(prefs.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expectAccessible(page, 'portal reminders and messages');
  await shot(page, '47-portal-messages');
  await page.reload();
  await expect(page.getByRole('form', { name: 'How we contact you about appointments' }).getByLabel('SMS')).toBeChecked();
  await expect(page.getByRole('form', { name: 'How we contact you about appointments' }).getByLabel('Email')).not.toBeChecked();
});
