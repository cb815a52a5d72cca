/**
 * The patient portal's first page: the patient's own record, read with the patient's
 * session, so the server's compartment rule decides what appears, and the upcoming
 * appointments with a way to book one (the booking pages are under /portal/appointments).
 * Messages and results in detail come with their modules.
 */
import { Alert, Anchor, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { AllergyIntolerance, Condition, MedicationRequest, Observation, Patient, Resource } from '@medplum/fhirtypes';
import { fhirRead, fhirSearch } from '../../api/fhir.ts';
import { useMe } from '../../auth/session-context.tsx';
import { Worklist } from '../../components/Worklist.tsx';
import { PageLoading } from '../../layout/AppLayout.tsx';
import { useFormat } from '../../i18n/locale.tsx';
import { PORTAL_KEY, fetchMyAppointments } from './portal-api.ts';
import { whenLong } from './portal-time.ts';
import { EmergencyAccessNotice } from './EmergencyAccessNotice.tsx';

function useOwn<T extends Resource>(type: T['resourceType'], patientId: string, params: Record<string, string> = {}) {
  return useQuery({
    queryKey: ['portal', type, patientId, params],
    queryFn: async ({ signal }) =>
      (await fhirSearch<T>(type, { patient: `Patient/${patientId}`, _count: '20', ...params }, signal)).matches,
  });
}

const codeText = (c?: { text?: string; coding?: { display?: string; code?: string }[] }) =>
  c?.text ?? c?.coding?.[0]?.display ?? c?.coding?.[0]?.code ?? '—';

function Line({ children }: { children: React.ReactNode }) {
  return <Text size="sm">{children}</Text>;
}

export default function PortalHome() {
  const me = useMe();
  const format = useFormat();
  const patientId = me.user.patientId;
  const patient = useQuery({
    queryKey: ['portal', 'patient', patientId],
    queryFn: ({ signal }) => fhirRead<Patient>('Patient', patientId!, signal),
    enabled: !!patientId,
  });
  const conditions = useOwn<Condition>('Condition', patientId ?? '', { _sort: '-recorded-date' });
  const allergies = useOwn<AllergyIntolerance>('AllergyIntolerance', patientId ?? '');
  const medications = useOwn<MedicationRequest>('MedicationRequest', patientId ?? '', { status: 'active' });
  const upcoming = useQuery({
    queryKey: [...PORTAL_KEY, 'mine'],
    queryFn: ({ signal }) => fetchMyAppointments(signal),
    select: (r) => r.upcoming.filter((a) => a.status !== 'cancelled'),
    enabled: !!patientId,
  });
  const results = useOwn<Observation>('Observation', patientId ?? '', { _sort: '-date', _count: '10' });

  if (!patientId)
    return (
      <Alert color="yellow" role="alert">
        This account is not linked to a patient record yet. Ask the reception desk to link it.
      </Alert>
    );
  if (patient.isPending) return <PageLoading />;
  if (patient.isError)
    return (
      <Alert color="red" role="alert">
        {patient.error.message}
      </Alert>
    );
  const p = patient.data;
  const actingFor = me.user.relatedPersonId ? ` (you act for ${format.name(p.name?.[0])})` : '';
  return (
    <Stack>
      <Title order={1} size="h2">
        My health record{actingFor}
      </Title>
      <EmergencyAccessNotice patientId={patientId} />
      <Card withBorder component="section" aria-labelledby="portal-me">
        <Title order={2} size="h4" id="portal-me">
          {format.name(p.name?.[0])}
        </Title>
        <Text size="sm">Born {format.date(p.birthDate)}</Text>
        {p.telecom?.map((t) => (
          <Text size="sm" key={`${t.system}-${t.value}`}>
            {t.system}: {t.value}
          </Text>
        ))}
      </Card>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Worklist
          title="Upcoming appointments"
          query={upcoming}
          empty="No upcoming appointments."
          action={
            <Group gap="xs">
              <Anchor component={Link} to="/portal/appointments" size="sm">
                All my appointments
              </Anchor>
              <Button component={Link} to="/portal/appointments/book" size="xs">
                Book an appointment
              </Button>
            </Group>
          }
          render={(a) => (
            <Line>
              {whenLong(a.start, a.timeZone, format.locale)}
              {a.practitioner?.display ? ` · ${a.practitioner.display}` : ''}
              {a.service?.display ? ` · ${a.service.display}` : ''}
            </Line>
          )}
        />
        <Worklist title="Problems" query={conditions} empty="No problems recorded." render={(c) => <Line>{codeText(c.code)}</Line>} />
        <Worklist title="Allergies" query={allergies} empty="No allergies recorded." render={(a) => <Line>{codeText(a.code)}</Line>} />
        <Worklist
          title="Current medicines"
          query={medications}
          empty="No current medicines."
          render={(m) => <Line>{codeText(m.medicationCodeableConcept)}</Line>}
        />
        <Worklist
          title="Latest results"
          query={results}
          empty="No results yet."
          render={(o) => (
            <Line>
              {format.date(o.effectiveDateTime)} · {codeText(o.code)}
              {o.valueQuantity ? `: ${o.valueQuantity.value} ${o.valueQuantity.unit ?? ''}` : ''}
            </Line>
          )}
        />
      </SimpleGrid>
    </Stack>
  );
}
