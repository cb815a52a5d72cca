/**
 * The day and week time grid: one column per day (or per practitioner in a department's day),
 * rows of 15 or 20 minutes, open slots shaded, appointments as blocks placed in the location's
 * zone and laid side by side when they overlap. A block can be dragged to another time (or
 * day) with the mouse or, with @dnd-kit's keyboard sensor, from the keyboard: Space picks it
 * up, the arrow keys move it a row or a column, Space or Enter drops it, Escape puts it back.
 * The drop only proposes the move: the page asks for confirmation and a reason.
 */
import { useMemo, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  type Modifier,
} from '@dnd-kit/core';
import { useFormat } from '../../i18n/locale.tsx';
import type { AppointmentSummary, SlotView } from './scheduling-api.ts';
import { blockBox, gridHours, layoutDay, minutesInDay, rowsMoved, type Placed } from './calendar-layout.ts';
import { statusInfo, typeInfo } from './status.ts';
import { hhmm, instantAt, wallClock, zoneFormat } from './zone-time.ts';

export interface GridColumn {
  key: string;
  date: string;
  label: string;
  /** In a department's day: the column's practitioner (a block keeps its practitioner). */
  practitionerId?: string;
  items: AppointmentSummary[];
  open: SlotView[];
}

export interface PendingMove {
  id: string;
  start: string;
  end: string;
}

export const ROW_HEIGHT = 34;

/** A move by keyboard, counted in steps: the rows and columns the arrow keys moved the block. */
interface KeyboardMove {
  id: string | number;
  rows: number;
  cols: number;
  colWidth: number;
}
const GUTTER = 64;

/** A proposed move: the appointment and its new times. */
export type MoveProposal = { appointment: AppointmentSummary; start: Date; end: Date } | { refused: string };

/** Where a block dropped `rows` rows lower (or higher) and into `target` lands, or why it cannot. */
export function proposeMove(
  appointment: AppointmentSummary,
  from: GridColumn,
  target: GridColumn,
  rows: number,
  rowMinutes: number,
  timeZone: string,
): MoveProposal | undefined {
  if (!appointment.start || !appointment.end) return undefined;
  if (target.practitionerId && appointment.practitioner && target.practitionerId !== appointment.practitioner.id)
    return { refused: `An appointment keeps its practitioner: move it up or down within ${from.label}'s column.` };
  const m = minutesInDay({ start: appointment.start, end: appointment.end }, from.date, timeZone);
  if (!m || (rows === 0 && target.date === from.date)) return undefined;
  const startMin = wallClock(new Date(appointment.start), timeZone).minutes + rows * rowMinutes;
  if (startMin < 0 || startMin >= 1440) return { refused: 'An appointment cannot be moved past midnight by dragging; use Reschedule.' };
  const start = instantAt(target.date, startMin, timeZone);
  const length = Date.parse(appointment.end) - Date.parse(appointment.start);
  return { appointment, start, end: new Date(start.getTime() + length) };
}

/** Snaps the vertical drag to whole rows, so the block shows where it would land. */
const snapToRows: Modifier = ({ transform }) => ({ ...transform, y: Math.round(transform.y / ROW_HEIGHT) * ROW_HEIGHT });

const collisions: CollisionDetection = (args) => (args.pointerCoordinates ? pointerWithin(args) : rectIntersection(args));

