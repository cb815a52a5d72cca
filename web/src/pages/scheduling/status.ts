/**
 * The words and colours of appointment states and types. Colour never carries meaning alone:
 * every block and row also says its state and type in words. The reception's columns map
 * onto FHIR states (docs/scheduling.md, "Visit progress").
 */

export interface StatusInfo {
  label: string;
  /** Mantine colour name. */
  color: string;
}

export const STATUS: Record<string, StatusInfo> = {
  proposed: { label: 'Offered', color: 'grape' },
  pending: { label: 'Pending', color: 'yellow' },
  booked: { label: 'Booked', color: 'blue' },
  arrived: { label: 'Checked in', color: 'teal' },
  'checked-in': { label: 'In consultation', color: 'violet' },
  fulfilled: { label: 'Done', color: 'green' },
  cancelled: { label: 'Cancelled', color: 'gray' },
  noshow: { label: 'No-show', color: 'red' },
  'entered-in-error': { label: 'Entered in error', color: 'gray' },
  waitlist: { label: 'Waitlist', color: 'orange' },
};

export const statusInfo = (status: string): StatusInfo => STATUS[status] ?? { label: status, color: 'gray' };

export const TYPES: { value: string; label: string; color: string }[] = [
  { value: 'consultation', label: 'Consultation', color: 'blue' },
  { value: 'follow-up', label: 'Follow-up', color: 'cyan' },
  { value: 'procedure', label: 'Procedure', color: 'orange' },
  { value: 'emergency', label: 'Emergency', color: 'red' },
  { value: 'telemedicine', label: 'Telemedicine', color: 'indigo' },
];

export const typeInfo = (type: string | undefined) =>
  TYPES.find((t) => t.value === type) ?? { value: type ?? '', label: type ?? 'Visit', color: 'gray' };

export const PRIORITIES = [
  { value: 'routine', label: 'Routine' },
  { value: 'urgent', label: 'Urgent' },
  { value: 'asap', label: 'As soon as possible' },
  { value: 'stat', label: 'Immediately (stat)' },
];

/** The reception list's columns, in the order of a visit. */
export const TODAY_COLUMNS: { key: string; label: string; statuses: string[] }[] = [
  { key: 'expected', label: 'Expected', statuses: ['booked', 'pending'] },
  { key: 'arrived', label: 'Checked in', statuses: ['arrived'] },
  { key: 'consultation', label: 'In consultation', statuses: ['checked-in'] },
  { key: 'done', label: 'Done', statuses: ['fulfilled'] },
  { key: 'noshow', label: 'No-show', statuses: ['noshow'] },
  { key: 'cancelled', label: 'Cancelled', statuses: ['cancelled'] },
];

/** What can be done next with an appointment in this state. */
export const canCheckIn = (status: string) => status === 'booked' || status === 'pending';
export const canStart = (status: string) => status === 'arrived';
export const canComplete = (status: string) => status === 'arrived' || status === 'checked-in';
export const canMove = (status: string) => status === 'booked' || status === 'pending';
export const canCancel = (status: string) => status === 'booked' || status === 'pending' || status === 'proposed';

/** Words of the status history's actions. */
export const ACTIONS: Record<string, string> = {
  booked: 'Booked',
  overbooked: 'Booked over the schedule',
  rescheduled: 'Rescheduled',
  cancelled: 'Cancelled',
  'checked-in': 'Checked in',
  started: 'Consultation started',
  completed: 'Visit completed',
  'no-show': 'Marked as no-show',
  waitlisted: 'Added to the waitlist',
  offered: 'Offered a freed slot',
};
