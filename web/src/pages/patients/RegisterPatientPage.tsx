/** Register a patient: the form, then the new chart. */
import { Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useMemo } from 'react';
import { RegistrationForm } from './registration/RegistrationForm.tsx';
import { emptyValues } from './registration/form-values.ts';
import { registerPatient } from './patient-api.ts';

export default function RegisterPatientPage() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const initial = useMemo(emptyValues, []);
  return (
    <Stack maw={1100}>
      <div>
        <Title order={1} size="h2">
          Register a patient
        </Title>
        <Text c="dimmed">Fields marked * are needed. Hale checks for patients already registered as you type.</Text>
      </div>
      <RegistrationForm
        initialValues={initial}
        submitLabel="Register patient"
        onCancel={() => navigate(-1)}
        onSave={async (registration) => {
          const created = await registerPatient(registration);
          await client.invalidateQueries({ queryKey: ['patients'] });
          notifications.show({ color: 'green', title: 'Patient registered', message: `MRN ${created.mrn}` });
          navigate(`/patients/${created.id}`);
        }}
      />
    </Stack>
  );
}
