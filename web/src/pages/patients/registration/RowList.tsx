/** A list of repeated rows in a form (phones, addresses…): add, remove, each row labelled by its number. */
import type { ReactNode } from 'react';
import { Button, CloseButton, Group, Paper, Stack, Text } from '@mantine/core';

export function RowList<T>({
  items,
  noun,
  onAdd,
  onRemove,
  renderRow,
  max = 10,
  minRows = 0,
}: {
  items: T[];
  noun: string;
  onAdd: () => void;
  onRemove: (index: number) => void;
  renderRow: (item: T, index: number) => ReactNode;
  max?: number;
  minRows?: number;
}) {
  return (
    <Stack gap="xs">
      {items.length === 0 && (
        <Text size="sm" c="dimmed">
          None.
        </Text>
      )}
      {items.map((item, i) => (
        <Paper key={i} withBorder p="xs" radius="sm" role="group" aria-label={`${noun} ${i + 1}`}>
          <Group align="flex-start" wrap="nowrap">
            <div style={{ flex: 1 }}>{renderRow(item, i)}</div>
            {items.length > minRows && <CloseButton aria-label={`Remove ${noun} ${i + 1}`} onClick={() => onRemove(i)} mt={24} />}
          </Group>
        </Paper>
      ))}
      {items.length < max && (
        <Button variant="light" size="xs" w="fit-content" onClick={onAdd}>
          Add {items.length ? 'another ' : ''}
          {noun}
        </Button>
      )}
    </Stack>
  );
}
