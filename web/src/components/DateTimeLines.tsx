/**
 * A date and time in a table cell, as two lines (day, then time). On one line
 * ("Dec 7, 2026, 10:12 AM", about 160 px) they ran into the next column of the narrow
 * time columns of the audit log, the break-glass review and the message outbox.
 */
import { Text } from '@mantine/core';

export function DateTimeLines({ day, time }: { day: string; time: string }) {
  return (
    <>
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {day}
      </Text>
      {time && (
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {time}
        </Text>
      )}
    </>
  );
}
