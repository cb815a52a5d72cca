/**
 * The banner's Actions menu: only the actions this user's role may take on this record in
 * its present state (an inactive record offers Reactivate, a merged one only Undo merge).
 * Each dialog stays mounted, so a refused action keeps what the user typed.
 */
import { useState } from 'react';
import { Button, Menu } from '@mantine/core';
import { Link } from 'react-router';
import { useSession } from '../../../../auth/session-context.tsx';
import type { ChartSummary } from '../chart-api.ts';
import { deathOf } from '../death.ts';
import { MERGERS, MERGE_UNDOERS, STATUS_CHANGERS } from '../chart-roles.ts';
import { DeactivateDialog } from './DeactivateDialog.tsx';
import { DeceasedDialog } from './DeceasedDialog.tsx';
import { MergeDialog } from './MergeDialog.tsx';
import { ReactivateDialog } from './ReactivateDialog.tsx';
import { UndoMergeDialog } from './UndoMergeDialog.tsx';

type Dialog = 'deactivate' | 'reactivate' | 'deceased' | 'merge' | 'undo-merge';

export function ChartActions({ summary }: { summary: ChartSummary }) {
  const { hasRole } = useSession();
  const [open, setOpen] = useState<Dialog | null>(null);
  const p = summary.patient;
  const merged = !!p.mergedInto;
  const canChange = hasRole(...STATUS_CHANGERS) && !merged;
  const canMerge = hasRole(...MERGERS) && !merged;
  const canUndo = hasRole(...MERGE_UNDOERS) && merged;
  if (!canChange && !canMerge && !canUndo) return null;
  const close = () => setOpen(null);
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default">Actions</Button>
        </Menu.Target>
        <Menu.Dropdown>
          {canChange && (
            <>
              <Menu.Item component={Link} to={`/patients/${p.id}/edit`}>
                Edit registration
              </Menu.Item>
              {p.active ? (
                <Menu.Item onClick={() => setOpen('deactivate')}>Deactivate…</Menu.Item>
              ) : (
                <Menu.Item onClick={() => setOpen('reactivate')}>Reactivate…</Menu.Item>
              )}
              <Menu.Item onClick={() => setOpen('deceased')}>{deathOf(p) ? 'Correct the date of death…' : 'Mark deceased…'}</Menu.Item>
            </>
          )}
          {canMerge && (
            <>
              <Menu.Divider />
              <Menu.Item onClick={() => setOpen('merge')}>Merge into another patient…</Menu.Item>
            </>
          )}
          {canUndo && <Menu.Item onClick={() => setOpen('undo-merge')}>Undo merge…</Menu.Item>}
        </Menu.Dropdown>
      </Menu>
      {canChange && (
        <>
          <DeactivateDialog patient={p} opened={open === 'deactivate'} onClose={close} />
          <ReactivateDialog patient={p} opened={open === 'reactivate'} onClose={close} />
          <DeceasedDialog patient={p} opened={open === 'deceased'} onClose={close} />
        </>
      )}
      {canMerge && <MergeDialog summary={summary} opened={open === 'merge'} onClose={close} />}
      {canUndo && <UndoMergeDialog patient={p} opened={open === 'undo-merge'} onClose={close} />}
    </>
  );
}
