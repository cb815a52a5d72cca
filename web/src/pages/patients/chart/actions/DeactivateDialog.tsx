/**
 * Deactivate: the record stays (history, documents) but is marked not in use, for a
 * duplicate awaiting merge or a registration made in error. The reason is kept on the record.
 */
import { Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { deactivatePatient, type ChartSummary } from '../chart-api.ts';
import { notify } from '../notify.ts';
import { ActionModal } from './ActionModal.tsx';
import { useAction } from './use-action.ts';

export function DeactivateDialog({ patient, opened, onClose }: { patient: ChartSummary['patient']; opened: boolean; onClose: () => void }) {
  const form = useForm({
    mode: 'controlled',
    initialValues: { reason: '' },
    validateInputOnChange: true,
    validate: {
      reason: (v) => (v.trim().length < 3 ? 'Say why, in at least 3 characters' : v.trim().length > 500 ? 'At most 500 characters' : null),
    },
  });
  const action = useAction(form);
  const submit = form.onSubmit(async ({ reason }) => {
    const done = await action.run([patient.id], () => deactivatePatient(patient.id, reason.trim()));
    if (!done.ok) return;
    notify(`${patient.name}'s record is deactivated.`, { color: 'gray' });
    form.reset();
    onClose();
  });
  return (
    <ActionModal
      opened={opened}
      onClose={onClose}
      title="Deactivate this record"
      error={action.error}
      busy={action.busy}
      confirmLabel="Deactivate record"
      confirmColor="red"
      onSubmit={submit}
    >
      <Text size="sm">
        {patient.name}'s record stays in Hale with its history, but is marked as not in use. Use this for a duplicate waiting to be merged
        or a registration made in error.
      </Text>
      <Textarea
        label="Reason"
        description="Kept on the record; the change history shows who gave it."
        required
        autosize
        minRows={2}
        data-autofocus
        {...form.getInputProps('reason')}
      />
    </ActionModal>
  );
}
