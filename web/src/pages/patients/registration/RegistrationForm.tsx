/**
 * The registration form, for a new patient and for editing one. Validates as the user
 * types, checks for duplicates while they type, and on save asks the server, which
 * validates again: its field messages appear next to the fields and nothing typed is lost.
 */
import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { applyServerErrors } from '../../../components/server-errors.ts';
import { RegistrationFormProvider } from './form-context.ts';
import { serverFieldAliases, toRegistration, type FormValues } from './form-values.ts';
import { registrationRules } from './validate.ts';
import { IdentitySection } from './IdentitySection.tsx';
import { ContactSection, IdentifiersSection } from './ContactSection.tsx';
import { CareSection } from './CareSection.tsx';
import { InsuranceSection } from './InsuranceSection.tsx';
import { PreferencesSection } from './PreferencesSection.tsx';
import { CandidateList, DuplicatePanel } from './DuplicatePanel.tsx';
import { useDuplicateCheck } from './use-duplicate-check.ts';
import type { Registration } from '../patient-api.ts';

export function RegistrationForm({
  initialValues,
  excludeId,
  submitLabel,
  onSave,
  onCancel,
}: {
  initialValues: FormValues;
  /** When editing: the patient itself is not its own duplicate. */
  excludeId?: string;
  submitLabel: string;
  onSave: (registration: Registration) => Promise<void>;
  onCancel?: () => void;
}) {
  const [error, setError] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const [saving, setSaving] = useState(false);
  const form = useForm<FormValues>({
    mode: 'controlled',
    initialValues,
    validate: registrationRules,
    validateInputOnChange: true,
  });
  const values = form.getValues();
  const duplicates = useDuplicateCheck(values, excludeId);
  const candidates = duplicates.data ?? [];

  const save = async () => {
    setConfirming(false);
    setSaving(true);
    setError(undefined);
    try {
      await onSave(toRegistration(form.getValues()));
    } catch (err) {
      setError(applyServerErrors(form, err, serverFieldAliases(form.getValues())) ?? 'The server found problems; they are marked above.');
      requestAnimationFrame(() => document.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus());
    } finally {
      setSaving(false);
    }
  };

  const submit = form.onSubmit(
    () => {
      if (candidates.length && !excludeId) setConfirming(true);
      else void save();
    },
    () => {
      setError('Some entries need attention; they are marked above.');
      // Take the user to the first problem: on a long form it may be far above the button.
      requestAnimationFrame(() => document.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus());
    },
  );

  return (
    <RegistrationFormProvider form={form}>
      <form onSubmit={submit} noValidate aria-label={submitLabel}>
        <Stack>
          <IdentitySection />
          <DuplicatePanel candidates={candidates} checking={duplicates.isFetching} />
          <ContactSection />
          <IdentifiersSection />
          <CareSection />
          <InsuranceSection />
          <PreferencesSection />
          {error && (
            <Alert color="red" role="alert" title="Not saved">
              {error}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={saving}>
              {submitLabel}
            </Button>
            {onCancel && (
              <Button variant="default" onClick={onCancel}>
                Cancel
              </Button>
            )}
          </Group>
        </Stack>
      </form>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Register a new patient anyway?" size="lg">
        <Text size="sm" mb="sm">
          These records look like the same person. Registering again makes a duplicate record that will need merging later.
        </Text>
        <CandidateList candidates={candidates} />
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
            Go back
          </Button>
          <Button color="orange" onClick={() => void save()}>
            It is someone else: register
          </Button>
        </Group>
      </Modal>
    </RegistrationFormProvider>
  );
}
