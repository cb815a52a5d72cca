/**
 * The availability editor (`/schedule/availability/:practitionerId`, admin and reception):
 * per room (RoomAvailabilityCard.tsx), the slot length, weekly rules (days and hours, or an
 * RRULE as text), breaks, exceptions (leave, holidays, with a reason) and the services
 * offered. Saving replaces the practitioner's availability; the server checks every rule and
 * its messages appear at the fields they concern.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Group, Loader, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/http.ts';
import { getAvailability, putAvailability } from './scheduling-api.ts';
import { useDirectory } from './directory.ts';
import { emptyLocation, fieldFor, toBody, toForm, type LocationForm } from './availability-form.ts';
import { RoomAvailabilityCard } from './RoomAvailabilityCard.tsx';
import { useRefreshScheduling } from './use-visit-step.ts';

type Errors = Record<string, string>;

export default function AvailabilityPage() {
  const { practitionerId = '' } = useParams();
  const navigate = useNavigate();
  const directory = useDirectory();
  const refresh = useRefreshScheduling();
  const current = useQuery({
    queryKey: ['scheduling', 'availability', practitionerId],
    queryFn: ({ signal }) => getAvailability(practitionerId, signal),
    enabled: !!practitionerId,
  });
  const [forms, setForms] = useState<LocationForm[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const [banner, setBanner] = useState<string>();
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (current.data) {
      setForms(toForm(current.data));
      setErrors({});
      setBanner(undefined);
    }
  }, [current.data]);

  const d = directory.data;
  const update = (li: number, change: (l: LocationForm) => LocationForm, clear?: string) => {
    setForms((fs) => fs.map((l, i) => (i === li ? change(l) : l)));
    if (clear) setErrors(({ [clear]: _gone, ...rest }) => rest);
  };
  const err = (path: string) => errors[path];

  const save = async () => {
    setSaving(true);
    setBanner(undefined);
    try {
      await putAvailability(practitionerId, toBody(forms));
      notifications.show({ color: 'green', title: 'Availability saved', message: current.data?.practitioner.display ?? '' });
      setErrors({});
      await refresh();
    } catch (e) {
      if (!(e instanceof ApiError)) {
        setBanner('Not saved: something went wrong. Your changes are kept; try again.');
        return;
      }
      const placed: Errors = {};
      const rest: string[] = [];
      for (const detail of e.details) {
        const at = fieldFor(detail.field, forms);
        if (at) placed[at] = placed[at] ? `${placed[at]}; ${detail.message}` : detail.message;
        else rest.push(detail.field ? `${detail.field} ${detail.message}` : detail.message);
      }
      setErrors(placed);
      setBanner(rest.length || !e.details.length ? e.message : 'Not saved: the problems are marked at their fields.');
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-availability-form] [aria-invalid="true"]')?.focus());
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack maw={1100}>
      <div>
        <Title order={1} size="h2">
          Availability
        </Title>
        <Text c="gray.7" size="sm">
          When a practitioner can be booked, per room: opening hours that repeat, breaks, and exceptions such as leave and holidays. Times
          are the room's local time.
        </Text>
      </div>
      <NativeSelect
        label="Practitioner"
        value={practitionerId}
        onChange={(e) => navigate(`/schedule/availability/${encodeURIComponent(e.currentTarget.value)}`)}
        data={[
          { value: '', label: directory.isPending ? 'Loading…' : 'Choose a practitioner' },
          ...(d?.practitioners ?? []).map((p) => ({ value: p.id, label: p.name })),
        ]}
        maw={420}
      />
      {!practitionerId && <Text>Choose whose availability to edit.</Text>}
      {current.isPending && practitionerId && (
        <Group role="status">
          <Loader size="sm" aria-hidden /> <Text>Loading the availability…</Text>
        </Group>
      )}
      {current.isError && (
        <Alert color="red" role="alert" title="The availability could not be loaded">
          {current.error.message}
        </Alert>
      )}
      {current.data && (
        <form
          data-availability-form
          noValidate
          aria-label={`Availability of ${current.data.practitioner.display ?? practitionerId}`}
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Stack>
            {forms.length === 0 && <Text>No availability: {current.data.practitioner.display} cannot be booked. Add a room to start.</Text>}
            {forms.map((l, li) => (
              <RoomAvailabilityCard
                key={li}
                room={l}
                index={li}
                directory={d}
                edit={(change, clear) => update(li, change, clear)}
                err={err}
                onRemove={() => setForms((fs) => fs.filter((_, i) => i !== li))}
              />
            ))}
            <Group>
              <Button variant="default" onClick={() => setForms((fs) => [...fs, emptyLocation()])}>
                Add a room
              </Button>
            </Group>
            {banner && (
              <Alert color="red" role="alert" title="Not saved">
                {banner}
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={saving}>
                Save availability
              </Button>
              <Button variant="default" onClick={() => current.data && setForms(toForm(current.data))}>
                Undo changes
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
