// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeServer } from '../../test/render.tsx';
import { meRoute, renderAdminPage } from './admin-test-kit.tsx';
import type { BreakGlassGrant } from './admin-api.ts';
import BreakGlassPage from './BreakGlassPage.tsx';
import { parseReviewNote, reviewNote } from './review-outcome.ts';

afterEach(() => vi.unstubAllGlobals());

const pending: BreakGlassGrant = {
  id: 'g-1',
  userId: 'u-baker',
  patientId: 'p-42',
  reason: 'Unconscious in the emergency room',
  grantedAt: '2026-03-01T10:00:00.000Z',
  expiresAt: '2026-03-01T11:00:00.000Z',
  user: { username: 'dr.baker', displayName: 'Dr Baker' },
};

describe('break-glass review', () => {
  it('sends the outcome and the note, and keeps the note when the server refuses it', async () => {
    const reviews: unknown[] = [];
    let grants = [pending];
    const server = fakeServer({
      ...meRoute(['auditor']),
      'GET /api/v1/admin/break-glass': () => ({ body: { grants } }),
      'POST /api/v1/admin/break-glass/g-1/review': (init) => {
        const body = JSON.parse(String(init!.body));
        reviews.push(body);
        if (reviews.length === 1)
          return {
            status: 400,
            body: {
              error: {
                code: 'bad-request',
                message: 'The note is too vague',
                details: [{ field: 'note', message: 'say what you checked in the audit trail' }],
              },
            },
          };
        grants = [];
        return { body: { ...pending, reviewedAt: '2026-03-02T09:00:00.000Z', reviewedBy: 'me-1', reviewNote: body.note } };
      },
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAdminPage(<BreakGlassPage />, { path: '/admin/break-glass', route: '/admin/break-glass' });
    const user = userEvent.setup();
    const table = await screen.findByRole('table');
    expect(within(table).getByText('Dr Baker (dr.baker)')).toBeTruthy();
    expect(within(table).getByText('Unconscious in the emergency room')).toBeTruthy();
    await user.click(within(table).getByRole('button', { name: /Review access by Dr Baker/ }));

    const dialog = await screen.findByRole('dialog', { name: 'Review emergency access' });
    await user.click(within(dialog).getByRole('button', { name: 'Save review' }));
    expect(await within(dialog).findByText('Choose whether the access was justified')).toBeTruthy();
    expect(within(dialog).getByText('Write what you checked and found')).toBeTruthy();
    expect(reviews).toHaveLength(0);

    await user.click(within(dialog).getByRole('radio', { name: 'Not justified' }));
    const note = within(dialog).getByRole('textbox', { name: /^Review note/ });
    await user.type(note, 'No care relationship');
    await user.click(within(dialog).getByRole('button', { name: 'Save review' }));
    await waitFor(() => expect(note.getAttribute('aria-invalid')).toBe('true'));
    expect(within(dialog).getByText('Say what you checked in the audit trail')).toBeTruthy();
    expect((note as HTMLTextAreaElement).value).toBe('No care relationship');

    await user.type(note, '; the audit trail shows a chart read after the patient was discharged.');
    await user.click(within(dialog).getByRole('button', { name: 'Save review' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Review emergency access' })).toBeNull());
    expect(reviews).toEqual([
      { note: 'Not justified: No care relationship' },
      { note: 'Not justified: No care relationship; the audit trail shows a chart read after the patient was discharged.' },
    ]);
    expect(await screen.findByText('Nothing waits for review.')).toBeTruthy();
  });

  it('lists all grants on the second tab, reviewed ones with their outcome, each saying whether the patient was told', async () => {
    const reviewed: BreakGlassGrant = {
      ...pending,
      id: 'g-2',
      reviewedAt: '2026-03-02T09:00:00.000Z',
      reviewedBy: 'u-aud',
      reviewer: { username: 'privacy', displayName: 'privacy' },
      reviewNote: reviewNote('justified', 'ER admission confirmed'),
      patientNotice: { status: 'completed', channels: ['email'], held: ['sms'], sent: '2026-03-01T10:00:05.000Z' },
    };
    const untold: BreakGlassGrant = {
      ...pending,
      patientNotice: { status: 'not-done', channels: [], held: [], reason: 'the patient record has no email address' },
    };
    const server = fakeServer({
      ...meRoute(['auditor']),
      'GET /api/v1/admin/break-glass': (_init, url) => ({
        body: { grants: url.searchParams.get('status') === 'all' ? [reviewed, untold] : [untold] },
      }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAdminPage(<BreakGlassPage />, { path: '/admin/break-glass', route: '/admin/break-glass' });
    const user = userEvent.setup();
    await screen.findByRole('table');
    // Whether the patient was told is under the patient: the reason when not.
    expect(screen.getByText('Patient not told: the patient record has no email address')).toBeTruthy();
    await user.click(screen.getByRole('tab', { name: 'All grants' }));
    expect(await screen.findByText('ER admission confirmed')).toBeTruthy();
    // An SMS kept in the outbox (no provider configured) did not reach the patient.
    expect(screen.getByText('Patient told by email; SMS kept in the outbox')).toBeTruthy();
    expect(screen.getByText('Justified')).toBeTruthy();
    expect(screen.getByTestId('current-url').textContent).toBe('/admin/break-glass?status=all');
    expect(server.calls.some((c) => c.url === '/api/v1/admin/break-glass?status=all')).toBe(true);
  });

  it('reads the outcome back from a stored note', () => {
    expect(parseReviewNote('Justified: ER admission')).toEqual({ outcome: 'justified', note: 'ER admission' });
    expect(parseReviewNote('Not justified: curiosity')).toEqual({ outcome: 'not-justified', note: 'curiosity' });
    expect(parseReviewNote('checked')).toEqual({ note: 'checked' });
  });
});
