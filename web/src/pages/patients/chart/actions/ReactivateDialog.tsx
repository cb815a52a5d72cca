/** Reactivate: a record deactivated by mistake, or needed again, comes back into use. */
import { Text } from '@mantine/core';
import { reactivatePatient, type ChartSummary } from '../chart-api.ts';
import { notify } from '../notify.ts';
import { ActionModal } from './ActionModal.tsx';
import { useAction } from './use-action.ts';

export function ReactivateDialog({ patient, opened, onClose }: { patient: ChartSummary['patient']; opened: boolean; onClose: () => void }) {
  const action = useAction();
  const submit = async (event?: React.FormEvent) => {
    event?.preventDefault();
    const done = await action.run([patient.id], () => reactivatePatient(patient.id));
    if (!done.ok) return;
    notify(`${patient.name}'s record is active again.`);
    onClose();
  };
  return (
    <ActionModal
      opened={opened}
      onClose={onClose}
      title="Reactivate this record"
      error={action.error}
      busy={action.busy}
      confirmLabel="Reactivate record"
      onSubmit={submit}
    >
      <Text size="sm">{patient.name}'s record will be in use again: it appears in searches as active and can be booked and edited.</Text>
    </ActionModal>
  );
}
