// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeServer } from '../../test/render.tsx';
import { meRoute, renderAdminPage } from './admin-test-kit.tsx';
import type { AdminUser } from './admin-api.ts';
import UsersPage from './UsersPage.tsx';

afterEach(() => vi.unstubAllGlobals());

const grey: AdminUser = {
  id: 'u-grey',
  username: 'dr.grey',
  displayName: 'Meredith Grey',
  roles: ['doctor'],
  practitionerId: 'pr-1',
  mustChangePassword: false,
  mfaEnabled: true,
  locked: true,
  disabled: false,
  createdAt: '2026-01-05T10:00:00Z',
};

const page = () => renderAdminPage(<UsersPage />, { path: '/admin/users/*', route: '/admin/users/new' });

describe('users and roles', () => {
  it('keeps what was typed and shows a taken username next to the field, then shows the temporary password once', async () => {
    const users: AdminUser[] = [grey];
    const server = fakeServer({
      ...meRoute(['admin']),
      'GET /api/v1/admin/users': () => ({ body: { users } }),
      'POST /api/v1/admin/users': (init) => {
        const body = JSON.parse(String(init!.body));
        if (body.username === 'dr.grey')
          return {
            status: 409,
            body: {
              error: { code: 'conflict', message: 'The username dr.grey is taken', details: [{ field: 'username', message: 'is taken' }] },
            },
          };
        const user = {
          ...grey,
          id: 'u-new',
          username: body.username,
          displayName: body.displayName,
          locked: false,
          mfaEnabled: false,
          mustChangePassword: true,
        };
        users.push(user);
        return { status: 201, body: { user, temporaryPassword: 'AbCd-EfGh-JkMn-PqRs' } };
      },
      'GET /api/v1/admin/users/u-new': () => ({ body: users.find((u) => u.id === 'u-new') }),
    });
    vi.stubGlobal('fetch', server.fetch);
    page();
    const user = userEvent.setup();
    const drawer = await screen.findByRole('dialog', { name: 'New account' });
    const username = within(drawer).getByRole('textbox', { name: /^Username/ });
    await user.type(username, 'dr.grey');
    await user.type(within(drawer).getByRole('textbox', { name: /^Display name/ }), 'Derek Shepherd');
    await user.click(within(drawer).getByRole('checkbox', { name: 'Doctor' }));
    await user.type(within(drawer).getByRole('textbox', { name: /^Practitioner id/ }), 'pr-2');
    await user.click(within(drawer).getByRole('button', { name: 'Create account' }));

    // The server's message sits on the username field, and nothing typed is lost.
    await waitFor(() => expect(username.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = username.getAttribute('aria-describedby') ?? '';
    const messages = describedBy
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ');
    expect(messages).toContain('The username dr.grey is taken');
    expect((username as HTMLInputElement).value).toBe('dr.grey');
    expect((within(drawer).getByRole('textbox', { name: /^Display name/ }) as HTMLInputElement).value).toBe('Derek Shepherd');
    expect((within(drawer).getByRole('checkbox', { name: 'Doctor' }) as HTMLInputElement).checked).toBe(true);
    expect((within(drawer).getByRole('textbox', { name: /^Practitioner id/ }) as HTMLInputElement).value).toBe('pr-2');

    await user.clear(username);
    await user.type(username, 'dr.shepherd');
    expect(username.getAttribute('aria-invalid')).not.toBe('true');
    await user.click(within(drawer).getByRole('button', { name: 'Create account' }));

    const shown = await screen.findByRole('dialog', { name: 'Temporary password for dr.shepherd' });
    // It stays until dismissed: nothing (a navigation, a remount) may take it away unread.
    await new Promise((r) => setTimeout(r, 300));
    expect(shown.isConnected).toBe(true);
    expect(within(shown).getByText('AbCd-EfGh-JkMn-PqRs')).toBeTruthy();
    expect(within(shown).getByRole('alert').textContent).toContain('cannot be shown again');
    expect(within(shown).getByRole('button', { name: 'Copy password' })).toBeTruthy();
    await user.click(within(shown).getByRole('button', { name: 'I have passed it on' }));
    await waitFor(() => expect(screen.queryByText('AbCd-EfGh-JkMn-PqRs')).toBeNull());
    // The new account's page is what remains.
    expect(await screen.findByRole('dialog', { name: 'Account: dr.shepherd' })).toBeTruthy();
    expect(screen.getByTestId('current-url').textContent).toBe('/admin/users/u-new');

    const posts = server.calls.filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[1].body).toEqual({ username: 'dr.shepherd', displayName: 'Derek Shepherd', roles: ['doctor'], practitionerId: 'pr-2' });
    // No password is ever chosen in the form.
    expect(JSON.stringify(posts)).not.toContain('password');
  });

  it('checks the fields as they are typed: username shape, the link a patient needs, patient alone', async () => {
    vi.stubGlobal('fetch', fakeServer({ ...meRoute(['admin']), 'GET /api/v1/admin/users': () => ({ body: { users: [] } }) }).fetch);
    page();
    const user = userEvent.setup();
    const drawer = await screen.findByRole('dialog', { name: 'New account' });
    await user.type(within(drawer).getByRole('textbox', { name: /^Username/ }), '.x');
    expect(await within(drawer).findByText(/3 to 64 characters/)).toBeTruthy();
    await user.click(within(drawer).getByRole('checkbox', { name: 'Patient (portal)' }));
    expect(
      within(drawer)
        .getByRole('textbox', { name: /^Patient id/ })
        .hasAttribute('required'),
    ).toBe(true);
    await user.click(within(drawer).getByRole('checkbox', { name: 'Nurse' }));
    expect(await within(drawer).findByText('A patient account holds no other role')).toBeTruthy();
  });

  it('opens an account from its link and resets its password after confirmation, showing the new one once', async () => {
    const server = fakeServer({
      ...meRoute(['admin']),
      'GET /api/v1/admin/users': () => ({ body: { users: [grey] } }),
      'GET /api/v1/admin/users/u-grey': () => ({ body: grey }),
      'POST /api/v1/admin/users/u-grey/reset-password': () => ({ body: { temporaryPassword: 'Zzzz-Yyyy-Xxxx-Wwww' } }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAdminPage(<UsersPage />, { path: '/admin/users/*', route: '/admin/users/u-grey' });
    const user = userEvent.setup();
    const details = await screen.findByRole('dialog', { name: 'Account: dr.grey' });
    expect(within(details).getByRole('button', { name: 'Unlock' })).toBeTruthy();
    await user.click(within(details).getByRole('button', { name: 'Reset password' }));
    const confirm = await screen.findByRole('dialog', { name: 'Reset the password?' });
    await user.click(within(confirm).getByRole('button', { name: 'Reset password' }));
    const shown = await screen.findByRole('dialog', { name: 'Temporary password for dr.grey' });
    expect(within(shown).getByText('Zzzz-Yyyy-Xxxx-Wwww')).toBeTruthy();
    expect(server.calls.some((c) => c.method === 'POST' && c.url === '/api/v1/admin/users/u-grey/reset-password')).toBe(true);
  });
});
