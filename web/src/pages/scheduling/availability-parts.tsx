/** The small pieces the availability editor's lists are made of, and their edits. */
import type { ReactNode } from 'react';
import { ActionIcon, Card, Checkbox, Group, Text } from '@mantine/core';
import { WEEKDAYS, WEEKDAY_NAMES, type LocationForm } from './availability-form.ts';

/** A change to one room's form; `clear` names the field whose server error the change answers. */
export type EditRoom = (change: (l: LocationForm) => LocationForm, clear?: string) => void;

/** The server's message for a field path, if any. */
export type FieldError = (path: string) => string | undefined;

type ListKey = 'rules' | 'breaks' | 'exceptions';

/** Set, remove and add entries of one of a room's lists, each edit clearing the error of the field it changes. */
export function listEdits<K extends ListKey>(key: K, base: string, edit: EditRoom) {
  type Item = LocationForm[K][number];
  const at = (i: number) => `${base}.${key}.${i}`;
  return {
    at,
    set: (i: number, patch: Partial<Item>, field: string) =>
      edit((l) => ({ ...l, [key]: (l[key] as Item[]).map((y, j) => (j === i ? { ...y, ...patch } : y)) }), `${at(i)}.${field}`),
    remove: (i: number) => edit((l) => ({ ...l, [key]: (l[key] as Item[]).filter((_, j) => j !== i) })),
    add: (item: Item) => edit((l) => ({ ...l, [key]: [...(l[key] as Item[]), item] })),
  };
}

export function DayChecks({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string[];
  onChange: (v: string[]) => void;
  error?: string;
}) {
  return (
    <Checkbox.Group label={label} value={value} onChange={onChange} error={error}>
      <Group gap="xs" mt={4}>
        {WEEKDAYS.map((d) => (
          <Checkbox key={d} value={d} label={WEEKDAY_NAMES[d]!.slice(0, 3)} title={WEEKDAY_NAMES[d]} />
        ))}
      </Group>
    </Checkbox.Group>
  );
}

export function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <ActionIcon variant="subtle" color="red" aria-label={label} onClick={onClick} mt={24}>
      ✕
    </ActionIcon>
  );
}

/** One entry of a list, as a fieldset named by its legend. */
export function Row({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="sm" radius="sm" component="fieldset" style={{ margin: 0 }}>
      <legend>
        <Text size="sm" fw={600}>
          {title}
        </Text>
      </legend>
      {children}
    </Card>
  );
}
