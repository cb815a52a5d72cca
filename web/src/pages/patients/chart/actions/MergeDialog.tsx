/**
 * Merge this record into another: pick the record to keep, compare the two side by side,
 * say why, confirm. Everything of this record moves to the one kept, so the user is taken
 * there afterwards. An administrator can undo it from this record's chart.
 */
import { useState } from 'react';
import { Alert, Checkbox, Loader, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate } from 'react-router';
import { mergePatients, type ChartSummary, type PatientSummary } from '../chart-api.ts';
import { useRegistration } from '../chart-queries.ts';
import { notify } from '../notify.ts';
import { ActionModal } from './ActionModal.tsx';
import { MergeCompare, sourceSide, targetSide } from './MergeCompare.tsx';
import { MergeTargetSearch } from './MergeTargetSearch.tsx';
import { useAction } from './use-action.ts';

export function MergeDialog({ summary, opened, onClose }: { summary: ChartSummary; opened: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const source = summary.patient;
  const registration = useRegistration(source.id, opened);
  const [target, setTarget] = useState<PatientSummary>();
  const form = useForm({
    mode: 'controlled',
    initialValues: { targetId: '', reason: '', confirmed: false },
    validateInputOnChange: ['reason', 'confirmed'],
    validate: {
      targetId: (v) => (v ? null : 'Choose the record to keep'),
      reason: (v) =>
        v.trim().length < 5 ? 'Say why, in at least 5 characters' : v.trim().length > 1000 ? 'At most 1000 characters' : null,
      confirmed: (v) => (v ? null : 'Confirm that both records are the same person'),
    },
  });
  const action = useAction(form);
  const submit = form.onSubmit(async ({ targetId, reason }) => {
    const done = await action.run([source.id, targetId], () => mergePatients({ sourceId: source.id, targetId, reason: reason.trim() }));
    if (!done.ok) return;
    const moved = done.value.moved.length;
    notify(`${source.name} was merged into this record${moved ? `; ${moved} linked ${moved === 1 ? 'item' : 'items'} moved` : ''}.`, {
      title: 'Records merged',
    });
    onClose();
    navigate(`/patients/${done.value.targetId}`);
  });
  return (
    <ActionModal
      opened={opened}
      onClose={onClose}
      title="Merge into another record"
      size="xl"
      error={action.error}
      busy={action.busy}
      confirmLabel={target ? `Merge into ${target.name}` : 'Merge records'}
      confirmColor="violet"
      onSubmit={submit}
    >
      <Text size="sm">
        Use this when one person has two records. This record ({source.name}
        {source.mrn ? `, MRN ${source.mrn}` : ''}) is closed, and everything that belongs to it moves to the record you keep.
      </Text>
      <MergeTargetSearch
        excludeId={source.id}
        value={target}
        onChange={(t) => {
          setTarget(t);
          form.setFieldValue('targetId', t.id);
        }}
        error={form.errors.targetId as string | undefined}
      />
      {target &&
        (registration.isPending ? (
          <Loader size="xs" aria-label="Loading this record's details" />
        ) : (
          <>
            {registration.isError && (
              <Alert color="blue" role="alert">
                This record's phone, address and identifiers could not be loaded ({registration.error.message}); compare by name, birth date
                and MRN.
              </Alert>
            )}
            <MergeCompare source={sourceSide(summary, registration.data)} target={targetSide(target)} />
          </>
        ))}
      <Textarea
        label="Reason for the merge"
        description="For example: registered twice, at the front desk and in the emergency department."
        required
        autosize
        minRows={2}
        {...form.getInputProps('reason')}
      />
      <Checkbox label="I have checked that both records are the same person" {...form.getInputProps('confirmed', { type: 'checkbox' })} />
    </ActionModal>
  );
}
