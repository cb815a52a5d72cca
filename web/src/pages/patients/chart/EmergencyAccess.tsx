/**
 * A doctor or nurse refused a chart (no care relationship, or the patient's Consent denies
 * it) may open it in an emergency by saying why (break-glass). The access lasts a limited
 * time, is recorded, goes to the review queue, and the patient and the privacy officer are
 * told (docs/access-control.md). Everyone else only sees why the chart is closed.
 */
import { useState } from 'react';
import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { applyServerErrors } from '../../../components/server-errors.ts';
import { requestEmergencyAccess } from './chart-api.ts';
import { patientKey } from './chart-queries.ts';

/** The server's rule (access/break-glass.ts). */
const MIN_REASON = 10;

export function EmergencyAccess({ patientId, refusal }: { patientId: string; refusal: string }) {
  const client = useQueryClient();
  const [banner, setBanner] = useState<string>();
  const form = useForm({
    mode: 'controlled',
    initialValues: { reason: '' },
    validate: {
      reason: (v) => (v.trim().length >= MIN_REASON ? null : `Say why, in at least ${MIN_REASON} characters`),
    },
  });
  const grant = useMutation({
    mutationFn: (reason: string) => requestEmergencyAccess(patientId, reason.trim()),
    onSuccess: () => client.invalidateQueries({ queryKey: patientKey(patientId) }),
    onError: (err) => setBanner(applyServerErrors(form, err)),
  });
  return (
    <Stack maw={640}>
      <Alert color="orange" role="alert" title="This chart is outside your care relationships">
        {refusal}
      </Alert>
      <form
        onSubmit={form.onSubmit((values) => {
          setBanner(undefined);
          grant.mutate(values.reason);
        })}
        noValidate
        aria-label="Emergency access"
      >
        <Stack>
          <Text size="sm">
            In an emergency you may open it anyway. The access lasts one hour, is recorded with your reason, and is reviewed; the patient
            and the privacy officer are told.
          </Text>
          {banner && (
            <Alert color="red" role="alert">
              {banner}
            </Alert>
          )}
          <Textarea label="Reason for emergency access" required autosize minRows={3} {...form.getInputProps('reason')} />
          <Group>
            <Button type="submit" color="red.9" loading={grant.isPending}>
              Open with emergency access
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
