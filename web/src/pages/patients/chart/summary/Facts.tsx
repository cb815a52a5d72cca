/** Label and value pairs as a description list, so a screen reader reads each value with its label. Empty values are left out. */
import { Fragment, type ReactNode } from 'react';
import { Box, Text } from '@mantine/core';

export function Facts({ items }: { items: [string, ReactNode][] }) {
  const shown = items.filter(([, v]) => v !== undefined && v !== null && v !== '' && v !== false);
  return (
    <Box component="dl" m={0} style={{ display: 'grid', gridTemplateColumns: 'minmax(120px, max-content) 1fr', columnGap: 16, rowGap: 6 }}>
      {shown.map(([name, value], i) => (
        <Fragment key={`${i}-${name}`}>
          <Text component="dt" size="sm" c="dimmed">
            {name}
          </Text>
          <Text component="dd" size="sm" m={0}>
            {value}
          </Text>
        </Fragment>
      ))}
    </Box>
  );
}
