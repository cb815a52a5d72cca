/**
 * One titled part of the summary. A part the role may not read says so, rather than looking
 * empty: "nothing recorded" and "not shown to you" must never look alike.
 */
import type { ReactNode } from 'react';
import { Card, Text, Title } from '@mantine/core';

export function SummarySection({ title, restricted, children }: { title: string; restricted?: boolean; children?: ReactNode }) {
  const id = `summary-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="sm">
        {title}
      </Title>
      {restricted ? (
        <Text size="sm" c="dimmed">
          Not visible to your role.
        </Text>
      ) : (
        children
      )}
    </Card>
  );
}

/** An empty part, in words. */
export function Nothing({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed">
      {children}
    </Text>
  );
}
