// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { registrationOf, renderChart, summaryOf } from './test-kit.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

const REFUSAL = {
  status: 403,
  body: {
    error: { code: 'forbidden', message: 'You have no care relationship with this patient; emergency access (break-glass) can open it' },
  },
};

/** The chart of p9, refused until a grant exists. */
function chartFor(roles: Parameters<typeof renderChart>[1]) {
  let granted = false;
  return renderChart('/patients/p9', roles, {
    'GET /api/v1/patients/p9/chart-summary': () =>
      granted ? { body: summaryOf({ id: 'p9', name: 'Ms. Amelia Rose Hartmann' }) } : REFUSAL,
    'GET /api/v1/patients/p9/registration': () => ({ body: registrationOf('p9') }),
    'POST /api/v1/break-glass': () => {
      granted = true;
      return { status: 201, body: { id: 'g1', expiresAt: '2026-12-07T12:00:00Z' } };
    },
  });
}

describe('emergency access to a refused chart', () => {
  it('lets a doctor open it by giving a reason, and asks for a real one first', async () => {
    const { server } = chartFor(['doctor']);
    expect((await screen.findByRole('alert', { name: /outside your care relationships/ })).textContent).toMatch(/no care relationship/);
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: /Reason for emergency access/ }), 'urgent');
    await user.click(screen.getByRole('button', { name: 'Open with emergency access' }));
    await screen.findByText('Say why, in at least 10 characters');
    expect(server.calls.some((c) => c.method === 'POST')).toBe(false);

    await user.type(screen.getByRole('textbox', { name: /Reason for emergency access/ }), ': unconscious in the emergency department');
    await user.click(screen.getByRole('button', { name: 'Open with emergency access' }));
    await screen.findByRole('heading', { level: 1, name: 'Ms. Amelia Rose Hartmann' });
    expect(server.calls.find((c) => c.method === 'POST')).toEqual({
      method: 'POST',
      url: '/api/v1/break-glass',
      body: { patientId: 'p9', reason: 'urgent: unconscious in the emergency department' },
    });
  });

  it('offers nothing to a receptionist: the chart stays closed, with the reason', async () => {
    chartFor(['receptionist']);
    expect((await screen.findByRole('alert')).textContent).toMatch(/The chart could not be opened/);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Open with emergency access' })).toBeNull());
  });
});
