/**
 * The fields one version changed, each "before → after". A creation lists every value the
 * record was made with, which is long: it is folded behind a button, as are long edits.
 */
import { useState } from 'react';
import { Button, Code, List, Text } from '@mantine/core';
import type { PatientVersionChange } from '../chart-api.ts';
import { readablePath, valueText } from './change-paths.ts';

const FOLD_AFTER = 6;

function Value({ value, kind }: { value: unknown; kind: 'before' | 'after' }) {
  const text = valueText(value);
  if (text === null)
    return (
      <Text span size="sm" c="dimmed" fs="italic">
        empty
      </Text>
    );
  return (
    <Code style={kind === 'before' ? { textDecoration: 'line-through' } : undefined} c={kind === 'before' ? 'red.9' : 'teal.9'}>
      {text}
    </Code>
  );
}

export function ChangeList({ version }: { version: PatientVersionChange }) {
  // Server housekeeping, not a change anyone made.
  const changes = version.changes.filter((c) => c.path !== 'resourceType' && c.path !== 'id');
  const fold = version.action === 'create' || changes.length > FOLD_AFTER + 2;
  const [open, setOpen] = useState(false);
  if (version.action === 'delete') return <Text size="sm">Record deleted.</Text>;
  if (!changes.length)
    return (
      <Text size="sm" c="dimmed">
        No field changed (saved as it was).
      </Text>
    );
  const shown = fold && !open ? (version.action === 'create' ? [] : changes.slice(0, FOLD_AFTER)) : changes;
  return (
    <>
      {version.action === 'create' && <Text size="sm">Record created with {changes.length} values.</Text>}
      {shown.length > 0 && (
        <List size="sm" spacing={2} listStyleType="none" pl={0}>
          {shown.map((c, i) => (
            <List.Item key={`${c.path}-${i}`}>
              <Text span size="sm" fw={600} title={c.path}>
                {readablePath(c.path)}
              </Text>
              {': '}
              {version.action === 'create' ? (
                <Value value={c.after} kind="after" />
              ) : (
                <>
                  <span className="visually-hidden">from </span>
                  <Value value={c.before} kind="before" />
                  <span aria-hidden> → </span>
                  <span className="visually-hidden"> to </span>
                  <Value value={c.after} kind="after" />
                </>
              )}
            </List.Item>
          ))}
        </List>
      )}
      {fold && (
        <Button size="compact-xs" variant="subtle" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
          {open ? 'Show fewer' : version.action === 'create' ? `Show the ${changes.length} values` : `Show all ${changes.length} changes`}
        </Button>
      )}
    </>
  );
}
