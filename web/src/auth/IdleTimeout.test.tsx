// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, screen } from '@testing-library/react';
import { renderInApp, fakeServer } from '../test/render.tsx';
import { SessionProvider } from './session-context.tsx';
import { IdleTimeout } from './IdleTimeout.tsx';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('idle log-off', () => {
  it('warns two minutes before the server would end the session, keeps it on request, and signs out at the limit', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date'] });
    const server = fakeServer({
      'GET /api/v1/auth/me': () => ({
        body: { user: { id: 'u1', roles: ['nurse'], displayName: 'N' }, scope: 'full', idleTimeoutMinutes: 5 },
      }),
      'POST /api/v1/auth/logout': () => ({ status: 204 }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderInApp(
      <SessionProvider>
        <IdleTimeout idleMinutes={5} />
      </SessionProvider>,
    );
    // 2 min 50 s without a key or a click: nothing yet.
    await act(async () => vi.advanceTimersByTimeAsync(170_000));
    expect(screen.queryByText('Are you still there?')).toBeNull();
    // Past 3 minutes: the warning, with the time left.
    await act(async () => vi.advanceTimersByTimeAsync(15_000));
    // The dialog's opening transition.
    await act(async () => vi.advanceTimersByTimeAsync(1_000));
    expect(document.body.textContent).toContain('Are you still there?');
    expect(screen.getByRole('timer').textContent).toMatch(/signed out in 1:[45]\d/);
    // Staying tells the server and hides the warning.
    const pings = server.calls.filter((c) => c.url === '/api/v1/auth/me').length;
    await act(async () => screen.getByRole('button', { name: 'Stay signed in' }).click());
    await act(async () => vi.advanceTimersByTimeAsync(1_000));
    expect(server.calls.filter((c) => c.url === '/api/v1/auth/me').length).toBeGreaterThan(pings);
    expect(screen.queryByRole('timer')).toBeNull();
    // Then 5 idle minutes: signed out.
    await act(async () => vi.advanceTimersByTimeAsync(301_000));
    expect(server.calls.some((c) => c.method === 'POST' && c.url === '/api/v1/auth/logout')).toBe(true);
  });
});
