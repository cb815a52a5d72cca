// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderChart, summaryOf } from '../test-kit.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

const thomas = {
  id: 'rp1',
  name: 'Thomas Hartmann',
  relationship: 'parent',
  phone: '+44 7700 900456',
  email: 'thomas@example.org',
  active: true,
};

describe('portal access for a family member', () => {
  it('shows the temporary password once, and not again after the dialog is closed', async () => {
    const { server } = renderChart('/patients/p1/family', ['receptionist'], {
      'GET /api/v1/patients/p1/chart-summary': () => ({ body: summaryOf({ id: 'p1' }, { relatedPersons: [thomas] }) }),
      'GET /api/v1/patients/p1/related-persons': () => ({ body: { relatedPersons: [thomas] } }),
      'POST /api/v1/patients/p1/related-persons/rp1/portal-access': () => ({
        status: 201,
        body: {
          user: { id: 'u9', username: 'thomas.hartmann', displayName: 'Thomas Hartmann', roles: ['patient'] },
          temporaryPassword: 'Tmp-7Xq2-Lm9P',
        },
      }),
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Grant portal access to Thomas Hartmann' }));
    const dialog = await screen.findByRole('dialog', { name: 'Portal access for Thomas Hartmann' });
    expect((within(dialog).getByRole('textbox', { name: /Username/ }) as HTMLInputElement).value).toBe('thomas.hartmann');
    await user.click(within(dialog).getByRole('button', { name: 'Grant access' }));
    expect(await screen.findByText('Tmp-7Xq2-Lm9P')).toBeTruthy();
    expect(screen.getAllByText('Tmp-7Xq2-Lm9P')).toHaveLength(1);
    expect(screen.getByText('Shown only this once')).toBeTruthy();
    const grant = server.calls.find((c) => c.method === 'POST');
    expect(grant?.body).toEqual({ username: 'thomas.hartmann', email: 'thomas@example.org' });

    await user.click(screen.getByRole('button', { name: 'I have noted it' }));
    await waitFor(() => expect(screen.queryByText('Tmp-7Xq2-Lm9P')).toBeNull());
    // The row now says so, and offers no second grant that would show a password again.
    expect(await screen.findByText('Yes (thomas.hartmann)')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Grant portal access to Thomas Hartmann' })).toBeNull();
    expect(document.body.textContent).not.toContain('Tmp-7Xq2-Lm9P');
  });

  it("shows the server's reason when the patient is an adult and the person a spouse", async () => {
    const reason =
      "Portal access for a relative is for a minor's family or a legal guardian: the patient is 49, an adult, and this person is recorded as spouse. The patient can have their own account, or record the person as guardian.";
    const maria = { id: 'rp2', name: 'Maria Stewart', relationship: 'spouse', active: true };
    renderChart('/patients/p2/family', ['admin'], {
      'GET /api/v1/patients/p2/chart-summary': () => ({
        body: summaryOf({ id: 'p2', name: 'Mr. Joshua Stewart', birthDate: '1977-01-20', ageText: '49 y', sex: 'male' }),
      }),
      'GET /api/v1/patients/p2/related-persons': () => ({ body: { relatedPersons: [maria] } }),
      'GET /api/v1/admin/users': () => ({ body: { users: [] } }),
      'POST /api/v1/patients/p2/related-persons/rp2/portal-access': () => ({
        status: 422,
        body: { error: { code: 'invalid-resource', message: reason, details: [] } },
      }),
    });
    const user = userEvent.setup();
    // An administrator sees who has portal access (from the account list).
    expect(await screen.findByText('No')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Grant portal access to Maria Stewart' }));
    const dialog = await screen.findByRole('dialog', { name: 'Portal access for Maria Stewart' });
    await user.click(within(dialog).getByRole('button', { name: 'Grant access' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain(reason);
    // The dialog stays open with what was typed.
    expect((within(dialog).getByRole('textbox', { name: /Username/ }) as HTMLInputElement).value).toBe('maria.stewart');
  });
});
