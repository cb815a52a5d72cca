// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeServer } from '../../test/render.tsx';
import { meRoute, renderAdminPage } from '../admin/admin-test-kit.tsx';
import MyAppointmentsPage from './MyAppointmentsPage.tsx';
import { addDays, appointmentAt, firstDay } from './portal-test-data.ts';

afterEach(() => vi.unstubAllGlobals());

const cutOff = 'Online booking closes 24 hours before the start; call the clinic to cancel or move it.';

describe('my appointments', () => {
  it('offers Cancel and Reschedule while the rules allow, says why not otherwise, and cancels with a reason', async () => {
    const open = appointmentAt(addDays(firstDay, 5), { changeableUntil: new Date(Date.now() + 4 * 86_400_000).toISOString() });
    const closed = appointmentAt(firstDay, { id: 'a-soon', canCancel: false, canReschedule: false, notChangeableReason: cutOff });
    const past = appointmentAt(addDays(firstDay, -30), { id: 'a-past', status: 'fulfilled', canCancel: false, canReschedule: false });
    const cancels: unknown[] = [];
    const server = fakeServer({
      ...meRoute(['patient']),
      'GET /api/v1/portal/appointments': () => ({
        body: { upcoming: cancels.length > 1 ? [{ ...open, status: 'cancelled' }, closed] : [open, closed], past: [past] },
      }),
      [`POST /api/v1/portal/appointments/${open.id}/cancel`]: (init) => {
        cancels.push(JSON.parse(String(init!.body)));
        if (cancels.length === 1)
          return {
            status: 422,
            body: { error: { code: 'invalid-resource', message: cutOff, details: [{ field: 'appointment', message: cutOff }] } },
          };
        return { body: { appointment: { ...open, status: 'cancelled', canCancel: false, canReschedule: false } } };
      },
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAdminPage(<MyAppointmentsPage />, { path: '/portal/appointments', route: '/portal/appointments' });
    const user = userEvent.setup();

    const upcoming = within((await screen.findByRole('heading', { name: 'Upcoming' })).closest('section')!);
    const cards = await upcoming.findAllByRole('article');
    expect(cards).toHaveLength(2);
    expect(within(cards[0]).getByRole('link', { name: 'Reschedule' }).getAttribute('href')).toBe(
      `/portal/appointments/${open.id}/reschedule`,
    );
    expect(within(cards[0]).getByText(/You can change this online until/)).toBeTruthy();
    expect(within(cards[1]).queryByRole('button', { name: 'Cancel' })).toBeNull();
    expect(within(cards[1]).getByText(cutOff)).toBeTruthy();
    const pastSection = within(screen.getByRole('heading', { name: 'Past' }).closest('section')!);
    expect(pastSection.getByText('Attended')).toBeTruthy();
    expect(pastSection.queryByRole('button')).toBeNull();

    await user.click(within(cards[0]).getByRole('button', { name: 'Cancel' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cancel this appointment?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel appointment' }));
    expect(within(dialog).getByText('Please say briefly why you are cancelling')).toBeTruthy();
    expect(cancels).toHaveLength(0);
    await user.type(within(dialog).getByRole('textbox', { name: /Why are you cancelling/ }), 'Feeling better');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel appointment' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain(cutOff);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel appointment' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(cancels).toEqual([{ reason: 'Feeling better' }, { reason: 'Feeling better' }]);
    expect(await screen.findByText(/^Your appointment on .* is cancelled\.$/)).toBeTruthy();
    await waitFor(() =>
      expect(within(cards[0].isConnected ? cards[0] : upcoming.getAllByRole('article')[0]).getByText('Cancelled')).toBeTruthy(),
    );
  });
});
