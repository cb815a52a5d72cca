// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import { fakeServer, renderInApp } from '../../../../test/render.tsx';
import { recentPatients } from '../../recent-patients.ts';
import { registrationOf, renderChart, summaryOf } from '../test-kit.tsx';
import { PatientBanner } from './PatientBanner.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('patient banner', () => {
  it('opens the chart with the allergy flag and the MRN, and puts the patient on the recent list', async () => {
    renderChart('/patients/p1', ['doctor'], {
      'GET /api/v1/patients/p1/chart-summary': () => ({
        body: summaryOf({ id: 'p1', preferredName: 'Millie' }, { allergies: { active: 2, flag: true } }),
      }),
      'GET /api/v1/patients/p1/registration': () => ({ body: registrationOf('p1') }),
    });
    const banner = await screen.findByRole('region', { name: 'Ms. Amelia Rose Hartmann' });
    expect(within(banner).getByText('Allergies: 2')).toBeTruthy();
    expect(within(banner).getByText('100000009')).toBeTruthy();
    expect(banner.textContent).toContain('MRN');
    expect(banner.textContent).toContain('Millie');
    expect(banner.textContent).toContain('15 y · Female');
    // The tabs are links to their own addresses.
    expect(screen.getByRole('tab', { name: 'Changes' }).getAttribute('href')).toBe('/patients/p1/changes');
    expect(recentPatients('u1')[0]).toMatchObject({ id: 'p1', name: 'Ms. Amelia Rose Hartmann', mrn: '100000009' });
  });

  it('says when there are no allergies, and when the role may not see them', () => {
    const { unmount } = renderInApp(<PatientBanner summary={summaryOf({ id: 'p1' })} />);
    expect(screen.getByText('No known allergies')).toBeTruthy();
    unmount();
    renderInApp(<PatientBanner summary={summaryOf({ id: 'p1' }, { allergies: null, restricted: ['allergies'] })} />);
    expect(screen.getByText('Allergies: not visible to your role')).toBeTruthy();
    expect(screen.queryByText('No known allergies')).toBeNull();
  });

  it('shows inactive, deceased and merged records as such, with a link to the record kept', async () => {
    const server = fakeServer({
      'GET /fhir/R4/Patient/p2': () => ({
        body: { resourceType: 'Patient', id: 'p2', name: [{ use: 'official', given: ['Amelia', 'Rose'], family: 'Hartmann' }] },
      }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderInApp(
      <PatientBanner summary={summaryOf({ id: 'p1', active: false, deceased: { dateTime: '2024-03-01T10:00:00Z' }, mergedInto: 'p2' })} />,
    );
    expect(screen.getByText('Merged')).toBeTruthy();
    expect(screen.getByText(/^Deceased /)).toBeTruthy();
    expect(screen.getByText(/at death/)).toBeTruthy();
    const link = await screen.findByRole('link', { name: 'into Amelia Rose Hartmann' });
    expect(link.getAttribute('href')).toBe('/patients/p2');
  });
});
