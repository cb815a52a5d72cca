/**
 * A patient's chart: the banner, then the tabs of chart/chart-tabs.ts. Each tab is a link to
 * its own address (/patients/:id/changes…), so a tab can be bookmarked, shared and reached
 * with Back; arrow keys move between tabs as in any tab list.
 */
import { Suspense, useEffect } from 'react';
import { Alert, Anchor, Stack, Tabs, Text } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/http.ts';
import { useMe } from '../../auth/session-context.tsx';
import { allowed } from '../../app/nav.ts';
import { PageLoading } from '../../layout/AppLayout.tsx';
import { rememberPatient } from './recent-patients.ts';
import { ChartActions } from './chart/actions/ChartActions.tsx';
import { EmergencyAccess } from './chart/EmergencyAccess.tsx';
import { BREAK_GLASS_REQUESTERS } from './chart/chart-roles.ts';
import { MergedNotice } from './chart/banner/MergedNotice.tsx';
import { PatientBanner } from './chart/banner/PatientBanner.tsx';
import { useChartSummary } from './chart/chart-queries.ts';
import { CHART_TABS, tabUrl, tabValue } from './chart/chart-tabs.ts';
import { CHART_TABS_ID, rememberTabFocus, restoreTabFocus } from './chart/tab-focus.ts';

export default function PatientChartPage() {
  const params = useParams();
  const patientId = params.patientId ?? '';
  const segment = (params['*'] ?? '').split('/')[0];
  const me = useMe();
  const summary = useChartSummary(patientId);
  const patient = summary.data?.patient;

  // Opening a chart puts it on the user's recent list (home page, search page).
  useEffect(() => {
    if (patient)
      rememberPatient(me.user.id, {
        id: patient.id,
        name: patient.name,
        ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
        ...(patient.mrn ? { mrn: patient.mrn } : {}),
      });
  }, [me.user.id, patient?.id, patient?.name, patient?.birthDate, patient?.mrn]);

  // Back on the tab just chosen, once the tabs are drawn (see tab-focus.ts).
  const drawn = !!summary.data;
  useEffect(() => {
    if (drawn) restoreTabFocus();
  }, [drawn, segment]);

  // A failed refresh keeps the chart on screen; only a chart that never loaded shows the error.
  if (!summary.data && summary.isPending) return <PageLoading />;
  if (!summary.data) {
    const refused = summary.error instanceof ApiError && summary.error.status === 403;
    if (refused && allowed(BREAK_GLASS_REQUESTERS, me.user.roles))
      return <EmergencyAccess patientId={patientId} refusal={summary.error.message} />;
    const missing = summary.error instanceof ApiError && (summary.error.status === 404 || summary.error.status === 410);
    return (
      <Stack maw={640}>
        <Alert color="red" role="alert" title={missing ? 'No such patient' : 'The chart could not be opened'}>
          {summary.error.message}
        </Alert>
        <Anchor component={Link} to="/patients">
          Find a patient
        </Anchor>
      </Stack>
    );
  }

  const data = summary.data;
  const tabs = CHART_TABS.filter((t) => allowed(t.roles, me.user.roles));
  const active = CHART_TABS.find((t) => t.path === segment);
  const Active = active?.component;
  return (
    <Stack maw={1200}>
      <PatientBanner summary={data} actions={<ChartActions summary={data} />} />
      {data.patient.mergedInto && <MergedNotice targetId={data.patient.mergedInto} />}
      <Tabs id={CHART_TABS_ID} value={active ? tabValue(active) : null} keepMounted={false}>
        <Tabs.List aria-label="Chart sections">
          {tabs.map((t) => (
            <Tabs.Tab
              key={t.path}
              value={tabValue(t)}
              onClick={() => rememberTabFocus(tabValue(t))}
              renderRoot={(props) => <Link {...props} to={tabUrl(patientId, t)} />}
            >
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {!active || !Active ? (
          <Alert color="blue" role="alert" mt="md" title="No such section">
            <Text size="sm">This chart has no section “{segment}”. Choose one of the tabs above.</Text>
          </Alert>
        ) : !allowed(active.roles, me.user.roles) ? (
          <Alert color="blue" role="alert" mt="md" title="Not available to your role">
            {active.label} is for {(active.roles as readonly string[]).join(', ')}. Ask an administrator if your work needs it.
          </Alert>
        ) : (
          <Tabs.Panel value={tabValue(active)} pt="md">
            <Suspense fallback={<PageLoading />}>
              <Active patientId={patientId} summary={data} />
            </Suspense>
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
