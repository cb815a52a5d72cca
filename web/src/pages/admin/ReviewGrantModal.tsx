/**
 * Close a break-glass grant: was the emergency access justified, and why. The note is what
 * a later reader of the file relies on, so it is required; a refused review keeps what was
 * written.
 */
import { useState } from 'react';
import { Alert, Button, Group, Modal, Radio, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { applyServerErrors } from '../../components/server-errors.ts';
import { reviewBreakGlass, type BreakGlassGrant } from './admin-api.ts';
import { OUTCOME_LABEL, reviewNote, type ReviewOutcome } from './review-outcome.ts';

/** The server keeps 2000 characters; the outcome takes a few of them. */
const MAX_NOTE = 1900;

interface ReviewValues {
  outcome: ReviewOutcome | '';
  note: string;
}

export function ReviewGrantModal({ grant, who, onClose }: { grant: BreakGlassGrant | undefined; who: string; onClose: () => void }) {
  const client = useQueryClient();
  const [banner, setBanner] = useState<string>();
  const form = useForm<ReviewValues>({
    mode: 'controlled',
    initialValues: { outcome: '', note: '' },
    validateInputOnChange: true,
    validate: {
      outcome: (v) => (v ? null : 'Choose whether the access was justified'),
      note: (v) =>
        !v.trim() ? 'Write what you checked and found' : v.length > MAX_NOTE ? `At most ${MAX_NOTE} characters (${v.length} now)` : null,
    },
  });
  const review = useMutation({
    mutationFn: (values: ReviewValues) => reviewBreakGlass(grant!.id, reviewNote(values.outcome as ReviewOutcome, values.note)),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['admin', 'break-glass'] });
      form.reset();
      setBanner(undefined);
      onClose();
    },
    onError: (err) => setBanner(applyServerErrors(form, err)),
  });

  return (
    <Modal opened={!!grant} onClose={onClose} title="Review emergency access" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      {grant && (
        <form
          onSubmit={form.onSubmit((values) => {
            setBanner(undefined);
            review.mutate(values);
          })}
          noValidate
        >
          <Stack>
            <Text size="sm">
              <strong>{who}</strong> opened the record of patient <strong>{grant.patientId}</strong>, giving this reason:
            </Text>
            <Text size="sm" p="sm" bg="gray.0" style={{ borderRadius: 4, whiteSpace: 'pre-wrap' }}>
              {grant.reason}
            </Text>
            {banner && (
              <Alert color="red" role="alert">
                {banner}
              </Alert>
            )}
            <Radio.Group label="Outcome" withAsterisk {...form.getInputProps('outcome')}>
              <Group mt="xs">
                {(Object.keys(OUTCOME_LABEL) as ReviewOutcome[]).map((o) => (
                  <Radio key={o} value={o} label={OUTCOME_LABEL[o]} />
                ))}
              </Group>
            </Radio.Group>
            <Textarea
              label="Review note"
              description="What you checked (the audit trail, the clinical situation) and what follows from it."
              required
              rows={4}
              {...form.getInputProps('note')}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={review.isPending}>
                Save review
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
