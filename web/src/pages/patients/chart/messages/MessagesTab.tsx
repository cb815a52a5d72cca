/**
 * The chart's "Messages" tab: how this patient wants appointment messages (channels, language,
 * quiet hours), edited by the front desk or a clinician on the patient's word. The form is
 * the notifications module's, the same the patient uses in the portal.
 */
import { NotificationPreferencesForm } from '../../../notifications/NotificationPreferencesForm.tsx';
import type { ChartTabProps } from '../chart-tabs.ts';

export default function MessagesTab({ patientId }: ChartTabProps) {
  return <NotificationPreferencesForm patientId={patientId} heading="Appointment messages" />;
}
