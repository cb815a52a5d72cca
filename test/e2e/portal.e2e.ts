/** The patient portal shows the patient's own record and nothing of anyone else's. */
import { expect, test } from '@playwright/test';
import { account, accounts, expectAccessible, shot, signIn } from './support.ts';

test('a patient sees their own record, and the server refuses another patient', async ({ page }) => {
  await signIn(page, account('patient'));
  await expect(page.getByRole('heading', { level: 1, name: 'My health record' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Problems' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveCount(0);
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
