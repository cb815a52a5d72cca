/**
 * Cancel an appointment: the patient says why (the clinic sees it), and confirms. Focus
 * starts on "Keep appointment" so a stray Enter cancels nothing; a refusal (the cut-off
 * passed meanwhile) shows inside the dialog in the server's words.
 */
import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { AppointmentSummary } from './AppointmentSummary.tsx';
import { refusalText } from './booking-errors.ts';
import { PORTAL_KEY, cancelAppointment, type PortalAppointment } from './portal-api.ts';

export function CancelAppointmentModal({
  appointment,
  onClose,
  onCancelled,
}: {
  appointment: PortalAppointment | undefined;
  onClose: () => void;
  onCancelled: (a: PortalAppointment) => void;
}) {
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const cancel = useMutation({
    mutationFn: () => cancelAppointment(appointment!.id, reason.trim()),
    onSuccess: (r) => {
      void client.invalidateQueries({ queryKey: PORTAL_KEY });
      setReason('');
      onCancelled(r.appointment);
    },
  });
  const close = () => {
    cancel.reset();
    setMissing(false);
    onClose();
  };

  return (
    <Modal opened={!!appointment} onClose={close} title="Cancel this appointment?" size="md" closeButtonProps={{ 'aria-label': 'Close' }}>
      {appointment && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!reason.trim()) {
              setMissing(true);
              return;
            }
            cancel.mutate();
          }}
        >
          <Stack>
            <AppointmentSummary {...appointment} />
            <Textarea
              label="Why are you cancelling?"
              description="The clinic sees this. For example: feeling better, cannot make it that day."
              required
              value={reason}
              onChange={(e) => {
                setReason(e.currentTarget.value);
                if (e.currentTarget.value.trim()) setMissing(false);
              }}
              error={missing ? 'Please say briefly why you are cancelling' : undefined}
              maxLength={500}
              autosize
              minRows={2}
            />
            {cancel.isError && (
              <Alert color="red" role="alert" title="The appointment was not cancelled">
                {refusalText(cancel.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close} data-autofocus>
                Keep appointment
              </Button>
              <Button type="submit" color="red" loading={cancel.isPending}>
                Cancel appointment
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
