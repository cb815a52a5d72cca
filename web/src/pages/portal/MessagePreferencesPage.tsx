/**
 * /portal/messages: the patient chooses how the clinic reminds them of appointments (email,
 * text message, WhatsApp), in which language, and when not to be disturbed.
 */
import { Stack, Text, Title } from '@mantine/core';
import { useMe } from '../../auth/session-context.tsx';
import { NotificationPreferencesForm } from '../notifications/NotificationPreferencesForm.tsx';

export default function MessagePreferencesPage() {
  const me = useMe();
  const patientId = me.user.patientId;
  return (
    <Stack gap="md" maw={640}>
      <Title order={1}>Reminders and messages</Title>
      {patientId ? (
        <NotificationPreferencesForm patientId={patientId} heading="How we contact you about appointments" />
      ) : (
        <Text>This account is not linked to a patient record; ask the clinic to link it.</Text>
      )}
    </Stack>
  );
}
