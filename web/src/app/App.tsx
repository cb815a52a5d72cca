/**
 * The app: providers, then either the step the session still needs (sign-in, password
 * change, MFA set-up) or the router with the signed-in pages.
 */
import { MantineProvider, createTheme, type CSSVariablesResolver } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError } from '../api/http.ts';
import { SessionProvider, useSession } from '../auth/session-context.tsx';
import SignInPage from '../auth/SignInPage.tsx';
import { LocaleProvider } from '../i18n/locale.tsx';
import { PageLoading } from '../components/PageLoading.tsx';
import { lazy, Suspense } from 'react';

const SignedInApp = lazy(() => import('./SignedInApp.tsx'));
const ChangePasswordPage = lazy(() => import('../auth/ChangePasswordPage.tsx'));
const MfaSetupPage = lazy(() => import('../auth/MfaSetup.tsx'));

const theme = createTheme({
  primaryColor: 'teal',
  // White on teal 9, and teal 9 on its light tint, pass WCAG AA (4.5:1); the default shade 6 does not.
  primaryShade: 9,
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
});

// Mantine's dimmed grey and error red (3.3:1 on white) and its "light" variants (shade 9 text on the shade 1
// tint, 4.3:1; on the hover tint 3.8:1) fail WCAG AA for text; darker text and paler tints pass.
const LIGHT_VARIANT_COLORS = ['teal', 'green', 'red', 'yellow', 'orange', 'blue', 'gray', 'grape', 'violet', 'cyan'];
const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // Field errors too: red 6 on white is 3.3:1.
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    // Links sit on hovered and striped rows too, where teal 9 comes close to 4.5:1.
    '--mantine-color-anchor': 'color-mix(in srgb, var(--mantine-color-teal-9) 80%, black)',
    ...Object.fromEntries(
      LIGHT_VARIANT_COLORS.flatMap((c) => [
        [`--mantine-color-${c}-light`, `var(--mantine-color-${c}-0)`],
        [`--mantine-color-${c}-light-hover`, `var(--mantine-color-${c}-1)`],
        // Shade 9 darkened a little: readable on the hover tint too.
        [`--mantine-color-${c}-light-color`, `color-mix(in srgb, var(--mantine-color-${c}-9) 80%, black)`],
        // A filled button's hover shade (lighter than 9 by default) keeps white text readable.
        [`--mantine-color-${c}-filled-hover`, `color-mix(in srgb, var(--mantine-color-${c}-9) 85%, black)`],
      ]),
    ),
  },
  dark: {},
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A 4xx will not change by asking again; network trouble might.
      retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

function Gate() {
  const { me, loading } = useSession();
  if (loading) return <PageLoading />;
  if (!me) return <SignInPage />;
  if (me.scope === 'password-change')
    return (
      <Suspense fallback={<PageLoading />}>
        <ChangePasswordPage />
      </Suspense>
    );
  if (me.scope === 'mfa-setup')
    return (
      <Suspense fallback={<PageLoading />}>
        <MfaSetupPage />
      </Suspense>
    );
  return (
    <Suspense fallback={<PageLoading />}>
      <SignedInApp userId={me.user.id} />
    </Suspense>
  );
}

export function App({ styleNonce }: { styleNonce?: string }) {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} getStyleNonce={styleNonce ? () => styleNonce : undefined}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <LocaleProvider>
          <SessionProvider>
            <Gate />
          </SessionProvider>
        </LocaleProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
