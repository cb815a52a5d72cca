// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeServer } from '../../test/render.tsx';
import { meRoute, renderAdminPage } from '../admin/admin-test-kit.tsx';
import BookAppointmentPage from './BookAppointmentPage.tsx';
import { ZONE, addDays, appointmentAt, firstDay, service, slotOn } from './portal-test-data.ts';
import { browserTimeZone } from './portal-time.ts';

afterEach(() => vi.unstubAllGlobals());

function server(answers: { status: number; body: unknown }[]) {
  const posted: unknown[] = [];
  const s = fakeServer({
    ...meRoute(['patient']),
    'GET /api/v1/portal/services': () => ({ body: { services: [service] } }),
    'GET /api/v1/portal/slots': (_init, url) => {
      const from = url.searchParams.get('from')!;
      const who = url.searchParams.get('practitionerId');
      const people = service.practitioners.filter((p) => !who || p.id === who);
      return {
        body: {
          service: { id: 'svc-1', name: service.name },
          from,
          to: url.searchParams.get('to'),
          bookableFrom: service.bookableFrom,
          bookableUntil: service.bookableUntil,
          timeZone: ZONE,
          slots: people.map((p) => slotOn(addDays(from, 1), p)),
        },
      };
    },
    'POST /api/v1/portal/appointments': (init) => {
      posted.push(JSON.parse(String(init!.body)));
      return answers.shift() ?? { status: 500, body: {} };
    },
  });
  vi.stubGlobal('fetch', s.fetch);
  renderAdminPage(<BookAppointmentPage />, { path: '/portal/appointments/book', route: '/portal/appointments/book' });
  return { posted, calls: s.calls };
}

describe('booking an appointment in the portal', () => {
  it('goes from the service to a free time to the confirmation, by keyboard-usable buttons', async () => {
    const day = addDays(firstDay, 1);
    const { posted, calls } = server([{ status: 201, body: { appointment: appointmentAt(day, { reason: 'Persistent cough' }) } }]);
    const user = userEvent.setup();
    // The only service is chosen already; its rules are said in words.
    const radio = await screen.findByRole('radio', { name: /General consultation \(20 minutes\)/ });
    expect((radio as HTMLInputElement).checked).toBe(true);
    expect(
      screen.getByText(/Book at least 2 hours ahead and up to 60 days ahead\. You can cancel or move it online until 1 day before/),
    ).toBeTruthy();
    if (ZONE !== browserTimeZone()) expect(screen.getByText(`Times are shown in ${ZONE} time, where the clinic is.`)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Previous week' }) as HTMLButtonElement).disabled).toBe(true);

    const slot = await screen.findByRole('button', { name: /09:00( AM)?$/ });
    slot.focus();
    await user.keyboard('{Enter}');
    const confirm = await screen.findByRole('heading', { name: '3. Check and confirm' });
    await waitFor(() => expect(document.activeElement).toBe(confirm));
    const section = confirm.closest('section')!;
    expect(within(section).getByText('With Dr Anna Berg')).toBeTruthy();
    if (ZONE !== browserTimeZone()) expect(within(section).getByText(new RegExp(`09:00( AM)? \\(${ZONE} time\\)`))).toBeTruthy();
    await user.type(within(section).getByRole('textbox', { name: /Reason for the appointment/ }), 'Persistent cough');
    await user.click(within(section).getByRole('button', { name: 'Book appointment' }));

    expect(await screen.findByRole('heading', { name: 'Your appointment is booked' })).toBeTruthy();
    expect(posted).toEqual([
      { serviceId: 'svc-1', practitionerId: 'dr-berg', start: slotOn(day).start, type: 'consultation', reason: 'Persistent cough' },
    ]);
    expect(calls.some((c) => c.url.startsWith(`/api/v1/portal/slots?serviceId=svc-1&from=${firstDay}&to=${addDays(firstDay, 6)}`))).toBe(
      true,
    );
  });

  it('says why the server refused, and goes back to choosing a time', async () => {
    const notice =
      "Online booking needs at least 2 hours' notice: the earliest time you can choose is Mon 11 May 2026, 11:00. Call the clinic for a sooner appointment.";
    const { posted, calls } = server([
      { status: 422, body: { error: { code: 'invalid-resource', message: notice, details: [{ field: 'start', message: notice }] } } },
      {
        status: 409,
        body: {
          error: {
            code: 'conflict',
            message: 'Double booking refused: The practitioner Dr Jun Kim (Practitioner/dr-kim) is already booked by Appointment/x.',
            details: [{ field: 'practitionerId', message: '...' }],
          },
        },
      },
    ]);
    const user = userEvent.setup();
    await screen.findByRole('radio', { name: /General consultation/ });
    // Only Dr Kim's times, a week later.
    await user.click(screen.getByRole('combobox', { name: 'Who would you like to see?' }));
    await user.click(await screen.findByRole('option', { name: 'Dr Jun Kim', hidden: true }));
    await user.click(screen.getByRole('button', { name: 'Next week' }));
    const later = addDays(firstDay, 7);
    await waitFor(() => expect(calls.some((c) => c.url.includes(`practitionerId=dr-kim&from=${later}`))).toBe(true));

    await user.click(await screen.findByRole('button', { name: /09:00( AM)?$/ }));
    await user.click(await screen.findByRole('button', { name: 'Book appointment' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The appointment was not booked');
    expect(alert.textContent).toContain(notice);
    // Back at the same week's free times.
    expect(await screen.findByRole('heading', { name: '2. Choose a time' })).toBeTruthy();
    await user.click(await screen.findByRole('button', { name: /09:00( AM)?$/ }));
    await user.click(await screen.findByRole('button', { name: 'Book appointment' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Sorry, that time has just been taken. Please choose another time.');
    expect(posted).toHaveLength(2);
    expect(posted[0]).toMatchObject({ practitionerId: 'dr-kim', start: slotOn(addDays(later, 1)).start });
  });
});
