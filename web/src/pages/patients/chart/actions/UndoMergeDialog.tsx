/**
 * Undo a merge (administrators), from the record that was merged away. The merge is found from
 * its Provenance: the chart summary names the record kept but not the merge itself.
 */
import { Alert, Loader, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useFormat } from '../../../../i18n/locale.tsx';
import { findMergeRecord, undoMerge, type ChartSummary } from '../chart-api.ts';
import { notify } from '../notify.ts';
import { ActionModal } from './ActionModal.tsx';
import { useAction } from './use-action.ts';

export function UndoMergeDialog({ patient, opened, onClose }: { patient: ChartSummary['patient']; opened: boolean; onClose: () => void }) {
  const format = useFormat();
  const targetId = patient.mergedInto!;
  const record = useQuery({
    queryKey: ['patient', patient.id, 'merge-record', targetId],
    queryFn: ({ signal }) => findMergeRecord(patient.id, targetId, signal),
    enabled: opened,
  });
  const action = useAction();
  const mergeId = record.data?.mergeId;
  const submit = async (event?: React.FormEvent) => {
    event?.preventDefault();
    if (!mergeId) return;
    const done = await action.run([patient.id, targetId], () => undoMerge(mergeId));
    if (!done.ok) return;
    const restored = done.value.restored.length;
    notify(
      `${patient.name}'s record is separate again${restored ? `; ${restored} linked ${restored === 1 ? 'item' : 'items'} moved back` : ''}.`,
      { title: 'Merge undone' },
    );
    onClose();
  };
  return (
    <ActionModal
      opened={opened}
      onClose={onClose}
      title="Undo the merge"
      error={action.error}
      busy={action.busy}
      confirmLabel="Undo merge"
      confirmColor="violet"
      onSubmit={submit}
    >
      <Text size="sm">
        {patient.name}'s record becomes separate and active again, and what the merge moved to the other record comes back here. Changes
        made on the other record since the merge are kept.
      </Text>
      {record.isPending && (
        <Text size="sm" role="status">
          <Loader size="xs" aria-hidden /> Finding the merge…
        </Text>
      )}
      {record.isError && (
        <Alert color="red" role="alert">
          {record.error.message}
        </Alert>
      )}
      {record.isSuccess && !mergeId && (
        <Alert color="blue" role="alert">
          No merge record of this record into the other was found, so it cannot be undone here.
        </Alert>
      )}
      {record.data && (
        <Text size="sm">
          Merged {format.dateTime(record.data.recorded)}
          {record.data.reason ? `, because: “${record.data.reason}”` : ''}.
        </Text>
      )}
    </ActionModal>
  );
}
