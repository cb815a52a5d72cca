// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import { fakeServer, renderInApp } from '../../test/render.tsx';
import { EmergencyAccessNotice } from './EmergencyAccessNotice.tsx';

afterEach(() => vi.unstubAllGlobals());

const alert = (id: string, lastUpdated: string) => ({
  resource: {
    resourceType: 'Communication',
    id,
    status: 'preparation',
    meta: { lastUpdated },
    category: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/communication-category', code: 'alert' }], text: 'break-glass' },
    ],
    payload: [{ contentString: 'Emergency access to your record was opened by Dr. Grace Baker (doctor)' }],
  },
  search: { mode: 'match' },
});

describe('the portal’s notice of emergency access', () => {
  it('says the record was opened in an emergency, when, and links to who and why; asks only for the patient’s own recent alerts', async () => {
    const server = fakeServer({
      'GET /fhir/R4/Communication': () => ({
        body: {
          resourceType: 'Bundle',
          type: 'searchset',
          entry: [alert('c2', '2026-12-06T10:00:00Z'), alert('c1', '2026-11-20T10:00:00Z')],
        },
      }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderInApp(<EmergencyAccessNotice patientId="p-1" />);
    const notice = (await screen.findByText('Your record was opened in an emergency')).closest('[role="status"]')!;
    expect(notice.textContent).toMatch(/2 times in the last 30 days, most recently on .*2026.*outside your care team/);
    expect(screen.getByRole('link', { name: 'See who viewed your record, and why' }).getAttribute('href')).toBe('/portal/access');
    const asked = new URL(server.calls[0]!.url, 'http://x').searchParams;
    expect(asked.get('recipient')).toBe('Patient/p-1');
    expect(asked.get('category')).toBe('alert');
    expect(asked.get('_lastUpdated')).toMatch(/^ge\d{4}-\d{2}-\d{2}$/);
  });

  it('says nothing when there is no recent alert', async () => {
    const server = fakeServer({ 'GET /fhir/R4/Communication': () => ({ body: { resourceType: 'Bundle', type: 'searchset', entry: [] } }) });
    vi.stubGlobal('fetch', server.fetch);
    const { container } = renderInApp(<EmergencyAccessNotice patientId="p-1" />);
    await vi.waitFor(() => expect(server.calls).toHaveLength(1));
    expect(container.textContent).not.toMatch(/emergency/);
  });
});
