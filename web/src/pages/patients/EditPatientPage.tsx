/** Edit a patient's registration: the same form, filled from the record; the MRN stays. */
import { Alert, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { PageLoading } from '../../layout/AppLayout.tsx';
import { useFormat } from '../../i18n/locale.tsx';
import { RegistrationForm } from './registration/RegistrationForm.tsx';
import { fromRegistration } from './registration/form-values.ts';
import { getRegistration, updatePatient } from './patient-api.ts';

export default function EditPatientPage() {
  const { patientId = '' } = useParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const format = useFormat();
  const registration = useQuery({
    queryKey: ['patients', patientId, 'registration'],
    queryFn: ({ signal }) => getRegistration(patientId, signal),
    gcTime: 0,
  });
  if (registration.isPending) return <PageLoading />;
  if (registration.isError)
    return (
      <Alert color="red" role="alert" title="The record could not be opened">
        {registration.error.message}
      </Alert>
    );
  const r = registration.data;
  return (
    <Stack maw={1100}>
      <div>
        <Title order={1} size="h2">
          Edit {format.name(r.name)}
        </Title>
        <Text c="dimmed">MRN {r.mrn ?? '—'}. Every change is kept in the record's history with your name.</Text>
      </div>
      <RegistrationForm
        initialValues={fromRegistration(r)}
        excludeId={patientId}
        submitLabel="Save changes"
        onCancel={() => navigate(`/patients/${patientId}`)}
        onSave={async (body) => {
          await updatePatient(patientId, body);
          await client.invalidateQueries({ queryKey: ['patients'] });
          await client.invalidateQueries({ queryKey: ['chart'] });
          notifications.show({ color: 'green', title: 'Saved', message: 'The registration is updated.' });
          navigate(`/patients/${patientId}`);
        }}
      />
    </Stack>
  );
}
