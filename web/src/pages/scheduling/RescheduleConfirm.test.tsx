// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeServer, renderInApp } from '../../test/render.tsx';
import { RescheduleConfirm, type Move } from './RescheduleConfirm.tsx';

afterEach(() => vi.unstubAllGlobals());

const move: Move = {
  appointment: {
    id: 'ap-1',
    status: 'booked',
    start: '2026-06-03T07:00:00Z',
    end: '2026-06-03T07:20:00Z',
    timeZone: 'Europe/Berlin',
    patient: { id: 'pat-1', display: 'Test Patient1' },
    practitioner: { id: 'dr-berg', display: 'Dr Anna Berg' },
  },
  start: new Date('2026-06-03T07:40:00Z'),
  end: new Date('2026-06-03T08:00:00Z'),
};

describe('confirming a move', () => {
  it('names the old and new time in the room’s zone, asks for a reason, and on a double booking shows the server’s words', async () => {
    const server = fakeServer({
      'POST /api/v1/appointments/ap-1/reschedule': () => ({
        status: 409,
        body: {
          error: {
            code: 'conflict',
            message: 'Double booking refused: The practitioner Dr Anna Berg is already booked from 2026-06-03T09:40:00+02:00',
            details: [{ field: 'practitionerId', message: 'is already booked' }],
          },
        },
      }),
    });
    vi.stubGlobal('fetch', server.fetch);
    const onDone = vi.fn();
    const onCancel = vi.fn();
    const onRefused = vi.fn();
    renderInApp(<RescheduleConfirm move={move} timeZone="Europe/Berlin" onDone={onDone} onCancel={onCancel} onRefused={onRefused} />);
    const dialog = await screen.findByRole('dialog', { name: 'Move this appointment?' });
    // 07:00Z and 07:40Z are 09:00 and 09:40 in Berlin, whatever the test machine's zone.
    const times = screen.getByRole('table', { name: 'Old and new time' });
    expect(times.textContent).toMatch(/From.*09:00.*09:20/);
    expect(times.textContent).toMatch(/To.*09:40.*10:00/);
    expect(dialog.textContent).toContain('Europe/Berlin');

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Move appointment' }));
    expect(screen.getByRole('textbox', { name: /Reason for the move/ }).getAttribute('aria-invalid')).toBe('true');
    expect(server.calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    await user.type(screen.getByRole('textbox', { name: /Reason for the move/ }), 'Doctor running late');
    await user.click(screen.getByRole('button', { name: 'Move appointment' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /Double booking refused: The practitioner Dr Anna Berg is already booked/,
    );
    expect(onRefused).toHaveBeenCalledTimes(1);
    expect(onDone).not.toHaveBeenCalled();
    expect(server.calls.at(-1)!.body).toEqual({
      start: '2026-06-03T07:40:00.000Z',
      end: '2026-06-03T08:00:00.000Z',
      reason: 'Doctor running late',
    });
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(onCancel).toHaveBeenCalled();
  });

  it('saves with the reason and reports it done', async () => {
    const server = fakeServer({
      'POST /api/v1/appointments/ap-1/reschedule': () => ({ body: { resourceType: 'Appointment', id: 'ap-1' } }),
    });
    vi.stubGlobal('fetch', server.fetch);
    const onDone = vi.fn();
    renderInApp(<RescheduleConfirm move={move} timeZone="Europe/Berlin" onDone={onDone} onCancel={() => undefined} />);
    const user = userEvent.setup();
    await user.type(await screen.findByRole('textbox', { name: /Reason for the move/ }), 'Patient asked{Enter}');
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
  });
});
