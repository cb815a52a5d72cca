// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeServer, renderInApp } from '../../test/render.tsx';
import { BookingDrawer } from './BookingDrawer.tsx';

afterEach(() => vi.unstubAllGlobals());

const bundle = (resources: object[]) => ({
  body: { resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) },
});
const TZ = 'http://hl7.org/fhir/StructureDefinition/timezone';

const directory = {
  'GET /fhir/R4/PractitionerRole': () => bundle([]),
  'GET /fhir/R4/Practitioner': () =>
    bundle([{ resourceType: 'Practitioner', id: 'dr-berg', name: [{ family: 'Berg', given: ['Anna'], prefix: ['Dr'] }] }]),
  'GET /fhir/R4/Location': () =>
    bundle([{ resourceType: 'Location', id: 'room-1', name: 'Room 1', extension: [{ url: TZ, valueCode: 'Europe/Berlin' }] }]),
  'GET /fhir/R4/HealthcareService': () => bundle([]),
  'GET /fhir/R4/Schedule': () => bundle([]),
  'GET /api/v1/patients/search': () => ({
    body: {
      understood: { names: [], birthDates: [], birthYears: [], phones: [], identifiers: [] },
      results: [{ id: 'pat-1', score: 1, matches: [], name: 'Test Patient1', given: [], active: true, deceased: false, identifiers: [] }],
    },
  }),
  'GET /api/v1/scheduling/slots': () => ({
    body: {
      slots: [
        {
          start: '2026-06-03T07:00:00Z',
          end: '2026-06-03T07:20:00Z',
          startLocal: '2026-06-03T09:00:00+02:00',
          endLocal: '2026-06-03T09:20:00+02:00',
          timeZone: 'Europe/Berlin',
          practitioner: { id: 'dr-berg', display: 'Dr Anna Berg' },
          location: { id: 'room-1', display: 'Room 1' },
          scheduleId: 'avail-1',
        },
      ],
    },
  }),
};

const invalid = (e: HTMLElement) => e.getAttribute('aria-invalid') === 'true';

describe('the booking form', () => {
  it('shows its own and the server’s problems at the fields they concern, and keeps what was entered', async () => {
    const bookings: any[] = [];
    const server = fakeServer({
      ...directory,
      'POST /api/v1/appointments': (init) => {
        const body = JSON.parse(String(init!.body));
        bookings.push(body);
        if (!body.overbook)
          return {
            status: 409,
            body: {
              error: {
                code: 'conflict',
                message: 'Double booking refused: The practitioner Dr Anna Berg is already booked from 2026-06-03T09:00:00+02:00',
                details: [{ field: 'practitionerId', message: 'is already booked' }],
              },
            },
          };
        return {
          status: 422,
          body: {
            error: {
              code: 'invalid-resource',
              message: 'The booking has a problem',
              details: [{ field: 'start', message: 'is after the end of the day' }],
            },
          },
        };
      },
    });
    vi.stubGlobal('fetch', server.fetch);
    renderInApp(
      <BookingDrawer opened onClose={() => undefined} initial={{ practitionerId: 'dr-berg', from: '2026-06-03', to: '2026-06-03' }} />,
    );
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Book an appointment' });
    await user.type(within(form).getByRole('textbox', { name: 'Reason for the visit' }), 'Blood pressure review');

    // Nothing chosen yet: the form says what is missing, before asking the server.
    await user.click(within(form).getByRole('button', { name: 'Book appointment' }));
    expect((await within(form).findByText('Choose a free time, or book over the schedule')).getAttribute('role')).toBe('alert');
    expect(bookings).toHaveLength(0);

    await user.type(within(form).getByRole('textbox', { name: /Find the patient/ }), 'Patient1');
    await user.click(await within(form).findByRole('radio', { name: /Test Patient1/ }));
    // The slot is shown in the room's zone: 07:00Z is 09:00 in Berlin.
    await user.click(await within(form).findByRole('button', { name: /^09:00.*Room 1/ }));
    await user.click(within(form).getByRole('button', { name: 'Book appointment' }));
    const slotError = await within(form).findByText(/Double booking refused: The practitioner Dr Anna Berg is already booked/, {
      selector: '#slot-error',
    });
    expect(slotError).toBeTruthy();
    expect(bookings[0]).toMatchObject({
      patientId: 'pat-1',
      practitionerId: 'dr-berg',
      locationId: 'room-1',
      start: '2026-06-03T07:00:00Z',
      type: 'consultation',
      priority: 'routine',
      reason: 'Blood pressure review',
    });

    // Over the schedule: a reason is required, the time is the room's wall clock.
    await user.click(within(form).getByRole('switch', { name: /Book over the schedule/ }));
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Room' }), 'room-1');
    await user.click(within(form).getByRole('button', { name: 'Book over the schedule' }));
    const reason = within(form).getByRole('textbox', { name: /Reason for going over the schedule/ });
    await waitFor(() => expect(invalid(reason)).toBe(true));
    expect(bookings).toHaveLength(1);
    await user.type(reason, 'Chest pain walk-in');
    const start = within(form).getByLabelText(/Start \(the room's local time\)/);
    await user.type(start, '2026-06-03T18:30');
    await user.click(within(form).getByRole('button', { name: 'Book over the schedule' }));
    await waitFor(() => expect(invalid(start)).toBe(true));
    expect(bookings[1]).toMatchObject({
      patientId: 'pat-1',
      practitionerId: 'dr-berg',
      locationId: 'room-1',
      start: '2026-06-03T16:30:00.000Z',
      durationMinutes: 20,
      overbook: { reason: 'Chest pain walk-in' },
      reason: 'Blood pressure review',
    });
    expect(
      document.getElementById(
        start
          .getAttribute('aria-describedby')!
          .split(' ')
          .find((id) => id.includes('error'))!,
      )?.textContent,
    ).toMatch(/after the end of the day/);
    expect((within(form).getByRole('textbox', { name: 'Reason for the visit' }) as HTMLInputElement).value).toBe('Blood pressure review');
  });
});
