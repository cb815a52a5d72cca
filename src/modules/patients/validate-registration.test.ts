import { describe, expect, it } from 'vitest';
import { HaleError } from '../../errors.ts';
import { canonicalLanguage, validateRegistration } from './validate-registration.ts';

const NOW = new Date('2025-06-01T12:00:00Z');

async function problems(body: unknown, partial = false): Promise<{ field?: string; message: string }[]> {
  try {
    await validateRegistration(body, { partial, now: NOW });
    return [];
  } catch (err) {
    if (!(err instanceof HaleError)) throw err;
    return err.details.map(({ field, message }) => ({ field, message }));
  }
}

const base = { name: { family: 'Doe', given: ['Jane'] }, sex: 'female', birthDate: '1990-01-01' };

describe('registration validation', () => {
  it('accepts the required fields alone, and normalises what it keeps', async () => {
    const { registration } = await validateRegistration(
      { ...base, name: { family: '  Doe ', given: 'Jane' }, language: 'PT-br' },
      { now: NOW },
    );
    expect(registration).toMatchObject({ name: { family: 'Doe', given: ['Jane'] }, language: 'pt-BR', identifiers: [], coverages: [] });
  });

  it('names every problem by its path in the request', async () => {
    expect(
      await problems({
        name: { given: ['Jane'] },
        sex: 'woman',
        birthDate: '2025-06-02',
        phones: [{ use: 'cell', value: '12' }],
        emergencyContacts: [{ name: 'Ann', relationship: 'X' }],
        coverages: [
          { memberId: 'M', order: 1 },
          { payerName: 'B', memberId: 'N', order: 1, start: '2024-13-01' },
        ],
        communication: { preferredChannels: ['pigeon', 'post'], quietHours: { start: '25:00', end: '07:00' } },
        consents: { shareWithFamily: 'yes', version: 'v1', date: '2025-01-01' },
        identifiers: [
          { type: 'national', value: '1' },
          { type: 'national', value: '1' },
        ],
      }),
    ).toEqual([
      { field: 'name.family', message: 'is required' },
      { field: 'sex', message: 'must be one of male, female, other, unknown' },
      { field: 'birthDate', message: 'cannot be in the future' },
      { field: 'identifiers[1].value', message: 'is listed twice' },
      { field: 'phones[0].use', message: 'must be one of home, work, mobile, temp, old' },
      { field: 'phones[0].value', message: expect.stringMatching(/7 to 15 digits/) },
      { field: 'emergencyContacts[0].relationship', message: 'must be one of C, N, E' },
      { field: 'emergencyContacts[0].phone', message: 'is required' },
      { field: 'coverages[0].payerName', message: expect.stringMatching(/is required/) },
      { field: 'coverages[1].start', message: 'must be a date written YYYY-MM-DD' },
      { field: 'coverages[1].order', message: 'primary is already coverages[0]' },
      { field: 'communication.preferredChannels[0]', message: 'must be one of email, sms, phone, whatsapp, post' },
      { field: 'communication.preferredChannels[1]', message: 'needs an address (addresses)' },
      { field: 'communication.quietHours.start', message: 'must be a time HH:MM (00:00 to 23:59)' },
      { field: 'consents.shareWithFamily', message: 'must be true or false' },
      { field: 'consents.shareWithInsurers', message: 'is required (true or false)' },
      { field: 'consents.research', message: 'is required (true or false)' },
      { field: 'consents.marketingOptOut', message: 'is required (true or false)' },
    ]);
  });

  it('requires nothing in partial mode (the duplicate check), but still checks what is given', async () => {
    expect(await problems({ name: { family: 'Doe' } }, true)).toEqual([]);
    expect(await problems({ birthDate: '1990-02-30' }, true)).toEqual([
      { field: 'birthDate', message: 'must be a date written YYYY-MM-DD' },
    ]);
  });

  it('takes a guarantor as self, an existing person or a new one', async () => {
    const ok = async (guarantor: unknown) => (await validateRegistration({ ...base, guarantor }, { now: NOW })).registration.guarantor;
    expect(await ok({ self: true })).toEqual({ self: true });
    expect(await ok({ relatedPersonId: 'rp-1' })).toEqual({ relatedPersonId: 'rp-1' });
    expect(await ok({ name: 'Tom', relationship: 'parent' })).toEqual({ person: { name: 'Tom', relationship: 'parent' } });
    expect(await problems({ ...base, guarantor: { name: 'Tom' } })).toEqual([
      { field: 'guarantor.relationship', message: 'is required: one of parent, guardian, spouse, child, other' },
    ]);
  });

  it('writes language tags in their canonical case', () => {
    expect(canonicalLanguage('ZH-hant-tw')).toBe('zh-Hant-TW');
  });
});
