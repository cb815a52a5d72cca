/** What a page shows while its code or data loads. */
import { Group, Loader, Text } from '@mantine/core';

export function PageLoading() {
  return (
    <Group p="xl" role="status">
      <Loader size="sm" aria-hidden /> <Text>Loading…</Text>
    </Group>
  );
}
