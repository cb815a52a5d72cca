import { describe, expect, it } from 'vitest';
import type { RecordAccess } from './record-access-api.ts';
import { accessLines, accessWords, recordWords, roleWords } from './record-access-words.ts';

const access = (when: string, over: Partial<RecordAccess> = {}): RecordAccess => ({
  when,
  who: { name: 'Dr. Grace Baker', roles: ['doctor'] },
  action: 'read',
  outcome: 'success',
  resourceType: 'Observation',
  ...over,
});

describe('the audit trail in a patient’s words', () => {
  it('says what was done to which part of the record', () => {
    expect(accessWords(access('t'))).toBe('Opened your test results and measurements');
    expect(accessWords(access('t', { action: 'search', resourceType: 'Condition' }))).toBe('Looked through your health problems');
    expect(accessWords(access('t', { action: 'update', resourceType: 'AllergyIntolerance' }))).toBe('Changed your allergies');
    expect(accessWords(access('t', { action: 'permission-denied', outcome: 'denied' }))).toBe(
      'Tried to open your test results and measurements and was refused',
    );
    expect(accessWords(access('t', { action: 'break-glass', resourceType: 'Patient' }))).toBe('Opened your record in an emergency');
    expect(accessWords(access('t', { action: 'account', resourceType: 'RelatedPerson' }))).toBe(
      'Changed who can use the portal for your record',
    );
    expect(accessWords(access('t', { action: 'something-new' }))).toBe('something new (test results and measurements)');
    expect(recordWords('FamilyMemberHistory')).toBe('family member history');
    expect(recordWords(undefined)).toBe('record');
    expect(roleWords(['doctor', 'receptionist'])).toBe('Doctor, Reception');
  });

  it('shows one person’s sitting as one line of what they did, and never folds an emergency or a refusal', () => {
    const lines = accessLines([
      access('2026-12-07T10:15:00Z'),
      access('2026-12-07T10:14:00Z', { action: 'search', resourceType: 'Condition' }),
      access('2026-12-07T10:02:00Z'),
      // more than 15 minutes before the one above: another sitting
      access('2026-12-07T09:40:00Z'),
      access('2026-12-07T09:39:00Z', { action: 'break-glass', resourceType: 'Patient', emergency: { reason: 'x' } }),
      access('2026-12-07T09:38:00Z', { action: 'permission-denied', outcome: 'denied' }),
      access('2026-12-07T09:37:00Z', { action: 'permission-denied', outcome: 'denied' }),
      access('2026-12-07T09:36:00Z', { who: { name: 'Dr. Grace Baker', roles: ['doctor'], you: true } }),
      access('2026-12-07T09:35:00Z'),
    ]);
    expect(lines.map((l) => [l.access.when, l.since, l.times, l.doings.join(' + ')])).toEqual([
      [
        '2026-12-07T10:15:00Z',
        '2026-12-07T10:02:00Z',
        3,
        'Opened your test results and measurements + Looked through your health problems',
      ],
      ['2026-12-07T09:40:00Z', '2026-12-07T09:40:00Z', 1, 'Opened your test results and measurements'],
      ['2026-12-07T09:39:00Z', '2026-12-07T09:39:00Z', 1, 'Opened your record in an emergency'],
      ['2026-12-07T09:38:00Z', '2026-12-07T09:38:00Z', 1, 'Tried to open your test results and measurements and was refused'],
      ['2026-12-07T09:37:00Z', '2026-12-07T09:37:00Z', 1, 'Tried to open your test results and measurements and was refused'],
      ['2026-12-07T09:36:00Z', '2026-12-07T09:36:00Z', 1, 'Opened your test results and measurements'],
      ['2026-12-07T09:35:00Z', '2026-12-07T09:35:00Z', 1, 'Opened your test results and measurements'],
    ]);
  });
});
