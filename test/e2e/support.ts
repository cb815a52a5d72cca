/** What the browser tests share: the seeded accounts, signing in, screenshots and the accessibility check. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import { generate } from 'otplib';
import { E2E_ACCOUNTS_FILE, SCREENSHOT_DIR, type E2eAccount, type E2eAccounts } from './e2e-env.ts';

export function accounts(): E2eAccounts {
  return JSON.parse(readFileSync(E2E_ACCOUNTS_FILE, 'utf8')) as E2eAccounts;
}

export function account(name: string): E2eAccount {
  const found = accounts().users[name];
  if (!found) throw new Error(`No e2e account ${name}`);
  return found;
}

/** The authenticator app's current code. */
export const freshTotp = (secret: string): Promise<string> => generate({ secret });

/** Signs in through the sign-in page, with the authenticator code when the account has one. */
export async function signIn(page: Page, who: E2eAccount): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Username').fill(who.username);
  await page.getByLabel(/^Password/).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (who.totpSecret) {
    await page.getByLabel(/Authenticator code/).fill(await freshTotp(who.totpSecret));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
  }
  await expect(page.getByRole('button', { name: /Account menu/ })).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Username')).toBeVisible();
}

/** A full-page screenshot into test-results/screenshots, which CI keeps. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** axe-core on the page as it is: no serious or critical violation (WCAG 2.1 A and AA rules). */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  // Colours are judged as they settle: mid-way through a drawer's or menu's entry transition
  // the page behind is half-faded, and axe measured a link there at 4.0:1 instead of its 4.5+.
  // (A spinner's endless animation is no transition and is not waited for.)
  await page.waitForFunction(
    () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
    undefined,
    { timeout: 5_000 },
  );
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} at ${v.nodes
        .map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`)
        .slice(0, 3)
        .join(' | ')}`,
  );
  expect(report, `accessibility of ${screen}`).toEqual([]);
}
