/** Renders a component inside the app's providers, for component tests. */
import type { ReactNode } from 'react';
import { render } from '@testing-library/react';
import { MantineProvider, Popover, createTheme } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import { LocaleProvider } from '../i18n/locale.tsx';

/**
 * jsdom lays nothing out, so floating-ui's `hide` middleware finds every popover's anchor
 * scrolled out of view, and Mantine hides the dropdown (display: none) once that result
 * arrives. Menus opened in tests were found only when the test won that race, which a loaded
 * machine lost. The browser tests keep the default.
 */
const TEST_THEME = createTheme({ components: { Popover: Popover.extend({ defaultProps: { hideDetached: false } }) } });

export function renderInApp(ui: ReactNode, { route = '/' }: { route?: string } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MantineProvider theme={TEST_THEME}>
      <QueryClientProvider client={client}>
        <LocaleProvider>
          <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
        </LocaleProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

/** A fetch that answers from a table of routes, as the server would; unknown routes get 404. */
export function fakeServer(routes: Record<string, (init: RequestInit | undefined, url: URL) => { status?: number; body?: unknown }>) {
  const calls: { method: string; url: string; body?: unknown }[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const method = init?.method ?? 'GET';
    calls.push({ method, url: url.pathname + url.search, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const handler = routes[`${method} ${url.pathname}`];
    const answer = handler ? handler(init, url) : { status: 404, body: { error: { code: 'not-found', message: 'No route' } } };
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetch: fetchImpl as typeof fetch, calls };
}
