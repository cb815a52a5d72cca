/**
 * A table's header row: one column header (`scope="col"`) per column, with an optional
 * width; a column whose label is only for screen readers (a column of buttons) hides it.
 */
import { Table } from '@mantine/core';

export interface Column {
  label: string;
  /** Width in pixels, for fixed-layout tables. */
  width?: number;
  /** Read by screen readers only. */
  hidden?: boolean;
}

export function ColumnHeads({ columns }: { columns: readonly Column[] }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {columns.map((c) => (
          <Table.Th key={c.label} scope="col" w={c.width}>
            {c.hidden ? <span className="visually-hidden">{c.label}</span> : c.label}
          </Table.Th>
        ))}
      </Table.Tr>
    </Table.Thead>
  );
}
