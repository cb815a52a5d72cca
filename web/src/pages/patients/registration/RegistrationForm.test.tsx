// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInApp, fakeServer } from '../../../test/render.tsx';
import { ApiError } from '../../../api/http.ts';
import { RegistrationForm } from './RegistrationForm.tsx';
import { emptyValues } from './form-values.ts';
import type { Registration } from '../patient-api.ts';

afterEach(() => vi.unstubAllGlobals());

const directory = () =>
  fakeServer({
    'GET /fhir/R4/Practitioner': () => ({ body: { resourceType: 'Bundle', entry: [] } }),
    'GET /fhir/R4/Organization': () => ({ body: { resourceType: 'Bundle', entry: [] } }),
    'POST /api/v1/patients/duplicates': () => ({ body: { candidates: [] } }),
  });

async function fillRequired(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText(/^Given names/), 'Ana Maria');
  await user.type(screen.getByLabelText(/^Family name/), 'Souza');
  await user.type(screen.getByLabelText(/^Date of birth/), '1984-03-12');
  await user.selectOptions(screen.getByLabelText(/^Sex/), 'female');
}

describe('registration form', () => {
  it('says what is wrong as the user types, before anything is sent', async () => {
    vi.stubGlobal('fetch', directory().fetch);
    const onSave = vi.fn();
    renderInApp(<RegistrationForm initialValues={emptyValues()} submitLabel="Register patient" onSave={onSave} />);
    const user = userEvent.setup();
    const birth = screen.getByLabelText(/^Date of birth/);
    await user.type(birth, '2999-01-01');
    expect(await screen.findByText('The date of birth is in the future')).toBeTruthy();
    await user.type(screen.getByLabelText(/^Phone number/), '12ab');
    expect(await screen.findByText('Use digits, spaces and + ( ) - only')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Register patient' }));
    expect(await screen.findByText('Enter the family name')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('need attention');
    expect(onSave).not.toHaveBeenCalled();
  });

  it('shows the server field errors next to their fields and keeps everything typed', async () => {
    vi.stubGlobal('fetch', directory().fetch);
    const sent: Registration[] = [];
    const onSave = vi.fn(async (r: Registration) => {
      sent.push(r);
      throw new ApiError(422, 'invalid-resource', 'The registration is invalid', [
        { field: 'phones[0].value', message: 'is not a reachable number in any country' },
        { field: 'name.family', message: 'contains characters a name cannot have' },
      ]);
    });
    renderInApp(<RegistrationForm initialValues={emptyValues()} submitLabel="Register patient" onSave={onSave} />);
    const user = userEvent.setup();
    await fillRequired(user);
    await user.type(screen.getByLabelText(/^Phone number/), '+1 212 555 0000');
    await user.click(screen.getByRole('button', { name: 'Register patient' }));
    expect(await screen.findByText('Is not a reachable number in any country')).toBeTruthy();
    expect(screen.getByText('Contains characters a name cannot have')).toBeTruthy();
    expect((screen.getByLabelText(/^Family name/) as HTMLInputElement).value).toBe('Souza');
    expect((screen.getByLabelText(/^Phone number/) as HTMLInputElement).value).toBe('+1 212 555 0000');
    expect(sent[0]).toMatchObject({
      name: { given: ['Ana', 'Maria'], family: 'Souza' },
      birthDate: '1984-03-12',
      sex: 'female',
      phones: [{ use: 'mobile', value: '+1 212 555 0000' }],
    });
    // Rows left empty are not sent.
    expect(sent[0].addresses).toEqual([]);
  });

  it('warns of a likely duplicate while typing and asks before registering it', async () => {
    const server = fakeServer({
      'GET /fhir/R4/Practitioner': () => ({ body: { resourceType: 'Bundle', entry: [] } }),
      'GET /fhir/R4/Organization': () => ({ body: { resourceType: 'Bundle', entry: [] } }),
      'POST /api/v1/patients/duplicates': () => ({
        body: {
          candidates: [
            {
              id: 'p9',
              summary: { name: 'Ana Souza', birthDate: '1984-03-12', sex: 'female', mrn: '000000018', active: true },
              score: 0.94,
              matches: ['name', 'birthDate'],
            },
          ],
        },
      }),
    });
    vi.stubGlobal('fetch', server.fetch);
    const onSave = vi.fn(async () => undefined);
    renderInApp(<RegistrationForm initialValues={emptyValues()} submitLabel="Register patient" onSave={onSave} />);
    const user = userEvent.setup();
    await fillRequired(user);
    expect(await screen.findByText(/This may be a patient already registered/)).toBeTruthy();
    expect(screen.getByText('94% alike')).toBeTruthy();
    expect(screen.getByText('same birth date')).toBeTruthy();
    const probe = server.calls.filter((c) => c.url.startsWith('/api/v1/patients/duplicates')).at(-1)!.body as {
      name: { family: string };
      birthDate: string;
    };
    expect(probe).toMatchObject({ name: { family: 'Souza' }, birthDate: '1984-03-12' });
    await user.click(screen.getByRole('button', { name: 'Register patient' }));
    expect(await screen.findByText('Register a new patient anyway?')).toBeTruthy();
    expect(onSave).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'It is someone else: register' }));
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
  });
});
