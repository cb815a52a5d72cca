/**
 * Placeholders in message templates: `{{patientName}}`, `{{start}}` and the rest of
 * PLACEHOLDERS, with optional spaces inside the braces. Checking refuses unknown names and
 * unbalanced braces (a typo would otherwise reach patients as literal text); rendering
 * replaces each placeholder with its value. Values are plain text: messages are sent as
 * plain text, never HTML.
 */
export const PLACEHOLDERS = {
  patientName: "the patient's name",
  start: 'date and time of the appointment, in the place’s time zone and the message’s language',
  date: 'the date alone',
  time: 'the time alone',
  end: 'the end time',
  timeZone: 'the time zone the times are in (Europe/Berlin)',
  practitioner: 'who the appointment is with',
  location: 'the room or place',
  service: 'the service booked, or the kind of appointment',
} as const;

export type Placeholder = keyof typeof PLACEHOLDERS;
export type PlaceholderValues = Record<Placeholder, string>;

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Problems with a template text, as messages for its field (empty when it is fine). */
export function templateProblems(text: string): string[] {
  const problems: string[] = [];
  const unknown = new Set<string>();
  for (const m of text.matchAll(TOKEN)) {
    const name = m[1]!;
    if (!(name in PLACEHOLDERS)) unknown.add(name);
  }
  if (unknown.size) {
    const names = [...unknown].map((n) => `{{${n}}}`).join(', ');
    problems.push(
      `uses ${unknown.size === 1 ? 'an unknown placeholder' : 'unknown placeholders'} ${names}; known: ${Object.keys(PLACEHOLDERS)
        .map((k) => `{{${k}}}`)
        .join(', ')}`,
    );
  }
  const rest = text.replace(TOKEN, '');
  if (rest.includes('{{') || rest.includes('}}')) problems.push('has a "{{" or "}}" that does not belong to a placeholder like {{start}}');
  return problems;
}

export function renderTemplate(text: string, values: PlaceholderValues): string {
  return text.replace(TOKEN, (whole, name: string) => (name in values ? values[name as Placeholder] : whole));
}
