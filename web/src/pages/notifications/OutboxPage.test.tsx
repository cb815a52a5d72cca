// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeServer } from '../../test/render.tsx';
import { meRoute, renderAdminPage } from '../admin/admin-test-kit.tsx';
import type { OutboxMessage } from './notifications-api.ts';
import OutboxPage from './OutboxPage.tsx';

afterEach(() => vi.unstubAllGlobals());

const message = (n: number, extra: Partial<OutboxMessage> = {}): OutboxMessage => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  createdAt: `2026-05-0${(n % 9) + 1}T08:00:00.000Z`,
  channel: 'email',
  transport: 'outbox',
  status: 'held',
  to: `patient${n}@example.test`,
  from: 'Hale <no-reply@hale.invalid>',
  subject: `Your appointment on Wednesday ${n}`,
  text: 'Dear Test,\n\nyour appointment is booked.',
  kind: 'confirmation',
  language: 'en',
  providerId: null,
  error: null,
  appointmentId: `appt-${n}`,
  patientId: `pat-${n}`,
  communicationId: `ntf-${n}`,
  attachment: { filename: 'appointment.ics', contentType: 'text/calendar' },
  ...extra,
});

describe('message outbox', () => {
  it('lists messages with their status, filters by channel and status in the URL, pages, and opens one', async () => {
    const failed = message(2, {
      channel: 'sms',
      transport: 'http',
      status: 'failed',
      subject: null,
      text: 'Reminder: 9:00',
      error: 'HTTP 503',
    });
    const server = fakeServer({
      ...meRoute(['admin']),
      'GET /api/v1/notifications/outbox': (_init, url) => {
        const page = Number(url.searchParams.get('page') ?? 1);
        if (url.searchParams.get('channel') === 'sms') return { body: { messages: [failed], page: 1, pageSize: 50, total: 1 } };
        return { body: { messages: page === 1 ? [message(1), failed] : [message(3)], page, pageSize: 2, total: 3 } };
      },
      'GET /api/v1/notifications/outbox/00000000-0000-4000-8000-000000000001': () => ({
        body: {
          ...message(1),
          attachment: { filename: 'appointment.ics', contentType: 'text/calendar', content: 'BEGIN:VCALENDAR\r\nMETHOD:REQUEST' },
        },
      }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAdminPage(<OutboxPage />, { path: '/admin/notifications/outbox', route: '/admin/notifications/outbox' });
    const user = userEvent.setup();

    const table = await screen.findByRole('table', { name: /3 messages, newest first/ });
    expect(within(table).getByText('patient1@example.test')).toBeTruthy();
    expect(within(table).getByText('Held in outbox')).toBeTruthy();
    expect(within(table).getByText('Failed')).toBeTruthy();
    expect(within(table).getByText('Your appointment on Wednesday 1')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(screen.getByTestId('current-url').textContent).toBe('/admin/notifications/outbox?page=2'));
    expect(await screen.findByText('patient3@example.test')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    await screen.findByText('patient1@example.test');

    await user.click(screen.getByRole('button', { name: 'Open the Email message to patient1@example.test' }));
    const drawer = await screen.findByRole('dialog', { name: 'Outbox message' });
    expect(await within(drawer).findByText(/METHOD:REQUEST/)).toBeTruthy();
    expect(within(drawer).getByText('Communication/ntf-1')).toBeTruthy();
    await user.click(within(drawer).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.getByTestId('current-url').textContent).toBe('/admin/notifications/outbox'));

    await user.click(screen.getByRole('combobox', { name: 'Channel' }));
    await user.click(await screen.findByRole('option', { name: 'SMS', hidden: true }));
    await waitFor(() => expect(screen.getByTestId('current-url').textContent).toBe('/admin/notifications/outbox?channel=sms'));
    expect(await screen.findByRole('table', { name: /1 message, newest first/ })).toBeTruthy();
    expect(server.calls.some((c) => c.url === '/api/v1/notifications/outbox?channel=sms')).toBe(true);
  });

  it('says so when the server refuses', async () => {
    const server = fakeServer({
      ...meRoute(['admin']),
      'GET /api/v1/notifications/outbox': () => ({
        status: 403,
        body: { error: { code: 'forbidden', message: 'Only admin may do this' } },
      }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAdminPage(<OutboxPage />, { path: '/admin/notifications/outbox', route: '/admin/notifications/outbox' });
    expect((await screen.findByRole('alert')).textContent).toContain('Only admin may do this');
  });
});
