/**
 * For the chart's component tests: a chart summary to start from, the chart page rendered at
 * a URL for a signed-in user of a given role (fetch answered by fakeServer), and an
 * XMLHttpRequest that answers from the same fake server (uploads use XHR for progress).
 */
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import { Route, Routes } from 'react-router';
import { fakeServer, renderInApp } from '../../../test/render.tsx';
import { SessionProvider, useSession } from '../../../auth/session-context.tsx';
import type { Role } from '../../../api/auth.ts';
import PatientChartPage from '../PatientChartPage.tsx';
import type { ChartSummary } from './chart-api.ts';

type ServerRoutes = Parameters<typeof fakeServer>[0];

export function summaryOf(patient: Partial<ChartSummary['patient']> & { id: string }, rest: Partial<ChartSummary> = {}): ChartSummary {
  return {
    patient: {
      name: 'Ms. Amelia Rose Hartmann',
      birthDate: '2011-05-14',
      age: 15,
      ageText: '15 y',
      sex: 'female',
      mrn: '100000009',
      active: true,
      deceased: false,
      ...patient,
    },
    allergies: { active: 0, flag: false },
    coverages: [],
    contacts: [],
    consents: undefined,
    generalPractitioner: undefined,
    relatedPersons: [],
    ...rest,
  };
}

/** The registration read of a patient with little recorded. */
export const registrationOf = (id: string) => ({
  id,
  name: { given: ['Amelia'], family: 'Hartmann' },
  sex: 'female',
  birthDate: '2011-05-14',
  identifiers: [],
  addresses: [],
  phones: [],
  emergencyContacts: [],
});

function WhenSignedIn({ children }: { children: ReactNode }) {
  const { me } = useSession();
  return me ? <>{children}</> : null;
}

/** The chart at `route` for a user with `roles`; `routes` answer the chart's calls. */
export function renderChart(route: string, roles: Role[], routes: ServerRoutes) {
  const server = fakeServer({
    'GET /api/v1/auth/me': () => ({
      body: {
        user: { id: 'u1', username: 'tester', displayName: 'Tess Tester', roles, mustChangePassword: false, mfaEnabled: false },
        scope: 'full',
        sessionId: 's1',
        idleTimeoutMinutes: 15,
      },
    }),
    ...routes,
  });
  vi.stubGlobal('fetch', server.fetch);
  const view = renderInApp(
    <SessionProvider>
      <WhenSignedIn>
        <Routes>
          <Route path="/patients/:patientId/*" element={<PatientChartPage />} />
        </Routes>
      </WhenSignedIn>
    </SessionProvider>,
    { route },
  );
  return { server, ...view };
}

/** An XMLHttpRequest answered by a fake server's fetch, reporting upload progress halfway and at the end. */
export function stubXhr(server: { fetch: typeof fetch }) {
  const sent: { method: string; url: string; headers: Record<string, string>; body: unknown }[] = [];
  class FakeXhr {
    upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
    status = 0;
    responseText = '';
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    private method = 'GET';
    private url = '';
    private headers: Record<string, string> = {};
    open(method: string, url: string) {
      this.method = method;
      this.url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name] = value;
    }
    abort() {
      this.onabort?.();
    }
    send(body: unknown) {
      sent.push({ method: this.method, url: this.url, headers: this.headers, body });
      void (async () => {
        this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 });
        this.upload.onprogress?.({ lengthComputable: true, loaded: 100, total: 100 });
        const response = await server.fetch(this.url, { method: this.method, headers: this.headers });
        this.status = response.status;
        this.responseText = await response.text();
        this.onload?.();
      })();
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  return sent;
}
