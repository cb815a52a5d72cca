/**
 * A date and time in a table cell, as two lines (day, then time), in the user's locale
 * (useFormat). On one line ("Dec 7, 2026, 10:12 AM", about 160 px) they ran into the next
 * column of the narrow time columns of the audit log, the break-glass review and the
 * message outbox. `seconds`: the audit log keeps them (the order of events matters there).
 */
import { useMemo } from 'react';
import { Text } from '@mantine/core';
import { useFormat } from '../i18n/locale.tsx';

export function DateTimeLines({ value, seconds = false }: { value: string; seconds?: boolean }) {
  const format = useFormat();
  const withSeconds = useMemo(
    () => new Intl.DateTimeFormat(format.locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
    [format.locale],
  );
  const at = new Date(value);
  const lines = Number.isNaN(at.getTime()) ? [value] : [format.date(at), seconds ? withSeconds.format(at) : format.time(at)];
  return (
    <>
      {lines.map((line, i) => (
        <Text key={i} size="sm" style={{ whiteSpace: 'nowrap' }}>
          {line}
        </Text>
      ))}
    </>
  );
}
