// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeServer } from '../../test/render.tsx';
import { meRoute, renderAdminPage } from './admin-test-kit.tsx';
import SensitiveElementsPage from './SensitiveElementsPage.tsx';
import type { EncryptionRule, SensitiveElements } from './sensitive-elements-api.ts';

afterEach(() => vi.unstubAllGlobals());

const builtIn = [
  { resourceType: 'Patient', description: 'Patient.identifier.value of a US SSN or national id' },
  { resourceType: 'Coverage', description: 'Coverage.subscriberId' },
];
const phoneRule: EncryptionRule = {
  id: 7,
  resourceType: 'Patient',
  path: 'Patient.telecom.value',
  createdBy: 'u-ada',
  createdAt: '2026-12-07T10:00:00Z',
};

describe('sensitive elements', () => {
  it('lists what is encrypted, shows the progress of a change until it is applied, and unmarks after a confirmation', async () => {
    let rules = [phoneRule];
    let polls = 0;
    const server = fakeServer({
      ...meRoute(['admin']),
      'GET /api/v1/admin/users': () => ({
        body: {
          users: [
            { id: 'u-ada', username: 'ada', displayName: 'Ada Admin', roles: ['admin'], mustChangePassword: false, mfaEnabled: true },
          ],
        },
      }),
      'GET /api/v1/admin/sensitive-elements': () => {
        polls++;
        const applying =
          polls === 1
            ? {
                reasons: ['Patient.telecom.value marked sensitive: encrypt the values stored before'],
                types: ['Patient'],
                resourcesDone: 120,
                resourcesTotal: 500,
              }
            : null;
        return { body: { builtIn, rules, applying } satisfies SensitiveElements };
      },
      'DELETE /api/v1/admin/sensitive-elements/7': () => {
        rules = [];
        return { status: 204 };
      },
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAdminPage(<SensitiveElementsPage />, { path: '/admin/sensitive-elements', route: '/admin/sensitive-elements' });

    const progress = await screen.findByText(/120 of 500 Patient records done/);
    expect(progress.closest('[role="status"]')!.textContent).toMatch(/Applying the change to stored records.*marked sensitive/);
    expect(screen.getByRole('progressbar', { name: 'Stored records done: 24%' })).toBeTruthy();
    expect(screen.getByText('Always encrypted').closest('section')!.textContent).toMatch(
      /Patient\.identifier\.value of a US SSN or national id.*Coverage\.subscriberId/,
    );
    const row = (await screen.findByText('Patient.telecom.value')).closest('tr')!;
    await waitFor(() => expect(row.textContent).toMatch(/Ada Admin \(ada\)/));
    // The page asks again while the change is applied, and the progress goes when it is done.
    await waitFor(() => expect(screen.queryByText(/Patient records done/)).toBeNull(), { timeout: 5000 });

    const user = userEvent.setup();
    await user.click(within(row).getByRole('button', { name: 'Unmark Patient.telecom.value' }));
    const dialog = await screen.findByRole('dialog', { name: 'Unmark this element?' });
    expect(dialog.textContent).toMatch(/Values already encrypted stay encrypted/);
    await user.click(within(dialog).getByRole('button', { name: 'Unmark' }));
    expect(await screen.findByText('No element has been marked yet.')).toBeTruthy();
    expect(server.calls.some((c) => c.method === 'DELETE' && c.url === '/api/v1/admin/sensitive-elements/7')).toBe(true);
  });

  it('checks the path before sending it, shows the server’s reason at the field, and adds a good one', async () => {
    const posted: unknown[] = [];
    let rules: EncryptionRule[] = [];
    const server = fakeServer({
      ...meRoute(['admin']),
      'GET /api/v1/admin/users': () => ({ body: { users: [] } }),
      'GET /api/v1/admin/sensitive-elements': () => ({ body: { builtIn, rules, applying: null } }),
      'POST /api/v1/admin/sensitive-elements': (init) => {
        const body = JSON.parse(String(init!.body)) as { path: string };
        posted.push(body);
        if (body.path === 'Patient.birthDate')
          return {
            status: 422,
            body: {
              error: {
                code: 'invalid-resource',
                message: 'Patient.birthDate is a date, not a text element',
                details: [{ field: 'path', message: 'Patient.birthDate is a date, not a text element' }],
              },
            },
          };
        rules = [{ ...phoneRule, path: body.path, createdBy: 'me-1' }];
        return { status: 201, body: rules[0] };
      },
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAdminPage(<SensitiveElementsPage />, { path: '/admin/sensitive-elements', route: '/admin/sensitive-elements' });
    const user = userEvent.setup();
    const input = await screen.findByRole('textbox', { name: /Element path/ });
    const submit = screen.getByRole('button', { name: 'Mark sensitive' });

    await user.click(submit);
    expect(await screen.findByText('Give the element path')).toBeTruthy();
    await user.type(input, 'telecom');
    await user.click(submit);
    expect(await screen.findByText(/An element path is a resource type and its elements/)).toBeTruthy();
    expect(posted).toEqual([]);

    await user.clear(input);
    await user.type(input, 'Patient.birthDate');
    await user.click(submit);
    expect(await screen.findByText('Patient.birthDate is a date, not a text element')).toBeTruthy();
    expect(input.getAttribute('aria-invalid')).toBe('true');

    await user.clear(input);
    await user.type(input, 'Patient.telecom.value{Enter}');
    expect((await screen.findByText('Patient.telecom.value', { selector: 'p' })).closest('tr')).toBeTruthy();
    expect(posted).toEqual([{ path: 'Patient.birthDate' }, { path: 'Patient.telecom.value' }]);
    expect((input as HTMLInputElement).value).toBe('');
  });
});
