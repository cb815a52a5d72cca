/**
 * Signing in as a user would: the first admin sets up MFA from the QR screen's key, then
 * signs in again with a code; a wrong code is refused with a clear message; roles land on
 * their own homes; a doctor neither sees nor reaches the admin pages.
 */
import { expect, test } from '@playwright/test';
import { account, expectAccessible, freshTotp, shot, signIn, signOut } from './support.ts';

test('the first admin sets up two-factor sign-in, then signs in with a code', async ({ page }) => {
  const admin = account('admin');
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in to Hale' })).toBeVisible();
  await expectAccessible(page, 'sign-in');
  await shot(page, '01-sign-in');
  await page.getByLabel('Username').fill(admin.username);
  await page.getByLabel(/^Password/).fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('heading', { name: 'Set up two-factor sign-in' })).toBeVisible();
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
  await expectAccessible(page, 'mfa-setup');
  await shot(page, '02-mfa-setup');
  const secret = (await page.getByTestId('mfa-secret').textContent())!.trim();
  await page.getByLabel(/Code from the app/).fill('000000');
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await expect(page.getByText(/does not match/)).toBeVisible();
  await page.getByLabel(/Code from the app/).fill(await freshTotp(secret));
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await expect(page.getByRole('list', { name: 'Backup codes' }).getByRole('listitem')).toHaveCount(10);
  await shot(page, '03-mfa-backup-codes');
  await page.getByRole('button', { name: 'I have kept the codes' }).click();
  await expect(page.getByRole('heading', { name: 'Administration' })).toBeVisible();
  await signOut(page);

  // Next time the code is asked for after the password.
  await page.getByLabel('Username').fill(admin.username);
  await page.getByLabel(/^Password/).fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel(/Authenticator code/)).toBeFocused();
  await shot(page, '04-sign-in-code');
  await page.getByLabel(/Authenticator code/).fill(await freshTotp(secret));
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Administration' })).toBeVisible();
  await expectAccessible(page, 'admin-home');
  await shot(page, '05-admin-home');
});

test('a wrong password is refused with a message, and nothing else is said', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Username').fill('doctor');
  await page.getByLabel(/^Password/).fill('not the password at all');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText(/Could not sign in/);
  await expect(page.getByLabel('Username')).toHaveValue('doctor');
});

test('each role lands on its own home and sees only its navigation', async ({ page }) => {
  const homes: [string, RegExp, string[], string[]][] = [
    ['reception', /Reception/, ['Find a patient', 'Register a patient'], ['Users and roles', 'Audit log']],
    ['doctor', /Today, Dr\. Dana Doctor/, ['Find a patient'], ['Users and roles', 'Audit log', 'Break-glass review']],
    ['nurse', /Ward/, ['Find a patient'], ['Users and roles', 'Audit log']],
    ['auditor', /Administration/, ['Audit log', 'Break-glass review'], ['Users and roles', 'Find a patient']],
  ];
  for (const [name, heading, shown, hidden] of homes) {
    await signIn(page, account(name));
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    for (const label of shown) await expect(nav.getByRole('link', { name: label, exact: true })).toBeVisible();
    for (const label of hidden) await expect(nav.getByRole('link', { name: label, exact: true })).toHaveCount(0);
    await expectAccessible(page, `${name}-home`);
    await shot(page, `10-home-${name}`);
    await signOut(page);
  }
});

test('a doctor typing an admin address gets an explanation, and the server refuses the data', async ({ page }) => {
  await signIn(page, account('doctor'));
  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { name: 'Not available to your role' })).toBeVisible();
  const answer = await page.evaluate(async () => (await fetch('/api/v1/admin/users')).status);
  expect(answer).toBe(403);
  await shot(page, '11-doctor-admin-refused');
});

test('my sessions lists this session and can end another one', async ({ page, browser }) => {
  const nurse = account('nurse');
  const other = await browser.newContext();
  await signIn(await other.newPage(), nurse);
  await signIn(page, nurse);
  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('menuitem', { name: 'My sessions' }).click();
  await expect(page.getByRole('heading', { name: 'My sessions' })).toBeVisible();
  await expect(page.getByText('this session')).toBeVisible();
  const ends = page.getByRole('button', { name: /End session/ });
  const before = await ends.count();
  expect(before).toBeGreaterThanOrEqual(1);
  await expectAccessible(page, 'sessions');
  await shot(page, '12-my-sessions');
  await ends.first().click();
  await expect(ends).toHaveCount(before - 1);
  await other.close();
});
