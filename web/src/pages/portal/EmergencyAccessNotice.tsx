/**
 * The portal's notice of emergency access: when a clinician outside the patient's care
 * team breaks the glass, the server queues a notification to the patient (a Communication,
 * category alert, addressed to the patient: src/access/break-glass.ts). The portal's home
 * shows those of the last 30 days at the top, with the way to see who and why.
 */
import { Alert, Anchor, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Communication } from '@medplum/fhirtypes';
import { fhirSearch } from '../../api/fhir.ts';
import { useFormat } from '../../i18n/locale.tsx';

const NOTICE_DAYS = 30;

export function EmergencyAccessNotice({ patientId }: { patientId: string }) {
  const format = useFormat();
  const since = new Date(Date.now() - NOTICE_DAYS * 86_400_000).toISOString().slice(0, 10);
  const alerts = useQuery({
    queryKey: ['portal', 'emergency-access', patientId, since],
    queryFn: async ({ signal }) =>
      (
        await fhirSearch<Communication>(
          'Communication',
          { recipient: `Patient/${patientId}`, category: 'alert', _lastUpdated: `ge${since}`, _sort: '-_lastUpdated', _count: '20' },
          signal,
        )
      ).matches,
  });
  // Nothing to say, or the notice could not be loaded: the rest of the home page matters more than this failure.
  const list = alerts.data ?? [];
  if (!list.length) return null;
  const newest = list[0]!.meta?.lastUpdated;
  return (
    <Alert color="red" variant="light" title="Your record was opened in an emergency" role="status">
      <Text size="sm">
        {list.length === 1
          ? `On ${format.date(newest)}, someone outside your care team opened your record in an emergency.`
          : `${list.length} times in the last ${NOTICE_DAYS} days, most recently on ${format.date(newest)}, someone outside your care team opened your record in an emergency.`}{' '}
        Each such access is reviewed by the clinic.{' '}
        <Anchor component={Link} to="/portal/access" size="sm">
          See who viewed your record, and why
        </Anchor>
      </Text>
    </Alert>
  );
}
