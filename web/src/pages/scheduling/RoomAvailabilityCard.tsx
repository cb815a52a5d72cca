/**
 * One room of a practitioner's availability: the room, the slot length, its opening hours,
 * breaks and exceptions (AvailabilityLists.tsx), and the services offered there.
 */
import { Button, Card, Checkbox, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import type { LocationForm } from './availability-form.ts';
import type { EditRoom, FieldError } from './availability-parts.tsx';
import { Breaks, Exceptions, OpeningHours } from './AvailabilityLists.tsx';
import { serviceLabel, type Directory } from './directory.ts';

export function RoomAvailabilityCard({
  room,
  index,
  directory,
  edit,
  err,
  onRemove,
}: {
  room: LocationForm;
  index: number;
  directory: Directory | undefined;
  edit: EditRoom;
  err: FieldError;
  onRemove: () => void;
}) {
  const base = `locations.${index}`;
  const rooms = directory?.rooms ?? [];
  const services = directory?.services ?? [];
  const roomName = rooms.find((r) => r.id === room.locationId)?.name ?? room.locationId;
  const zoneOf = (id: string) => rooms.find((r) => r.id === id)?.timeZone ?? '';
  return (
    <Card withBorder radius="md" component="section" aria-label={`Room ${index + 1}: ${roomName || 'not chosen'}`}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <Group align="flex-end">
            <NativeSelect
              label="Room"
              required
              value={room.locationId}
              onChange={(e) => {
                const id = e.currentTarget.value;
                edit((x) => ({ ...x, locationId: id, timeZone: zoneOf(id) || x.timeZone }), `${base}.locationId`);
              }}
              data={[{ value: '', label: 'Choose a room' }, ...rooms.map((r) => ({ value: r.id, label: r.name }))]}
              error={err(`${base}.locationId`)}
              miw={320}
            />
            <TextInput
              type="number"
              label="Slot length (minutes)"
              min={5}
              max={480}
              required
              value={room.slotMinutes}
              onChange={(e) => {
                const v = e.currentTarget.value;
                edit((x) => ({ ...x, slotMinutes: v }), `${base}.slotMinutes`);
              }}
              error={err(`${base}.slotMinutes`)}
              w={170}
            />
            {room.timeZone && (
              <Text size="sm" c="gray.7" mb={8}>
                Time zone: {room.timeZone}
              </Text>
            )}
          </Group>
          <Button variant="subtle" color="red" onClick={onRemove}>
            Remove this room
          </Button>
        </Group>

        <OpeningHours room={room} base={base} edit={edit} err={err} />
        <Breaks room={room} base={base} edit={edit} err={err} />
        <Exceptions room={room} base={base} edit={edit} err={err} />

        <Checkbox.Group
          label="Services offered"
          description="A booking for one of these takes its length and types."
          value={room.serviceIds}
          onChange={(v) => edit((x) => ({ ...x, serviceIds: v }), `${base}.serviceIds`)}
          error={err(`${base}.serviceIds`)}
        >
          <Group gap="md" mt={4}>
            {services.map((s) => (
              <Checkbox key={s.id} value={s.id} label={serviceLabel(s, services)} />
            ))}
          </Group>
        </Checkbox.Group>
      </Stack>
    </Card>
  );
}
