/**
 * The patient's photo, or their initials when there is none. The photo helps staff confirm
 * they have the right person; the initials are decoration next to the name and are hidden
 * from screen readers, which read the name itself.
 */
import { Avatar } from '@mantine/core';

/** "Ms. Amelia Rose Hartmann" -> "AH": first and last words, titles ("Ms.", "Dr.") left out. */
export function initials(name: string): string {
  const words = name.split(/\s+/).filter((w) => w && !w.endsWith('.'));
  if (!words.length) return '?';
  const first = words[0][0] ?? '';
  const last = words.length > 1 ? (words[words.length - 1][0] ?? '') : '';
  return (first + last).toUpperCase();
}

export function PatientAvatar({ name, photo, size = 72 }: { name: string; photo?: string; size?: number }) {
  if (photo) return <Avatar src={photo} alt={`Photo of ${name}`} size={size} radius="md" />;
  return (
    <Avatar size={size} radius="md" color="teal" aria-hidden>
      {initials(name)}
    </Avatar>
  );
}
