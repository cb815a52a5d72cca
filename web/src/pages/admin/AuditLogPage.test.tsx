// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeServer } from '../../test/render.tsx';
import { meRoute, renderAdminPage } from './admin-test-kit.tsx';
import type { AuditEventRow } from './admin-api.ts';
import AuditLogPage from './AuditLogPage.tsx';

afterEach(() => vi.unstubAllGlobals());

const row = (seq: number): AuditEventRow => ({
  seq: String(seq),
  recorded_at: '2026-03-01T10:00:00.000Z',
  user_id: 'u-1',
  roles: ['doctor'],
  action: 'read',
  outcome: 'success',
  resource_type: 'Observation',
  resource_id: `o-${seq}`,
  patient_ids: ['p-1'],
  query: null,
  result_ids: null,
  ip: '10.0.0.7',
  user_agent: 'Firefox',
  request_id: `req-${seq}`,
  detail: { note: 'x' },
  chain_pos: String(seq),
  hash: 'h',
});

function auditServer() {
  return fakeServer({
    ...meRoute(['auditor']),
    'GET /api/v1/audit/events': (_init, url) => {
      const offset = Number(url.searchParams.get('_offset') ?? 0);
      return { body: { total: 60, offset, events: Array.from({ length: 25 }, (_, i) => row(1000 - offset - i)) } };
    },
  });
}

/** The local-midnight instants the page sends for a day picked in the user's time zone. */
const dayStart = (y: number, m: number, d: number) => new Date(y, m - 1, d).toISOString();

describe('audit log', () => {
  it('sends the filters in the URL to the server and puts the same ones on the CSV link', async () => {
    const server = auditServer();
    vi.stubGlobal('fetch', server.fetch);
    renderAdminPage(<AuditLogPage />, { path: '/admin/audit', route: '/admin/audit?user=u-1&action=read&from=2026-03-01&to=2026-03-02' });
    await screen.findByRole('table');
    const searched = new URL(server.calls.find((c) => c.url.startsWith('/api/v1/audit/events?'))!.url, 'http://x').searchParams;
    expect(searched.get('user')).toBe('u-1');
    expect(searched.get('action')).toBe('read');
    expect(searched.getAll('date')).toEqual([`ge${dayStart(2026, 3, 1)}`, `lt${dayStart(2026, 3, 3)}`]);
    expect(searched.get('_count')).toBe('25');
    expect(searched.get('_offset')).toBe('0');

    const csv = screen.getByRole('link', { name: 'Export CSV' });
    const csvUrl = new URL(csv.getAttribute('href')!, 'http://x');
    expect(csvUrl.pathname).toBe('/api/v1/audit/events.csv');
    expect(csvUrl.searchParams.get('user')).toBe('u-1');
    expect(csvUrl.searchParams.get('action')).toBe('read');
    expect(csvUrl.searchParams.getAll('date')).toEqual(searched.getAll('date'));
    // The export takes every matching row: no paging.
    expect(csvUrl.searchParams.has('_count')).toBe(false);

    // The form shows the filters of the URL.
    expect((screen.getByRole('textbox', { name: /^User id/ }) as HTMLInputElement).value).toBe('u-1');
    expect((screen.getByLabelText(/^From/) as HTMLInputElement).value).toBe('2026-03-01');
  });

  it('applies a new filter through the URL, the request and the CSV link, and pages with _offset', async () => {
    const server = auditServer();
    vi.stubGlobal('fetch', server.fetch);
    renderAdminPage(<AuditLogPage />, { path: '/admin/audit', route: '/admin/audit' });
    const user = userEvent.setup();
    await screen.findByRole('table');
    await user.type(screen.getByRole('textbox', { name: /^Patient id/ }), 'Patient/p-9');
    await user.type(screen.getByRole('textbox', { name: /^Resource/ }), 'Observation');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));

    await waitFor(() =>
      expect(screen.getByTestId('current-url').textContent).toBe('/admin/audit?patient=Patient%2Fp-9&entity=Observation'),
    );
    await waitFor(() => expect(server.calls.some((c) => c.url.includes('patient=p-9'))).toBe(true));
    const last = new URL(server.calls.at(-1)!.url, 'http://x').searchParams;
    expect(last.get('patient')).toBe('p-9');
    expect(last.get('entity')).toBe('Observation');
    const csv = new URL(screen.getByRole('link', { name: 'Export CSV' }).getAttribute('href')!, 'http://x').searchParams;
    expect(csv.get('patient')).toBe('p-9');
    expect(csv.get('entity')).toBe('Observation');

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(server.calls.some((c) => c.url.includes('_offset=25'))).toBe(true));
    expect(screen.getByTestId('current-url').textContent).toContain('offset=25');
    expect(await screen.findByText('26–50 of 60')).toBeTruthy();
  });

  it('says what is wrong with a filter as it is typed, without asking the server', async () => {
    const server = auditServer();
    vi.stubGlobal('fetch', server.fetch);
    renderAdminPage(<AuditLogPage />, { path: '/admin/audit', route: '/admin/audit' });
    const user = userEvent.setup();
    await screen.findByRole('table');
    const before = server.calls.length;
    await user.type(screen.getByRole('textbox', { name: /^Resource/ }), 'observation');
    expect(await screen.findByText(/A resource type \(Observation\)/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(server.calls.length).toBe(before);
  });

  it('refuses a link with an impossible date instead of searching something else', async () => {
    const server = auditServer();
    vi.stubGlobal('fetch', server.fetch);
    renderAdminPage(<AuditLogPage />, { path: '/admin/audit', route: '/admin/audit?from=2026-13-01' });
    expect((await screen.findByRole('alert')).textContent).toContain('from "2026-13-01"');
    expect(server.calls.some((c) => c.url.startsWith('/api/v1/audit/events'))).toBe(false);
  });

  it('shows the server message when the search fails, and opens an event with all its fields', async () => {
    let fail = true;
    const server = fakeServer({
      ...meRoute(['auditor']),
      'GET /api/v1/audit/events': () =>
        fail
          ? {
              status: 400,
              body: {
                error: {
                  code: 'bad-request',
                  message: "Unknown audit search parameter 'x'",
                  details: [{ field: 'x', message: 'not supported' }],
                },
              },
            }
          : { body: { total: 1, offset: 0, events: [row(7)] } },
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAdminPage(<AuditLogPage />, { path: '/admin/audit', route: '/admin/audit?action=read' });
    expect((await screen.findByRole('alert')).textContent).toContain("Unknown audit search parameter 'x'");
    fail = false;
    const user = userEvent.setup();
    await user.clear(screen.getByRole('combobox', { name: /^Action/ }));
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    await user.click(await screen.findByRole('button', { name: /Details of event 7/ }));
    const drawer = await screen.findByRole('dialog', { name: 'Audit event 7' });
    expect(within(drawer).getByText('req-7')).toBeTruthy();
    expect(within(drawer).getByText('Firefox')).toBeTruthy();
    expect(screen.getByTestId('current-url').textContent).toBe('/admin/audit?event=7');
  });
});
