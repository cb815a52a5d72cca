/**
 * For the admin pages' component tests: a page at its real route, signed in with the given
 * roles (answered by the fake server's /auth/me), with the current URL shown so a test can
 * check what the page put in the query.
 */
import { Fragment, type ReactNode } from 'react';
import { configure } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router';
import type { Role } from '../../api/auth.ts';
import { SessionProvider, useSession } from '../../auth/session-context.tsx';
import { fakeServer, renderInApp } from '../../test/render.tsx';

// Two test files share two cores: a first render (Mantine, the router, lazy styles) can take over
// the default second to appear, which would fail a test for no fault of the page.
configure({ asyncUtilTimeout: 5000 });

type Handler = Parameters<typeof fakeServer>[0][string];

export function meRoute(roles: Role[], id = 'me-1'): Record<string, Handler> {
  return {
    'GET /api/v1/auth/me': () => ({
      body: {
        user: { id, username: 'me', displayName: 'Me', roles, mustChangePassword: false, mfaEnabled: true },
        scope: 'full',
        sessionId: 's1',
        idleTimeoutMinutes: 15,
      },
    }),
  };
}

function WhenSignedIn({ children }: { children: ReactNode }) {
  const { me } = useSession();
  return me ? <>{children}</> : null;
}

/** As in AppLayout, whose error boundary is keyed by path: a new path mounts the page afresh. */
function KeyedByPath({ children }: { children: ReactNode }) {
  return <Fragment key={useLocation().pathname}>{children}</Fragment>;
}

function CurrentUrl() {
  const location = useLocation();
  return <output data-testid="current-url">{location.pathname + location.search}</output>;
}

export function renderAdminPage(page: ReactNode, { path, route }: { path: string; route: string }) {
  return renderInApp(
    <SessionProvider>
      <WhenSignedIn>
        <Routes>
          <Route
            path={path}
            element={
              <>
                <KeyedByPath>{page}</KeyedByPath>
                <CurrentUrl />
              </>
            }
          />
        </Routes>
      </WhenSignedIn>
    </SessionProvider>,
    { route },
  );
}
