/**
 * The scheduling screens as staff use them: the reception books a free time, moves it by
 * dragging and by keyboard (confirmed with a reason; a clash is refused with the server's words), and
 * checks a patient in; the doctor starts and completes that visit from the home's day list.
 * Then a screenshot of each calendar view (day, week, month) by practitioner, department
 * and room, and the availability editor’s field errors. Last, a death recorded from the
 * chart cancels the patient’s booked appointment.
 */
import { expect, test, type Page } from '@playwright/test';
import { account, accounts, expectAccessible, shot, signIn } from './support.ts';

const practitionerId = () => accounts().practitionerId;
const localDay = (plusDays = 0) => {
  const d = new Date(Date.now() + plusDays * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** A call to the API from the signed-in page (its cookies and CSRF token). */
async function api(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return page.evaluate(
    async ([m, p, b]) => {
      const csrf = document.cookie
        .split('; ')
        .find((c) => c.startsWith('hale_csrf='))
        ?.slice('hale_csrf='.length);
      const r = await fetch(p as string, {
        method: m as string,
        headers: { 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': decodeURIComponent(csrf) } : {}) },
        ...(b === undefined ? {} : { body: JSON.stringify(b) }),
      });
      return { status: r.status, body: await r.json().catch(() => undefined) };
    },
    [method, path, body] as const,
  );
}

/** Drags an element straight down by `dy` pixels with the mouse, as a user would. */
async function dragDown(page: Page, selector: ReturnType<Page['locator']>, dy: number): Promise<void> {
  await selector.scrollIntoViewIfNeeded();
  const box = (await selector.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + Math.min(10, box.height / 2);
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x, y + 8, { steps: 2 });
  await page.mouse.move(x, y + dy, { steps: 8 });
  await page.mouse.up();
}

let checkedIn: { id: string; name: string } | undefined;

test('a receptionist books a free time, moves it by mouse and by keyboard with a reason, is refused a clash, and checks a patient in', async ({
  page,
}) => {
  await signIn(page, account('reception'));
  const day = localDay(2); // after the demo's own appointments (today and tomorrow): the practitioner's day is free
  const patient = (await api(page, 'GET', `/fhir/R4/Patient/${accounts().patientId}`)).body;
  const family: string = patient.name[0].family;

  await page.goto(`/schedule?view=day&by=practitioner&id=${practitionerId()}&date=${day}`);
  await page.getByRole('button', { name: 'Book appointment' }).click();
  const drawer = page.getByRole('dialog', { name: 'Book an appointment' });
  await drawer.getByRole('textbox', { name: /Find the patient/ }).fill(family);
  await drawer.getByRole('radio').first().check();
  await drawer.getByLabel('From', { exact: true }).fill(day);
  await drawer.getByRole('switch', { name: /Earliest available only/ }).check();
  const free = drawer.getByRole('group', { name: 'Free times' }).getByRole('button');
  await expect(free).toHaveCount(1);
  await free.first().click();
  await drawer.getByRole('textbox', { name: 'Reason for the visit' }).fill('Knee pain');
  await expectAccessible(page, 'booking');
  await shot(page, '50-booking');
  await drawer.getByRole('button', { name: 'Book appointment' }).click();
  await expect(drawer).toBeHidden();

  // The new block is at the day's first free time; dragged two rows (20 minutes each) down, it asks first.
  const block = page.locator('.sched-block', { hasText: family });
  await expect(block).toHaveCount(1);
  const before = (await block.getAttribute('aria-label'))!;
  await dragDown(page, block, 2 * 34);
  const confirm = page.getByRole('dialog', { name: 'Move this appointment?' });
  await expect(confirm.getByRole('table', { name: 'Old and new time' })).toContainText('From');
  await shot(page, '51-reschedule-confirm');
  await confirm.getByRole('textbox', { name: /Reason for the move/ }).fill('Patient asked for later');
  await confirm.getByRole('button', { name: 'Move appointment' }).click();
  await expect(confirm).toBeHidden();
  await expect(block).not.toHaveAttribute('aria-label', before);
  const moved = (await block.getAttribute('aria-label'))!;

  // Someone else takes the time two rows further down; moving there is refused and the block goes back.
  const id = (await block.getAttribute('data-appointment-id'))!;
  const slots = (await api(page, 'GET', `/api/v1/scheduling/slots?practitioner=${practitionerId()}&from=${day}&to=${day}`)).body.slots;
  const ours = (await api(page, 'GET', `/api/v1/appointments/${id}/history`)).body;
  expect(ours.history.map((h: any) => h.action)).toEqual(['booked', 'rescheduled']);
  const list = (await api(page, 'GET', `/api/v1/appointments?practitioner=${practitionerId()}&date=${day}`)).body.appointments;
  const mine = list.find((a: any) => a.id === id);
  const clashAt = slots.find((s: any) => Date.parse(s.start) === Date.parse(mine.end) + 20 * 60_000);
  // Another patient who can be booked: living and active (booking refuses the others).
  const others = (await api(page, 'GET', '/fhir/R4/Patient?_count=50')).body.entry
    .map((e: any) => e.resource)
    .filter((p: any) => p.deceasedBoolean !== true && p.deceasedDateTime === undefined && p.active !== false)
    .map((p: any) => p.id);
  const other = others.find((p: string) => p !== accounts().patientId);
  const taken = await api(page, 'POST', '/api/v1/appointments', {
    patientId: other,
    practitionerId: practitionerId(),
    locationId: clashAt.location.id,
    start: clashAt.start,
    type: 'consultation',
  });
  expect(taken.status, JSON.stringify(taken.body)).toBe(201);
  await page.reload();
  // This time by keyboard: Space picks the block up, each arrow moves it a row, Space drops it.
  await block.focus();
  await page.keyboard.press('Space');
  // The drag library listens for the arrows from its next task on (it adds the listener in a
  // setTimeout); on a busy machine arrows pressed before that were lost and the drop never came.
  // Wait for the pick-up to show, then for a task queued after the library's.
  await expect(block).toHaveAttribute('aria-pressed', 'true');
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await confirm.getByRole('textbox', { name: /Reason for the move/ }).fill('Try the next slot');
  await confirm.getByRole('button', { name: 'Move appointment' }).click();
  await expect(confirm.getByRole('alert')).toContainText(/Double booking refused/);
  await expect(block).toHaveAttribute('aria-label', moved);
  await shot(page, '52-reschedule-refused');
  await confirm.getByRole('button', { name: 'Close' }).click();

  // The reception's day: check in the first patient still expected; the row moves to "Checked in".
  await page.goto(`/schedule/today?practitioner=${practitionerId()}`);
  const arrivedTab = page.getByRole('tab', { name: /^Checked in \(\d+\)/ });
  const arrivedBefore = Number(/\((\d+)\)/.exec((await arrivedTab.textContent())!)![1]);
  const checkIn = page.getByRole('button', { name: /^Check in / }).first();
  const row = page.getByRole('row').filter({ has: checkIn }).first();
  checkedIn = {
    id: (await row.getAttribute('data-appointment-id'))!,
    name: (await checkIn.getAttribute('aria-label'))!.slice('Check in '.length),
  };
  await expectAccessible(page, 'today');
  await shot(page, '53-today-expected');
  await checkIn.click();
  await expect(arrivedTab).toHaveText(new RegExp(`Checked in \\(${arrivedBefore + 1}\\)`));
  await arrivedTab.click();
  await expect(page.locator(`tr[data-appointment-id="${checkedIn.id}"]`)).toContainText('Checked in');
  await shot(page, '54-today-checked-in');
});

test('the doctor sees the day list and starts and completes the visit', async ({ page }) => {
  expect(checkedIn, 'the reception test checked a patient in').toBeDefined();
  await signIn(page, account('doctor'));
  const day = page.getByRole('region', { name: "Today's patients" });
  const item = day.locator(`li[data-appointment-id="${checkedIn!.id}"]`);
  await expect(item).toContainText('Checked in');
  await expectAccessible(page, 'doctor-day');
  await shot(page, '55-doctor-day');
  await item.getByRole('button', { name: `Start consultation with ${checkedIn!.name}` }).click();
  await expect(item).toContainText('In consultation');
  await item.getByRole('button', { name: `Complete visit of ${checkedIn!.name}` }).click();
  await expect(item).toContainText('Done');
  await shot(page, '56-doctor-day-done');
  const history = (await api(page, 'GET', `/api/v1/appointments/${checkedIn!.id}/history`)).body.history.map((h: any) => h.action);
  expect(history.slice(-3)).toEqual(['checked-in', 'started', 'completed']);
});

test('each calendar view by practitioner, department and room, and the availability editor’s field errors', async ({ page }) => {
  await signIn(page, account('reception'));
  const today = localDay();
  for (const by of ['practitioner', 'department', 'room'] as const) {
    for (const view of ['day', 'week', 'month'] as const) {
      await page.goto(`/schedule?view=${view}&by=${by}${by === 'practitioner' ? `&id=${practitionerId()}` : ''}&date=${today}`);
      const drawn = view === 'month' ? page.getByRole('table', { name: /Appointments in/ }) : page.locator('.sched-grid');
      await expect(drawn).toBeVisible();
      await expect(page.getByText('Loading the calendar…')).toHaveCount(0);
      if (by === 'practitioner' && view === 'week') await expectAccessible(page, 'calendar-week');
      await shot(page, `57-calendar-${view}-by-${by}`);
    }
  }
  // The back button walks the views back.
  await page.goBack();
  await expect(page).toHaveURL(/view=week&by=room/);

  // A bad recurrence rule comes back from the server at its field.
  await page.goto(`/schedule/availability/${practitionerId()}`);
  const rules = page.getByRole('group', { name: /Rule 1/ });
  await rules.getByText('Recurrence rule (RRULE)').click();
  await rules.getByRole('textbox', { name: 'RRULE' }).fill('FREQ=WEEKLY;BYDAY=XX');
  await page.getByRole('button', { name: 'Save availability' }).click();
  await expect(rules.getByRole('textbox', { name: 'RRULE' })).toHaveAttribute('aria-invalid', 'true');
  await expect(rules).toContainText(/BYDAY 'XX'/);
  await expectAccessible(page, 'availability');
  await shot(page, '58-availability-error');
});

test('recording a death from the chart cancels the patient’s booked appointment and says so', async ({ page }) => {
  await signIn(page, account('reception'));
  // A living patient no other test books, given an appointment next week (the demo may have booked others).
  const living = (await api(page, 'GET', '/fhir/R4/Patient?_count=50')).body.entry
    .map((e: any) => e.resource)
    .filter(
      (p: any) => p.deceasedBoolean !== true && p.deceasedDateTime === undefined && p.active !== false && p.id !== accounts().patientId,
    );
  const patient = living.at(-1);
  const slots = (await api(page, 'GET', `/api/v1/scheduling/slots?practitioner=${practitionerId()}&from=${localDay(7)}&to=${localDay(14)}`))
    .body.slots;
  const booked = await api(page, 'POST', '/api/v1/appointments', {
    patientId: patient.id,
    practitionerId: practitionerId(),
    locationId: slots[0].location.id,
    start: slots[0].start,
    type: 'consultation',
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);

  // What the death will cancel: everything still open from now on.
  const open = (
    await api(page, 'GET', `/fhir/R4/Appointment?patient=Patient/${patient.id}&status=proposed,pending,booked,waitlist&_count=100`)
  ).body.entry
    .map((e: any) => e.resource)
    .filter((a: any) => a.status === 'waitlist' || Date.parse(a.start) >= Date.now());
  expect(open.map((a: any) => a.id)).toContain(booked.body.id);
  const visits = open.filter((a: any) => a.status !== 'waitlist').length;
  const places = open.length - visits;
  const said = [
    visits && `${visits} appointment${visits === 1 ? '' : 's'}`,
    places && `${places} waiting-list place${places === 1 ? '' : 's'}`,
  ]
    .filter(Boolean)
    .join(' and ');

  await page.goto(`/patients/${patient.id}`);
  await page.getByRole('button', { name: 'Actions' }).click();
  await page.getByRole('menuitem', { name: 'Mark deceased…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Record a death' });
  await expect(dialog).toContainText('Open appointments and waiting-list places from the time of death on are cancelled');
  await expectAccessible(page, 'record-death');
  await shot(page, '59-record-death');
  await dialog.getByRole('button', { name: 'Record death' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`is recorded. ${said} ${open.length === 1 ? 'was' : 'were'} cancelled.`, { exact: false })).toBeVisible();
  await shot(page, '59-record-death-done');

  for (const a of open) {
    const now = (await api(page, 'GET', `/fhir/R4/Appointment/${a.id}`)).body;
    expect(now.status, a.id).toBe('cancelled');
    expect(now.cancelationReason.coding[0].code, a.id).toBe('pat-dec');
  }
});
