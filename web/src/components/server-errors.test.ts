import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http.ts';
import { applyServerErrors, formPath } from './server-errors.ts';

function fakeForm(values: unknown) {
  const errors: Record<string, string> = {};
  return { errors, form: { getValues: () => values, setFieldError: (p: string, e: string) => (errors[p] = e) } };
}

describe('server errors on a form', () => {
  it('turns the server JSON paths into form paths', () => {
    expect(formPath('phones[1].value')).toBe('phones.1.value');
    expect(formPath('name.family')).toBe('name.family');
  });

  it('puts each field message on its field and returns nothing when all are placed', () => {
    const { form, errors } = fakeForm({ name: { family: '' }, phones: [{ value: '1' }, { value: 'x' }] });
    const err = new ApiError(422, 'invalid-resource', 'The registration is invalid', [
      { field: 'name.family', message: 'is required' },
      { field: 'phones[1].value', message: 'is not a phone number' },
    ]);
    expect(applyServerErrors(form, err)).toBeUndefined();
    expect(errors).toEqual({ 'name.family': 'Is required', 'phones.1.value': 'Is not a phone number' });
  });

  it('uses the whole message when one short detail would read badly alone', () => {
    const { form, errors } = fakeForm({ currentPassword: 'x' });
    const err = new ApiError(403, 'forbidden', 'The current password is wrong', [{ field: 'currentPassword', message: 'is wrong' }]);
    expect(applyServerErrors(form, err)).toBeUndefined();
    expect(errors.currentPassword).toBe('The current password is wrong');
  });

  it('returns what no field claims, for a banner', () => {
    const { form } = fakeForm({ a: 1 });
    expect(applyServerErrors(form, new ApiError(409, 'conflict', 'Already merged'))).toBe('Already merged');
    expect(applyServerErrors(form, new ApiError(422, 'x', 'Invalid', [{ field: 'b', message: 'bad' }]))).toBe('Invalid (b: bad)');
  });
});
