// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { registrationOf, renderChart, summaryOf } from '../test-kit.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

const target = {
  id: 'keep1',
  score: 3,
  matches: ['family'],
  name: 'Ms. Amelia Rose Hartmann',
  given: ['Amelia', 'Rose'],
  family: 'Hartmann',
  birthDate: '2011-05-14',
  gender: 'female',
  active: true,
  deceased: false,
  mrn: '100000009',
  identifiers: [],
};

describe('merge dialog', () => {
  it('sends sourceId, targetId and reason, then opens the record kept', async () => {
    const { server } = renderChart('/patients/dup1', ['admin'], {
      'GET /api/v1/patients/dup1/chart-summary': () => ({ body: summaryOf({ id: 'dup1', name: 'Amelia Hartman', mrn: '100000058' }) }),
      'GET /api/v1/patients/dup1/registration': () => ({ body: registrationOf('dup1') }),
      'GET /api/v1/patients/keep1/chart-summary': () => ({ body: summaryOf({ id: 'keep1' }) }),
      'GET /api/v1/patients/keep1/registration': () => ({ body: registrationOf('keep1') }),
      'GET /api/v1/patients/search': (_init, url) => ({
        body: { understood: {}, results: url.searchParams.get('q') === 'hartmann' ? [target] : [] },
      }),
      'POST /api/v1/patients/merge': () => ({
        body: { mergeId: 'm1', sourceId: 'dup1', targetId: 'keep1', moved: [{ resource: 'Encounter/e1', paths: ['subject'] }] },
      }),
    });
    const user = userEvent.setup();
    await screen.findByRole('heading', { level: 1, name: 'Amelia Hartman' });
    await user.click(screen.getByRole('button', { name: 'Actions' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Merge into another patient…' }));
    await user.type(await screen.findByRole('textbox', { name: 'Find the record to keep' }), 'hartmann');
    await user.click(await screen.findByRole('radio', { name: /Ms\. Amelia Rose Hartmann/ }));
    // Both records side by side before anything moves.
    const compare = await screen.findByRole('table', { name: 'The two records side by side' });
    expect(compare.textContent).toContain('100000058');
    expect(compare.textContent).toContain('100000009');
    // Not yet: no reason, not confirmed.
    await user.click(screen.getByRole('button', { name: 'Merge into Ms. Amelia Rose Hartmann' }));
    expect(await screen.findByText('Say why, in at least 5 characters')).toBeTruthy();
    expect(server.calls.some((c) => c.method === 'POST')).toBe(false);
    await user.type(screen.getByRole('textbox', { name: /Reason for the merge/ }), 'Registered twice at the desk');
    await user.click(screen.getByRole('checkbox', { name: /same person/ }));
    await user.click(screen.getByRole('button', { name: 'Merge into Ms. Amelia Rose Hartmann' }));
    await screen.findByRole('heading', { level: 1, name: 'Ms. Amelia Rose Hartmann' });
    const merge = server.calls.find((c) => c.method === 'POST' && c.url === '/api/v1/patients/merge');
    expect(merge?.body).toEqual({ sourceId: 'dup1', targetId: 'keep1', reason: 'Registered twice at the desk' });
    await waitFor(() => expect(server.calls.some((c) => c.url === '/api/v1/patients/keep1/chart-summary')).toBe(true));
  });

  it('says to choose the record to keep when none is chosen, with nothing found yet', async () => {
    const { server } = renderChart('/patients/dup1', ['admin'], {
      'GET /api/v1/patients/dup1/chart-summary': () => ({ body: summaryOf({ id: 'dup1', name: 'Amelia Hartman' }) }),
      'GET /api/v1/patients/dup1/registration': () => ({ body: registrationOf('dup1') }),
    });
    const user = userEvent.setup();
    await screen.findByRole('heading', { level: 1, name: 'Amelia Hartman' });
    await user.click(screen.getByRole('button', { name: 'Actions' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Merge into another patient…' }));
    await user.click(await screen.findByRole('button', { name: 'Merge records' }));
    const search = screen.getByRole('textbox', { name: 'Find the record to keep' });
    await waitFor(() => expect(search.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('Choose the record to keep')).toBeTruthy();
    expect(server.calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('is offered to roles the server lets merge only', async () => {
    renderChart('/patients/dup1', ['receptionist'], {
      'GET /api/v1/patients/dup1/chart-summary': () => ({
        body: summaryOf({ id: 'dup1', name: 'Amelia Hartman' }, { allergies: null, restricted: ['allergies'] }),
      }),
      'GET /api/v1/patients/dup1/registration': () => ({ body: registrationOf('dup1') }),
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Actions' }));
    expect(await screen.findByRole('menuitem', { name: 'Deactivate…' })).toBeTruthy();
    expect(screen.queryByRole('menuitem', { name: /Merge/ })).toBeNull();
  });
});
