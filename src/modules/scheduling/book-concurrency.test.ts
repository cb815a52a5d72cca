/**
 * The double-booking guard under load, on whichever engine the run uses: 50 bookings of one
 * slot at the same moment, and 50 bookings of one patient with two practitioners at
 * overlapping times. Exactly one wins each time; every other request gets a 409 that says
 * who is busy and when. (Two servers on one PostgreSQL: test/scheduling-two-instances.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { morningAvailability, startKit, type Kit } from './scheduling-test-kit.ts';

let k: Kit;
beforeAll(async () => {
  k = await startKit();
  await k.availability('dr-berg', [morningAvailability('room-1')]);
  await k.availability('dr-kim', [morningAvailability('room-2')]);
}, 120_000);
afterAll(() => k?.stop());

function tally(results: { status: number; body: any }[]) {
  const won = results.filter((r) => r.status === 201);
  const refused = results.filter((r) => r.status === 409);
  const other = results.filter((r) => r.status !== 201 && r.status !== 409).map((r) => `${r.status} ${JSON.stringify(r.body)}`);
  return { won, refused, other };
}

describe('fifty bookings at the same moment', () => {
  it('one slot, fifty patients: exactly one 201 and forty-nine 409s naming the practitioner and the time', async () => {
    const start = '2026-07-01T09:00:00+02:00';
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => k.book({ patientId: `pat-${i + 1}`, practitionerId: 'dr-berg', start, type: 'consultation' })),
    );
    const { won, refused, other } = tally(results);
    expect(other).toEqual([]);
    expect(won).toHaveLength(1);
    expect(refused).toHaveLength(49);
    for (const r of refused) {
      expect(r.body.error.code).toBe('conflict');
      expect(r.body.error.message).toMatch(
        /^Double booking refused: The practitioner Dr Anna Berg \(Practitioner\/dr-berg\) is already booked from 2026-07-01T09:00:00\+02:00 to 2026-07-01T09:20:00\+02:00 \(Europe\/Berlin\) by Appointment\//,
      );
      expect(r.body.error.message).toContain(won[0]!.body.id);
    }
    const stored = await k.s.fhir('GET', 'Appointment?actor=Practitioner/dr-berg&date=2026-07-01&_summary=count');
    expect(stored.body.total).toBe(1);
  });

  it('one patient, two practitioners, overlapping times: exactly one wins', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        k.book({
          patientId: 'pat-60',
          practitionerId: i % 2 ? 'dr-kim' : 'dr-berg',
          // 09:00-09:20 with one, 09:10-09:30 with the other: they overlap.
          start: i % 2 ? '2026-07-02T09:00:00+02:00' : '2026-07-02T09:10:00+02:00',
          durationMinutes: 20,
          type: 'consultation',
        }),
      ),
    );
    const { won, refused, other } = tally(results);
    expect(other).toEqual([]);
    expect(won).toHaveLength(1);
    expect(refused).toHaveLength(49);
    for (const r of refused)
      expect(r.body.error.message).toMatch(
        /^Double booking refused: The (patient|practitioner|room) .* is already booked from 2026-07-02T09:[01]0:00\+02:00/,
      );
    // The winner's colleague's 25 requests lost on the patient; the rest on the winner's practitioner.
    const onPatient = refused.filter((r) => r.body.error.message.includes('The patient Test Patient60 (Patient/pat-60)'));
    expect(onPatient.length).toBe(25);
    expect(onPatient.every((r) => r.body.error.details[0].field === 'patientId')).toBe(true);
  });
});
