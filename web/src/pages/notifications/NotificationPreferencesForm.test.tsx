// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeServer, renderInApp } from '../../test/render.tsx';
import { NotificationPreferencesForm } from './NotificationPreferencesForm.tsx';

configure({ asyncUtilTimeout: 5000 });
afterEach(() => vi.unstubAllGlobals());

describe('notification preferences form', () => {
  it('loads, saves what was chosen, and shows the server’s objection at its field', async () => {
    const puts: unknown[] = [];
    const server = fakeServer({
      'GET /api/v1/patients/pat-7/notification-preferences': () => ({
        body: { channels: ['email', 'sms'], language: null, quietHours: null },
      }),
      'PUT /api/v1/patients/pat-7/notification-preferences': (init) => {
        const body = JSON.parse(String(init!.body));
        puts.push(body);
        if (puts.length === 1)
          return {
            status: 422,
            body: {
              error: {
                code: 'invalid-resource',
                message: 'The notification preferences have a problem',
                details: [{ field: 'quietHours.end', message: 'must differ from the start' }],
              },
            },
          };
        return { body };
      },
    });
    vi.stubGlobal('fetch', server.fetch);
    renderInApp(<NotificationPreferencesForm patientId="pat-7" />);
    const user = userEvent.setup();

    const sms = await screen.findByRole('checkbox', { name: 'SMS' });
    expect((sms as HTMLInputElement).checked).toBe(true);
    await user.click(sms);
    await user.click(screen.getByRole('checkbox', { name: 'WhatsApp' }));
    await user.click(screen.getByRole('checkbox', { name: 'No messages during quiet hours' }));
    const until = screen.getByLabelText('Until');
    await user.clear(until);
    await user.type(until, '06:30');
    await user.click(screen.getByRole('button', { name: 'Save preferences' }));
    await waitFor(() => expect(until.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('Must differ from the start')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Save preferences' }));
    expect(await screen.findByRole('status')).toBeTruthy();
    expect(puts).toEqual([
      { channels: ['email', 'whatsapp'], language: null, quietHours: { start: '21:00', end: '06:30' } },
      { channels: ['email', 'whatsapp'], language: null, quietHours: { start: '21:00', end: '06:30' } },
    ]);
  });
});
