/** The calendar entry's text rules: escaping, folding at 75 octets without splitting UTF-8, UTC times. */
import { describe, expect, it } from 'vitest';
import { addressOf, calendarFile, escapeText, foldLine, icsUtc } from './ics.ts';

const octets = (s: string) => new TextEncoder().encode(s).length;

describe('.ics text', () => {
  it('escapes backslashes, semicolons, commas and newlines', () => {
    expect(escapeText('Room 1; East wing, 2nd floor\\B\nbring results')).toBe('Room 1\\; East wing\\, 2nd floor\\\\B\\nbring results');
  });

  it('folds long lines at 75 octets and never splits a multi-byte character', () => {
    const line = `SUMMARY:${'Überweisung zur Kardiologie – Echokardiographie '.repeat(4)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) expect(octets(p)).toBeLessThanOrEqual(75);
    for (const p of parts.slice(1)) expect(p.startsWith(' ')).toBe(true);
    expect(parts.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(line);
    expect(folded).not.toContain('\uFFFD');
    expect(foldLine('SHORT:line')).toBe('SHORT:line');
  });

  it('writes a REQUEST or CANCEL with UTC times, CRLF line ends and the organizer', () => {
    const text = calendarFile({
      method: 'CANCEL',
      uid: 'appointment-a1@hale',
      sequence: 3,
      start: new Date('2026-05-06T07:00:00Z'),
      end: new Date('2026-05-06T07:20:00Z'),
      summary: 'Check-up, Dr Berg',
      location: 'Room 1',
      organizer: addressOf('Hale Clinic <appointments@clinic.test>'),
      attendee: { name: 'Test "Pat"', email: 'pat@example.test' },
      stamp: new Date('2026-05-01T10:00:00.123Z'),
    });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Hale//Appointments//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:CANCEL',
      'BEGIN:VEVENT',
      'UID:appointment-a1@hale',
      'SEQUENCE:3',
      'DTSTAMP:20260501T100000Z',
      'DTSTART:20260506T070000Z',
      'DTEND:20260506T072000Z',
      'SUMMARY:Check-up\\, Dr Berg',
      'LOCATION:Room 1',
      'STATUS:CANCELLED',
      'ORGANIZER;CN="Hale Clinic":mailto:appointments@clinic.test',
      'ATTENDEE;CN="Test Pat";ROLE=REQ-PARTICIPANT:mailto:pat@example.test',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ]);
    expect(icsUtc(new Date('2026-12-24T23:05:09Z'))).toBe('20261224T230509Z');
  });
});
