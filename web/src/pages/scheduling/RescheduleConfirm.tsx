/**
 * Confirming a move: the old and the new time in the location's zone, and the reason the
 * status history keeps. The server decides (availability, double booking); when it refuses,
 * its message is shown here and the block goes back to where it was.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { ApiError } from '../../api/http.ts';
import { useFormat } from '../../i18n/locale.tsx';
import { rescheduleAppointment, type AppointmentSummary } from './scheduling-api.ts';
import { zoneAbbreviation, zoneFormat } from './zone-time.ts';

export interface Move {
  appointment: AppointmentSummary;
  start: Date;
  end: Date;
}

export function RescheduleConfirm({
  move,
  timeZone,
  onDone,
  onCancel,
  onRefused,
}: {
  move: Move | undefined;
  timeZone: string;
  /** Saved: the caller refreshes its lists. */
  onDone: () => void;
  /** Not moved (closed or refused): the block goes back. */
  onCancel: () => void;
  /** The server refused: the block goes back at once, while the message stays up. */
  onRefused?: () => void;
}) {
  const { locale } = useFormat();
  const fmt = zoneFormat(locale, timeZone);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const [refused, setRefused] = useState<string>();
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    setReason('');
    setReasonError(undefined);
    setRefused(undefined);
  }, [move]);
  if (!move) return null;
  const a = move.appointment;
  const span = (s: string | Date, e: string | Date) => `${fmt.dateTime(s)} – ${fmt.time(e)}`;

  const confirm = async () => {
    if (!reason.trim()) {
      setReasonError('Give the reason for the move: it is kept in the history');
      return;
    }
    setSaving(true);
    try {
      await rescheduleAppointment(a.id, { start: move.start.toISOString(), end: move.end.toISOString(), reason: reason.trim() });
      onDone();
    } catch (err) {
      const message = err instanceof ApiError ? err.message : 'The appointment could not be moved. Try again.';
      if (err instanceof ApiError && err.fieldMessage('reason')) setReasonError(err.fieldMessage('reason'));
      else {
        setRefused(message);
        onRefused?.();
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened onClose={onCancel} title="Move this appointment?" size="lg">
      <Stack>
        <Text size="sm">
          {a.patient?.display ?? 'Patient'} with {a.practitioner?.display ?? 'the practitioner'}
          {a.location?.display ? `, ${a.location.display}` : ''}. Times in {timeZone}
          {zoneAbbreviation(timeZone, move.start) !== timeZone ? ` (${zoneAbbreviation(timeZone, move.start)})` : ''}.
        </Text>
        <Table withRowBorders={false} aria-label="Old and new time">
          <Table.Tbody>
            <Table.Tr>
              <Table.Th scope="row" w={80}>
                From
              </Table.Th>
              <Table.Td>{a.start && a.end ? span(a.start, a.end) : '—'}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row">To</Table.Th>
              <Table.Td fw={700}>{span(move.start, move.end)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        {refused ? (
          <>
            <Alert color="red" role="alert" title="Not moved">
              {refused}
            </Alert>
            <Text size="sm">The appointment keeps its time.</Text>
            <Group justify="flex-end">
              <Button onClick={onCancel} data-autofocus>
                Close
              </Button>
            </Group>
          </>
        ) : (
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void confirm();
            }}
          >
            <Stack>
              <TextInput
                label="Reason for the move"
                description="Kept in the appointment's history with your name and the time."
                required
                value={reason}
                onChange={(e) => {
                  setReason(e.currentTarget.value);
                  setReasonError(undefined);
                }}
                error={reasonError}
                data-autofocus
              />
              <Group justify="flex-end">
                <Button variant="default" onClick={onCancel}>
                  Keep the old time
                </Button>
                <Button type="submit" loading={saving}>
                  Move appointment
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Modal>
  );
}
