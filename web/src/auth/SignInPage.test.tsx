// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInApp, fakeServer } from '../test/render.tsx';
import { SessionProvider } from './session-context.tsx';
import SignInPage from './SignInPage.tsx';

afterEach(() => vi.unstubAllGlobals());

describe('sign-in page', () => {
  it('asks for the authenticator code when the server says the account has MFA, then signs in with it', async () => {
    let signedIn = false;
    const server = fakeServer({
      'GET /api/v1/auth/me': () =>
        signedIn
          ? { body: { user: { id: 'u1', roles: ['doctor'] }, scope: 'full' } }
          : { status: 401, body: { error: { code: 'unauthorized', message: 'Sign in first' } } },
      'POST /api/v1/auth/refresh': () => ({ status: 401, body: { error: { code: 'unauthorized', message: 'no' } } }),
      'POST /api/v1/auth/login': (init) => {
        const body = JSON.parse(String(init!.body));
        if (!body.totp)
          return {
            status: 401,
            body: {
              error: {
                code: 'unauthorized',
                message: 'This account uses two-factor sign-in',
                details: [{ field: 'totp', message: 'is required' }],
              },
            },
          };
        signedIn = body.totp === '123456';
        return signedIn
          ? { body: { scope: 'full', user: {} } }
          : { status: 401, body: { error: { code: 'unauthorized', message: 'Wrong username, password or code' } } };
      },
    });
    vi.stubGlobal('fetch', server.fetch);
    renderInApp(
      <SessionProvider>
        <SignInPage />
      </SessionProvider>,
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Username/), 'dr.grey');
    await user.type(screen.getByLabelText(/^Password/), 'a long enough password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const code = await screen.findByLabelText(/Authenticator code/);
    await user.type(code, '000000');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Wrong username, password or code');
    await user.type(screen.getByLabelText(/Authenticator code/), '123456');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    await waitFor(() => expect(signedIn).toBe(true));
    const logins = server.calls.filter((c) => c.url === '/api/v1/auth/login');
    expect(logins.map((c) => (c.body as { totp?: string }).totp)).toEqual([undefined, '000000', '123456']);
    expect((logins[0].body as { session: string }).session).toBe('cookie');
  });

  it('says what is missing before calling the server', async () => {
    const server = fakeServer({
      'GET /api/v1/auth/me': () => ({ status: 401, body: {} }),
      'POST /api/v1/auth/refresh': () => ({ status: 401, body: {} }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderInApp(
      <SessionProvider>
        <SignInPage />
      </SessionProvider>,
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter your username')).toBeTruthy();
    expect(screen.getByText('Enter your password')).toBeTruthy();
    expect(server.calls.some((c) => c.url === '/api/v1/auth/login')).toBe(false);
  });
});
