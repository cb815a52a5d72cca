// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeServer } from '../../test/render.tsx';
import { meRoute, renderAdminPage } from '../admin/admin-test-kit.tsx';
import RecordAccessPage from './RecordAccessPage.tsx';
import type { RecordAccess } from './record-access-api.ts';

afterEach(() => vi.unstubAllGlobals());

const baker = { name: 'Dr. Grace Baker', roles: ['doctor'] };
const page1: RecordAccess[] = [
  {
    when: '2026-12-07T10:15:00Z',
    who: { name: 'Ada One', roles: ['patient'], you: true },
    action: 'read',
    outcome: 'success',
    resourceType: 'Patient',
  },
  { when: '2026-12-07T10:06:00Z', who: baker, action: 'read', outcome: 'success', resourceType: 'Observation' },
  { when: '2026-12-07T10:05:00Z', who: baker, action: 'read', outcome: 'success', resourceType: 'Observation' },
  {
    when: '2026-12-07T10:04:00Z',
    who: baker,
    action: 'break-glass',
    outcome: 'success',
    resourceType: 'Patient',
    emergency: { reason: 'Brought in unconscious', minutes: 60 },
  },
  { when: '2026-12-07T10:03:00Z', who: baker, action: 'permission-denied', outcome: 'denied', resourceType: 'Observation' },
];

describe('who viewed my record', () => {
  it('lists who did what in plain words, makes the emergency and the refusal stand out, and pages', async () => {
    const server = fakeServer({
      ...meRoute(['patient']),
      'GET /api/v1/audit/my-record': (_init, url) =>
        url.searchParams.get('_offset') === '0'
          ? { body: { total: 51, count: 50, offset: 0, accesses: page1 } }
          : {
              body: {
                total: 51,
                count: 50,
                offset: 50,
                accesses: [
                  {
                    when: '2026-12-01T09:00:00Z',
                    who: { name: 'Sam Desk', roles: ['receptionist'] },
                    action: 'create',
                    outcome: 'success',
                    resourceType: 'Patient',
                  },
                ],
              },
            },
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAdminPage(<RecordAccessPage />, { path: '/portal/access', route: '/portal/access' });

    const table = await screen.findByRole('table', { name: /51 accesses to your record, newest first/ });
    const rows = within(table).getAllByRole('row').slice(1);
    const text = rows.map((r) => r.textContent);
    expect(rows).toHaveLength(4);
    expect(text[0]).toMatch(/Ada OneYou.*Opened your personal details/);
    expect(text[1]).toMatch(/Dr\. Grace BakerDoctor.*Opened your test results and measurements2 accesses from/);
    expect(text[2]).toMatch(/Emergency access.*Opened your record in an emergency.*Reason given: .*Brought in unconscious.*60 minutes/);
    expect(text[3]).toMatch(/Refused.*Tried to open your test results and measurements and was refused/);
    expect(screen.getByText(/opened in an emergency by someone outside your care team/).textContent).toMatch(/\(1 on this page\)/);

    await userEvent.setup().click(screen.getByRole('button', { name: 'Next page' }));
    expect((await screen.findByText('Sam Desk')).closest('tr')!.textContent).toMatch(/Reception.*Added to your personal details/);
    await userEvent.setup().click(screen.getByRole('checkbox', { name: 'Include my own visits' }));
    await screen.findByText('Ada One');
    expect(server.calls.filter((c) => c.url.startsWith('/api/v1/audit/my-record')).map((c) => c.url)).toEqual([
      '/api/v1/audit/my-record?_count=50&_offset=0&mine=false',
      '/api/v1/audit/my-record?_count=50&_offset=50&mine=false',
      '/api/v1/audit/my-record?_count=50&_offset=0&mine=true',
    ]);
  });

  it('says so when nobody has opened the record, and shows the server’s message on failure', async () => {
    vi.stubGlobal(
      'fetch',
      fakeServer({
        ...meRoute(['patient']),
        'GET /api/v1/audit/my-record': () => ({ body: { total: 0, count: 50, offset: 0, accesses: [] } }),
      }).fetch,
    );
    const { unmount } = renderAdminPage(<RecordAccessPage />, { path: '/portal/access', route: '/portal/access' });
    expect((await screen.findByText('Nobody else has opened your record yet.')).getAttribute('role')).toBe('status');
    unmount();
    vi.stubGlobal(
      'fetch',
      fakeServer({
        ...meRoute(['patient']),
        'GET /api/v1/audit/my-record': () => ({
          status: 403,
          body: { error: { code: 'forbidden', message: 'Only a patient account has a record to ask about' } },
        }),
      }).fetch,
    );
    renderAdminPage(<RecordAccessPage />, { path: '/portal/access', route: '/portal/access' });
    expect((await screen.findByRole('alert')).textContent).toMatch(/could not be loaded.*Only a patient account has a record to ask about/);
  });
});