function Block({
  placed,
  first,
  rowMinutes,
  timeZone,
  draggable,
  moved,
  showPractitioner,
  onOpen,
  justDragged,
  keyboardShift,
}: {
  placed: Placed<AppointmentSummary>;
  first: number;
  rowMinutes: number;
  timeZone: string;
  draggable: boolean;
  moved: boolean;
  showPractitioner: boolean;
  onOpen: (a: AppointmentSummary) => void;
  justDragged: () => boolean;
  /** While moved by keyboard: where the steps so far put it, in pixels. */
  keyboardShift?: { x: number; y: number };
}) {
  const a = placed.item;
  const { locale } = useFormat();
  const fmt = zoneFormat(locale, timeZone);
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: a.id, disabled: !draggable, data: a });
  const box = blockBox(placed, first, rowMinutes, ROW_HEIGHT);
  const status = statusInfo(a.status);
  const type = typeInfo(a.type);
  const time = a.start && a.end ? `${fmt.time(a.start)}–${fmt.time(a.end)}` : '';
  const who = a.patient?.display ?? 'Patient';
  const label = [
    time,
    who,
    type.label,
    status.label,
    showPractitioner ? a.practitioner?.display : undefined,
    a.overbook ? 'over the schedule' : undefined,
    draggable ? 'movable' : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  const style: CSSProperties = {
    top: box.top,
    height: box.height,
    left: `calc(${box.leftPct}% + 2px)`,
    width: `calc(${box.widthPct}% - 4px)`,
    background: `var(--mantine-color-${status.color}-1)`,
    borderLeftColor: `var(--mantine-color-${type.color}-7)`,
    ...(keyboardShift
      ? { transform: `translate3d(${keyboardShift.x}px, ${keyboardShift.y}px, 0)` }
      : transform
        ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)` }
        : {}),
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    listeners?.onKeyDown?.(e);
    if (e.key === 'Enter' && !isDragging && !e.defaultPrevented && !justDragged()) onOpen(a);
  };
  return (
    <div
      ref={setNodeRef}
      className="sched-block"
      style={style}
      {...attributes}
      {...listeners}
      onKeyDown={onKeyDown}
      role="button"
      tabIndex={0}
      aria-label={label}
      aria-disabled={undefined}
      data-status={a.status}
      data-draggable={draggable}
      data-dragging={isDragging}
      data-moved={moved}
      data-appointment-id={a.id}
      onClick={() => {
        // The click that ends a mouse drag is not a request to open the appointment.
        if (!justDragged()) onOpen(a);
      }}
    >
      <div className="sched-block-line">
        <strong>{a.start ? fmt.time(a.start) : ''}</strong> {who}
      </div>
      {box.height >= 30 && (
        <div className="sched-block-line">
          {type.label} · {status.label}
          {a.overbook ? ' · over schedule' : ''}
          {showPractitioner && a.practitioner?.display ? ` · ${a.practitioner.display}` : ''}
        </div>
      )}
    </div>
  );
}

function Column({
  column,
  first,
  last,
  rowMinutes,
  timeZone,
  placed,
  now,
  canDrag,
  movedId,
  showPractitioner,
  onOpen,
  onOpenSlot,
  justDragged,
  keyboard,
}: {
  column: GridColumn;
  first: number;
  last: number;
  rowMinutes: number;
  timeZone: string;
  placed: Placed<AppointmentSummary>[];
  now: Date;
  canDrag: (a: AppointmentSummary) => boolean;
  movedId?: string;
  showPractitioner: boolean;
  onOpen: (a: AppointmentSummary) => void;
  onOpenSlot?: (slot: SlotView) => void;
  justDragged: () => boolean;
  keyboard?: KeyboardMove;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: column.key, data: column });
  const { locale } = useFormat();
  const fmt = zoneFormat(locale, timeZone);
  const px = ROW_HEIGHT / rowMinutes;
  const lines = [];
  for (let m = first; m < last; m += rowMinutes)
    lines.push(<div key={m} className="sched-row-line" data-hour={m % 60 === 0} style={{ top: (m - first) * px }} />);
  const nowAt = wallClock(now, timeZone);
  return (
    <div
      ref={setNodeRef}
      className="sched-col"
      data-over={isOver}
      data-column={column.key}
      style={{ height: (last - first) * px }}
      role="group"
      aria-label={`${column.label}: ${placed.length === 1 ? '1 appointment' : `${placed.length} appointments`}`}
    >
      {lines}
      {column.open.map((slot) => {
        const m = minutesInDay(slot, column.date, timeZone);
        // Time already past is not open any more.
        if (!m || Date.parse(slot.end) <= now.getTime()) return null;
        return (
          <div
            key={`${slot.start}-${slot.practitioner.id}`}
            className="sched-open"
            aria-hidden
            title={`Free ${fmt.time(slot.start)}–${fmt.time(slot.end)}: click to book`}
            style={{ top: (m.startMin - first) * px, height: (m.endMin - m.startMin) * px }}
            onClick={() => onOpenSlot?.(slot)}
          />
        );
      })}
      {nowAt.date === column.date && nowAt.minutes >= first && nowAt.minutes < last && (
        <div className="sched-now" style={{ top: (nowAt.minutes - first) * px }} aria-hidden />
      )}
      {placed.map((p) => (
        <Block
          key={p.item.id}
          placed={p}
          first={first}
          rowMinutes={rowMinutes}
          timeZone={timeZone}
          draggable={canDrag(p.item)}
          moved={p.item.id === movedId}
          showPractitioner={showPractitioner}
          onOpen={onOpen}
          justDragged={justDragged}
          keyboardShift={keyboard?.id === p.item.id ? { x: keyboard.cols * keyboard.colWidth, y: keyboard.rows * ROW_HEIGHT } : undefined}
        />
      ))}
    </div>
  );
}

export function TimeGrid({
  columns,
  timeZone,
  rowMinutes,
  label,
  canDrag,
  onOpen,
  onPropose,
  onOpenSlot,
  pendingMove,
  showPractitioner = false,
  now = new Date(),
}: {
  columns: GridColumn[];
  timeZone: string;
  rowMinutes: number;
  label: string;
  canDrag: (a: AppointmentSummary) => boolean;
  onOpen: (a: AppointmentSummary) => void;
  onPropose: (proposal: MoveProposal) => void;
  onOpenSlot?: (slot: SlotView) => void;
  pendingMove?: PendingMove;
  showPractitioner?: boolean;
  now?: Date;
}) {
  const bodyRef = useRef<HTMLDivElement>(null);
  const dragEndedAt = useRef(0);
  // Keyboard moves are counted in steps, so the page scrolling under the block changes nothing.
  const keyboardRef = useRef<KeyboardMove | null>(null);
  const [keyboard, setKeyboard] = useState<KeyboardMove>();
  const [heard, setHeard] = useState('');
  const justDragged = () => Date.now() - dragEndedAt.current < 300;
  // While a move waits for confirmation, the block is drawn at its new time.
  const shown = useMemo(() => {
    if (!pendingMove) return columns;
    const moving = columns.flatMap((c) => c.items).find((a) => a.id === pendingMove.id);
    if (!moving) return columns;
    const moved = { ...moving, start: pendingMove.start, end: pendingMove.end };
    return columns.map((c) => {
      const items = c.items.filter((a) => a.id !== pendingMove.id);
      const fits =
        (!c.practitionerId || c.practitionerId === moving.practitioner?.id) &&
        minutesInDay({ start: pendingMove.start, end: pendingMove.end }, c.date, timeZone) !== undefined;
      return { ...c, items: fits ? [...items, moved] : items };
    });
  }, [columns, pendingMove, timeZone]);
  const placedByColumn = useMemo(
    () =>
      shown.map((c) =>
        layoutDay(c.items.filter((a) => a.start && a.end) as (AppointmentSummary & { start: string; end: string })[], c.date, timeZone),
      ),
    [shown, timeZone],
  );
  const { first, last } = useMemo(() => {
    const spans = [
      ...placedByColumn.flat(),
      ...shown.flatMap((c) => c.open.map((s) => minutesInDay(s, c.date, timeZone)).filter((m) => m !== undefined)),
    ];
    return gridHours(spans);
  }, [placedByColumn, shown, timeZone]);

  const coordinateGetter: KeyboardCoordinateGetter = (event, { currentCoordinates }) => {
    const width = bodyRef.current ? (bodyRef.current.clientWidth - GUTTER) / Math.max(1, columns.length) : 120;
    const step: Record<string, [number, number]> = { ArrowDown: [1, 0], ArrowUp: [-1, 0], ArrowRight: [0, 1], ArrowLeft: [0, -1] };
    const [dr, dc] = step[event.code] ?? [0, 0];
    if (!dr && !dc) return undefined;
    const k = keyboardRef.current;
    if (k) {
      const from = columns.findIndex((c) => c.items.some((a) => a.id === k.id));
      const cols = Math.min(columns.length - 1 - from, Math.max(-from, k.cols + dc));
      const next = { ...k, rows: k.rows + dr, cols, colWidth: width };
      keyboardRef.current = next;
      setKeyboard(next);
      setHeard(describeKeyboardMove(next));
    }
    return { x: currentCoordinates.x + dc * width, y: currentCoordinates.y + dr * ROW_HEIGHT };
  };
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter,
      keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter'] },
      scrollBehavior: 'auto',
    }),
  );
  const { locale } = useFormat();
  const fmt = zoneFormat(locale, timeZone);
  const rowsFor = (y: number) => rowsMoved(y, ROW_HEIGHT);
  function describeKeyboardMove(k: KeyboardMove): string {
    const fromIndex = columns.findIndex((c) => c.items.some((a) => a.id === k.id));
    const a = columns[fromIndex]?.items.find((x) => x.id === k.id);
    const target = columns[fromIndex + k.cols];
    if (!a?.start || !target) return '';
    return `Would move to ${target.label}, ${hhmm(wallClock(new Date(a.start), timeZone).minutes + k.rows * rowMinutes)}.`;
  }
  const onDragStart = (e: DragStartEvent) => {
    const byKeyboard = e.activatorEvent instanceof globalThis.KeyboardEvent;
    keyboardRef.current = byKeyboard ? { id: e.active.id, rows: 0, cols: 0, colWidth: 0 } : null;
    setKeyboard(keyboardRef.current ?? undefined);
  };
  const endKeyboard = () => {
    dragEndedAt.current = Date.now();
    const k = keyboardRef.current;
    keyboardRef.current = null;
    setKeyboard(undefined);
    return k;
  };
  const onDragEnd = (e: DragEndEvent) => {
    const k = endKeyboard();
    const fromIndex = columns.findIndex((c) => c.items.some((a) => a.id === e.active.id));
    const from = columns[fromIndex];
    const appointment = from?.items.find((a) => a.id === e.active.id);
    // By keyboard the steps decide; by mouse, the column under the pointer and the distance dragged.
    const target = k ? columns[fromIndex + k.cols] : e.over ? columns.find((c) => c.key === e.over!.id) : undefined;
    if (!from || !target || !appointment) return;
    const proposal = proposeMove(appointment, from, target, k ? k.rows : rowsFor(e.delta.y), rowMinutes, timeZone);
    if (proposal) onPropose(proposal);
  };

  // Today is marked when the columns are days (not a department's practitioners on one day).
  const byDay = new Set(columns.map((c) => c.date)).size > 1;
  const template = `${GUTTER}px repeat(${columns.length}, minmax(0, 1fr))`;
  const px = ROW_HEIGHT / rowMinutes;
  const hours = [];
  for (let m = Math.ceil(first / 60) * 60; m < last; m += 60)
    hours.push(
      <span key={m} style={{ top: (m - first) * px }}>
        {fmt.time(instantAt(columns[0]?.date ?? '2000-01-01', m, timeZone))}
      </span>,
    );

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collisions}
      modifiers={[snapToRows]}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => {
        endKeyboard();
      }}
      accessibility={{
        screenReaderInstructions: {
          draggable:
            'To move this appointment, press Space, then the arrow keys: up and down move it one row, left and right one column. Press Space or Enter to drop it and confirm the new time, Escape to put it back. Enter alone opens the appointment.',
        },
        announcements: {
          onDragStart: () => 'Picked up the appointment.',
          onDragOver: ({ over }) =>
            keyboardRef.current
              ? undefined
              : over
                ? `Over ${columns.find((c) => c.key === over.id)?.label ?? 'a column'}.`
                : 'Not over a column.',
          onDragEnd: ({ over }) => (over ? 'Dropped: confirm the new time.' : 'Dropped outside the calendar: nothing changed.'),
          onDragCancel: () => 'Move cancelled: the appointment keeps its time.',
        },
      }}
    >
      <div className="sched-grid" role="region" aria-label={label}>
        <div className="sched-grid-head" style={{ gridTemplateColumns: template }}>
          <div aria-hidden />
          {columns.map((c) => (
            <div key={c.key} title={c.label} data-today={byDay && c.date === wallClock(now, timeZone).date}>
              {c.label}
            </div>
          ))}
        </div>
        {/* Focusable, so the grid scrolls from the keyboard even when no appointment is in view. */}
        <div className="sched-grid-scroll" tabIndex={0} role="group" aria-label="Time grid: scroll with the arrow keys">
          <div className="sched-grid-body" ref={bodyRef} style={{ gridTemplateColumns: template }}>
            <div className="sched-gutter" aria-hidden style={{ height: (last - first) * px }}>
              {hours}
            </div>
            {shown.map((c, i) => (
              <Column
                key={c.key}
                column={c}
                first={first}
                last={last}
                rowMinutes={rowMinutes}
                timeZone={timeZone}
                placed={placedByColumn[i]!}
                now={now}
                canDrag={canDrag}
                movedId={pendingMove?.id}
                showPractitioner={showPractitioner}
                onOpen={onOpen}
                onOpenSlot={onOpenSlot}
                justDragged={justDragged}
                keyboard={keyboard}
              />
            ))}
          </div>
        </div>
        <div className="visually-hidden" aria-live="assertive" aria-atomic>
          {keyboard ? heard : ''}
        </div>
      </div>
    </DndContext>
  );
}
