/**
 * The calendar entry sent with appointment emails (RFC 5545, with RFC 5546's METHOD):
 * REQUEST for a booking, a reminder or a move, CANCEL for a cancellation. The UID is the
 * same for every message about one appointment and SEQUENCE grows with its version, so a
 * calendar updates (or removes) the entry it already has instead of adding another.
 * Times are UTC (`...Z`), which every calendar reads without a VTIMEZONE block.
 *
 * Written by hand rather than with a library: one event, and the two rules that matter are
 * here and tested (ics.test.ts): text escaping, and folding lines at 75 octets without
 * splitting a UTF-8 character.
 */
export interface CalendarEvent {
  method: 'REQUEST' | 'CANCEL';
  /** Stable per appointment. */
  uid: string;
  /** Grows with each change (the appointment's version). */
  sequence: number;
  start: Date;
  end: Date;
  summary: string;
  location?: string;
  description?: string;
  /** mailto: of the sender and the patient; RFC 5546 wants both for REQUEST and CANCEL. */
  organizer: { name?: string; email: string };
  attendee?: { name?: string; email: string };
  /** When this entry was made (DTSTAMP). */
  stamp: Date;
}

/** 20260506T070000Z */
export function icsUtc(d: Date): string {
  return d
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline. */
export function escapeText(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** A parameter value (CN=...): quoted, without the characters a quoted value may not hold. */
function paramValue(s: string): string {
  return `"${s.replace(/["\r\n]/g, '').replace(/[\x00-\x08\x0a-\x1f\x7f]/g, '')}"`;
}

const encoder = new TextEncoder();

/**
 * Folds a content line (RFC 5545 3.1): at most 75 octets per line, continuation lines
 * start with one space; a multi-byte UTF-8 character is never split.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
      limit = 74; // the leading space takes one octet
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

function mailto(p: { name?: string; email: string }, role?: string): string {
  const params = [...(p.name ? [`CN=${paramValue(p.name)}`] : []), ...(role ? [role] : [])];
  return `${params.length ? `;${params.join(';')}` : ''}:mailto:${p.email}`;
}

export function calendarFile(e: CalendarEvent): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Hale//Appointments//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${e.method}`,
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `SEQUENCE:${e.sequence}`,
    `DTSTAMP:${icsUtc(e.stamp)}`,
    `DTSTART:${icsUtc(e.start)}`,
    `DTEND:${icsUtc(e.end)}`,
    `SUMMARY:${escapeText(e.summary)}`,
    ...(e.location ? [`LOCATION:${escapeText(e.location)}`] : []),
    ...(e.description ? [`DESCRIPTION:${escapeText(e.description)}`] : []),
    `STATUS:${e.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    `ORGANIZER${mailto(e.organizer)}`,
    ...(e.attendee ? [`ATTENDEE${mailto(e.attendee, 'ROLE=REQ-PARTICIPANT')}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** The address inside 'Name <a@b>' (or the text itself). */
export function addressOf(mailbox: string): { name?: string; email: string } {
  const m = /^\s*(.*?)\s*<\s*([^<>\s]+)\s*>\s*$/.exec(mailbox);
  if (!m) return { email: mailbox.trim() };
  const name = m[1]!.replace(/^"|"$/g, '').trim();
  return { ...(name ? { name } : {}), email: m[2]! };
}
