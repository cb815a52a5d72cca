/**
 * Previous / next through a long list, saying where the reader is ("41–60 of 312"). Plain
 * buttons rather than page-number strips: they read well to a screen reader and work by keyboard.
 */
import { Button, Group, Text } from '@mantine/core';

export function Pager({
  offset,
  pageSize,
  total,
  onOffset,
  label,
}: {
  offset: number;
  pageSize: number;
  total: number;
  onOffset: (offset: number) => void;
  label: string;
}) {
  if (total <= pageSize && offset === 0) return null;
  // A link can point past the end (the list shrank since): say where the list ends instead of "61–60".
  const first = Math.min(offset + 1, total);
  const last = Math.min(offset + pageSize, total);
  return (
    <Group component="nav" aria-label={label} justify="space-between">
      <Text size="sm" aria-live="polite">
        {first}–{last} of {total}
      </Text>
      <Group gap="xs">
        <Button
          variant="default"
          size="xs"
          disabled={offset === 0}
          onClick={() => onOffset(Math.max(0, Math.min(offset, total) - pageSize))}
        >
          Previous page
        </Button>
        <Button variant="default" size="xs" disabled={offset + pageSize >= total} onClick={() => onOffset(offset + pageSize)}>
          Next page
        </Button>
      </Group>
    </Group>
  );
}
