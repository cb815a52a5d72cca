/**
 * Adding a family member or someone who acts for the patient (a RelatedPerson). Checked as
 * the user types with the server's own rules, and again by the server, whose field messages
 * appear next to the fields; a refused save keeps what was typed.
 */
import { useState } from 'react';
import { Alert, Button, Group, Paper, Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { todayDate } from '../../../../api/fhir.ts';
import { applyServerErrors } from '../../../../components/server-errors.ts';
import type { Relationship } from '../../../../../../src/modules/patients/registration-types.ts';
import { addRelatedPerson, type NewRelatedPerson } from '../chart-api.ts';
import { useRefreshPatient } from '../chart-queries.ts';
import { RELATIONSHIP_LABEL } from '../labels.ts';
import { notify } from '../notify.ts';

const RELATIONSHIPS: Relationship[] = ['parent', 'guardian', 'spouse', 'child', 'other'];

/** The server's phone rule (field-errors.ts): 7 to 15 digits, written with + ( ) - . or spaces. */
export function phoneProblem(v: string): string | null {
  if (!v.trim()) return null;
  const digits = v.replace(/\D/g, '');
  return /^\+?[\d\s().-]+$/.test(v.trim()) && digits.length >= 7 && digits.length <= 15
    ? null
    : 'A phone number: 7 to 15 digits, with + ( ) - . or spaces only';
}

export function emailProblem(v: string): string | null {
  if (!v.trim()) return null;
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? null : 'An email address, like name@example.org';
}

interface Values {
  name: string;
  relationship: string;
  phone: string;
  email: string;
  birthDate: string;
}

export function AddRelatedPersonForm({ patientId, onDone }: { patientId: string; onDone: () => void }) {
  const refresh = useRefreshPatient();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { name: '', relationship: '', phone: '', email: '', birthDate: '' },
    validateInputOnChange: true,
    validate: {
      name: (v) => (!v.trim() ? 'Enter the name' : v.trim().length > 200 ? 'At most 200 characters' : null),
      relationship: (v) => (v ? null : 'Choose the relationship to the patient'),
      phone: phoneProblem,
      email: emailProblem,
      birthDate: (v) => (!v ? null : !/^\d{4}-\d{2}-\d{2}$/.test(v) ? 'A date' : v > todayDate() ? 'Cannot be in the future' : null),
    },
  });
  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setError(undefined);
    const body: NewRelatedPerson = {
      name: v.name.trim(),
      relationship: v.relationship as Relationship,
      ...(v.phone.trim() ? { phone: v.phone.trim() } : {}),
      ...(v.email.trim() ? { email: v.email.trim() } : {}),
      ...(v.birthDate ? { birthDate: v.birthDate } : {}),
    };
    try {
      const added = await addRelatedPerson(patientId, body);
      notify(`${added.name} is added to the family.`);
      form.reset();
      await refresh(patientId);
      onDone();
    } catch (err) {
      setError(applyServerErrors(form, err));
    } finally {
      setBusy(false);
    }
  });
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="add-relative-heading">
      <Title order={2} size="h4" id="add-relative-heading" mb="sm">
        Add a family member or representative
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert" title="Not added">
              {error}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Name" required autoComplete="off" data-autofocus {...form.getInputProps('name')} />
            <Select
              label="Relationship to the patient"
              required
              data={RELATIONSHIPS.map((r) => ({ value: r, label: RELATIONSHIP_LABEL[r] }))}
              {...form.getInputProps('relationship')}
            />
            <TextInput label="Phone" type="tel" autoComplete="off" {...form.getInputProps('phone')} />
            <TextInput label="Email" type="email" autoComplete="off" {...form.getInputProps('email')} />
            <TextInput label="Birth date" type="date" max={todayDate()} {...form.getInputProps('birthDate')} />
          </SimpleGrid>
          <Group>
            <Button type="submit" loading={busy}>
              Add
            </Button>
            <Button variant="default" onClick={onDone} disabled={busy}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
