/**
 * Grant portal access to a family member: a patient-portal account that sees this patient's
 * record. The server allows it for a minor's family or a legal guardian; its reason when it
 * refuses (an adult's spouse) is shown as it gives it.
 */
import { useState } from 'react';
import { Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { applyServerErrors } from '../../../../components/server-errors.ts';
import { ActionModal } from '../actions/ActionModal.tsx';
import { grantPortalAccess, type RelatedPersonView } from '../chart-api.ts';
import { useRefreshPatient } from '../chart-queries.ts';
import { emailProblem } from './AddRelatedPersonForm.tsx';
import type { Granted } from './TemporaryPasswordModal.tsx';

/** "Thomas Hartmann" -> "thomas.hartmann": a username to start from. */
export const suggestedUsername = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');

export function PortalAccessDialog({
  patientId,
  person,
  onClose,
  onGranted,
}: {
  patientId: string;
  person: RelatedPersonView;
  onClose: () => void;
  onGranted: (granted: Granted) => void;
}) {
  const refresh = useRefreshPatient();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const form = useForm({
    mode: 'controlled',
    initialValues: { username: suggestedUsername(person.name), email: person.email ?? '' },
    validateInputOnChange: true,
    validate: {
      username: (v) => (!v.trim() ? 'Choose a username' : v.trim().length < 3 ? 'At least 3 characters' : null),
      email: emailProblem,
    },
  });
  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await grantPortalAccess(patientId, person.id, {
        username: v.username.trim(),
        ...(v.email.trim() ? { email: v.email.trim() } : {}),
      });
      onGranted({ personName: person.name, username: result.user.username, temporaryPassword: result.temporaryPassword });
      await refresh(patientId);
    } catch (err) {
      setError(applyServerErrors(form, err));
    } finally {
      setBusy(false);
    }
  });
  return (
    <ActionModal
      opened
      onClose={onClose}
      title={`Portal access for ${person.name}`}
      error={error}
      errorTitle="Portal access not granted"
      busy={busy}
      confirmLabel="Grant access"
      onSubmit={submit}
    >
      <Text size="sm">
        {person.name} gets their own sign-in to the patient portal and sees this patient's record. This is for a minor's family or a legal
        guardian; an adult patient can have their own account.
      </Text>
      <TextInput
        label="Username"
        description="What they sign in with."
        required
        autoComplete="off"
        data-autofocus
        {...form.getInputProps('username')}
      />
      <TextInput
        label="Email"
        description="Where the portal writes to them; kept on their record."
        type="email"
        autoComplete="off"
        {...form.getInputProps('email')}
      />
    </ActionModal>
  );
}
