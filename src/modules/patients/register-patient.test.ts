/**
 * Registration through the real server: every field of the form becomes the right FHIR
 * resources (read back through /fhir/R4), the edit form gets the same body back, an edit
 * keeps the MRN, bad fields are named, a failed registration leaves nothing, and MRNs are
 * unique with a valid check digit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidMrn } from './mrn.ts';
import { fullRegistration, minimalRegistration, startKit, TINY_PNG, type Kit } from './patient-test-kit.ts';

let k: Kit;
beforeAll(async () => {
  k = await startKit();
}, 120_000);
afterAll(() => k?.stop());

const fieldsOf = (body: { error: { details: { field: string }[] } }) => body.error.details.map((d) => d.field);

describe('registering a patient', () => {
  it('writes the Patient, its Coverages, its Consent and the guarantor, readable through FHIR', async () => {
    const { id, mrn, patient } = await k.register(fullRegistration());
    expect(isValidMrn(mrn)).toBe(true);
    expect(patient.id).toBe(id);

    const p = (await k.s.fhir('GET', `Patient/${id}`)).body;
    expect(p.identifier[0]).toMatchObject({ system: 'urn:hale:mrn', value: mrn, type: { coding: [{ code: 'MR' }] } });
    // The SSN comes back decrypted by the store, typed as a national id.
    expect(p.identifier).toContainEqual(
      expect.objectContaining({
        value: '999-12-3456',
        type: expect.objectContaining({ coding: [expect.objectContaining({ code: 'NI' })] }),
      }),
    );
    expect(p.identifier).toContainEqual(expect.objectContaining({ value: 'P1234567', system: 'http://hl7.org/fhir/sid/passport-GBR' }));
    expect(p.name).toEqual([
      { use: 'official', family: 'Hartley', given: ['Amelia', 'Rose'], prefix: ['Ms'] },
      { use: 'usual', text: 'Millie', given: ['Millie'] },
    ]);
    expect(p).toMatchObject({ gender: 'female', birthDate: '1988-04-23', active: true });
    expect(p.maritalStatus.coding[0]).toMatchObject({ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: 'M' });
    expect(p.communication).toEqual([{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'en-GB' }] }, preferred: true }]);
    expect(p.photo[0]).toMatchObject({ contentType: 'image/png', data: TINY_PNG });
    expect(p.telecom).toEqual([
      { system: 'phone', value: '+1 (217) 555-0142', use: 'mobile', rank: 1 },
      { system: 'phone', value: '217-555-0199', use: 'home', rank: 2 },
      { system: 'email', value: 'amelia.hartley@example.org' },
    ]);
    expect(p.address[0]).toMatchObject({ use: 'home', line: ['12 Elm Street', 'Flat 3'], city: 'Springfield', postalCode: '62701' });
    expect(p.contact[0]).toMatchObject({
      relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0131', code: 'C' }] }],
      name: { text: 'Tom Hartley' },
      telecom: [{ system: 'phone', value: '217 555 0100' }],
    });
    expect(p.generalPractitioner).toEqual([{ reference: 'Practitioner/prac-doe', display: 'Dr Dana Doe' }]);
    const ext = (url: string) => p.extension.find((e: { url: string }) => e.url === url);
    expect(ext('http://hl7.org/fhir/StructureDefinition/patient-genderIdentity').valueCodeableConcept.coding[0].code).toBe('non-binary');
    expect(ext('https://hale.health/fhir/StructureDefinition/communication-preferences').extension).toEqual([
      { url: 'channel', valueCode: 'sms' },
      { url: 'channel', valueCode: 'email' },
      { url: 'quietHoursStart', valueTime: '21:00:00' },
      { url: 'quietHoursEnd', valueTime: '08:00:00' },
    ]);
    const guarantorRef = ext('https://hale.health/fhir/StructureDefinition/guarantor').valueReference.reference as string;
    const rp = (await k.s.fhir('GET', guarantorRef)).body;
    expect(rp).toMatchObject({
      resourceType: 'RelatedPerson',
      patient: { reference: `Patient/${id}` },
      relationship: [{ coding: [{ code: 'SPS' }] }],
      name: [{ text: 'Tom Hartley' }],
    });

    const coverages = (await k.s.fhir('GET', `Coverage?beneficiary=Patient/${id}&_sort=_id`)).body.entry.map((e: any) => e.resource);
    expect(coverages).toHaveLength(2);
    const primary = coverages.find((c: any) => c.order === 1);
    expect(primary).toMatchObject({
      status: 'active',
      payor: [{ reference: 'Organization/org-acme', display: 'Acme Health Insurance' }],
      period: { start: '2024-01-01' },
      identifier: [{ type: { coding: [{ code: 'MB' }] }, value: 'ACM-998877' }],
    });
    expect(primary.class).toEqual([
      expect.objectContaining({
        type: expect.objectContaining({ coding: [expect.objectContaining({ code: 'plan' })] }),
        value: 'Gold PPO',
      }),
      expect.objectContaining({ value: 'GRP-12' }),
    ]);
    expect(coverages.find((c: any) => c.order === 2)).toMatchObject({
      payor: [{ display: 'State Medicaid' }],
      period: { end: '2026-05-31' },
    });

    const consent = (await k.s.fhir('GET', `Consent?patient=Patient/${id}`)).body.entry[0].resource;
    expect(consent).toMatchObject({ status: 'active', dateTime: '2024-03-01', provision: { type: 'permit' } });
    const choice = (code: string) => consent.provision.provision.find((p: any) => p.code[0].coding[0].code === code).type;
    expect([choice('share-with-family'), choice('share-with-insurers'), choice('research'), choice('marketing')]).toEqual([
      'permit',
      'permit',
      'deny',
      'deny',
    ]);
  });

  it('gives the form back for editing, and an edit keeps the MRN and ends a coverage no longer listed', async () => {
    const body = fullRegistration();
    const { id, mrn } = await k.register(body);
    const back = await k.api('reception', 'GET', `/api/v1/patients/${id}/registration`);
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    const { guarantor, coverages, ...rest } = back.body;
    const { guarantor: _g, coverages: sentCoverages, language: _l, ...sent } = body as Record<string, any>;
    expect(rest).toMatchObject({
      ...sent,
      id,
      mrn,
      language: 'en-GB',
      name: { given: ['Amelia', 'Rose'], family: 'Hartley', prefix: ['Ms'] },
    });
    expect(guarantor.relatedPersonId).toBeTruthy();
    expect(coverages.map(({ id: _id, ...c }: any) => c)).toEqual([
      { payerOrganizationId: 'org-acme', payerName: 'Acme Health Insurance', ...sentCoverages[0] },
      sentCoverages[1],
    ]);

    const edited = await k.api('reception', 'PUT', `/api/v1/patients/${id}`, {
      ...back.body,
      name: { ...back.body.name, family: 'Hartley-Stone' },
      coverages: [back.body.coverages[0]],
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.mrn).toBe(mrn);
    expect(edited.body.patient.name[0].family).toBe('Hartley-Stone');
    expect(edited.body.patient.identifier[0].value).toBe(mrn);
    const medicaid = (await k.s.fhir('GET', `Coverage/${back.body.coverages[1].id}`)).body;
    expect(medicaid.status).toBe('cancelled');
    const again = await k.api('reception', 'GET', `/api/v1/patients/${id}/registration`);
    expect(again.body.coverages).toHaveLength(1);
    expect(again.body.guarantor).toEqual(guarantor);

    // An unchanged save writes no new version.
    const before = (await k.s.fhir('GET', `Patient/${id}`)).body.meta.versionId;
    const same = await k.api('reception', 'PUT', `/api/v1/patients/${id}`, again.body);
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect((await k.s.fhir('GET', `Patient/${id}`)).body.meta.versionId).toBe(before);
  });

  it('lets a doctor edit demographics without touching the insurance they may only read', async () => {
    const { id } = await k.register(fullRegistration());
    const form = (await k.api('doctor', 'GET', `/api/v1/patients/${id}/registration`)).body;
    const r = await k.api('doctor', 'PUT', `/api/v1/patients/${id}`, { ...form, preferredName: 'Amy' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.patient.name[1].text).toBe('Amy');
  });

  it('keeps on an edit what the form does not manage, and gives an imported record without an MRN one', async () => {
    const imported = await k.s.fhir('POST', 'Patient', {
      resourceType: 'Patient',
      identifier: [
        {
          type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'DL' }] },
          system: 'urn:dl:MA',
          value: 'S1234',
        },
        {
          type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
          system: 'urn:other-hospital',
          value: 'OH-77',
        },
      ],
      name: [
        { use: 'official', family: 'Imported', given: ['Ida'] },
        { use: 'maiden', family: 'Before' },
      ],
      telecom: [{ system: 'fax', value: '555 000 1111' }],
      gender: 'female',
      birthDate: '1960-06-06',
      managingOrganization: { reference: 'Organization/org-acme' },
      multipleBirthBoolean: false,
    });
    expect(imported.status).toBe(201);
    const id = imported.body.id as string;
    const form = (await k.api('reception', 'GET', `/api/v1/patients/${id}/registration`)).body;
    expect(form.identifiers).toEqual([{ type: 'other', system: 'urn:dl:MA', value: 'S1234' }]);
    const r = await k.api('reception', 'PUT', `/api/v1/patients/${id}`, { ...form, preferredName: 'Idy' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const p = (await k.s.fhir('GET', `Patient/${id}`)).body;
    // The other hospital's number is an MR, so it is this record's MRN: kept, and no new one drawn.
    expect(r.body.mrn).toBe('OH-77');
    expect(p.identifier.map((i: { value: string }) => i.value).sort()).toEqual(['OH-77', 'S1234']);
    expect(p.identifier.find((i: { value: string }) => i.value === 'S1234').type.coding[0].code).toBe('DL');
    expect(p.name).toContainEqual({ use: 'maiden', family: 'Before' });
    expect(p.telecom).toEqual([{ system: 'fax', value: '555 000 1111' }]);
    expect(p).toMatchObject({ managingOrganization: { reference: 'Organization/org-acme' }, multipleBirthBoolean: false });

    const bare = await k.s.fhir('POST', 'Patient', {
      resourceType: 'Patient',
      name: [{ family: 'Bare' }],
      gender: 'male',
      birthDate: '1961-01-01',
    });
    const edited = await k.api('reception', 'PUT', `/api/v1/patients/${bare.body.id}`, minimalRegistration('Bare', 'Ben', '1961-01-01'));
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(isValidMrn(edited.body.mrn)).toBe(true);
  });

  it('honours If-Match on an edit', async () => {
    const { id } = await k.register(minimalRegistration('Ifmatch', 'Ivy', '1970-01-01'));
    const stale = await k.api('reception', 'PUT', `/api/v1/patients/${id}`, minimalRegistration('Ifmatch', 'Ivy', '1970-01-02'), {
      'if-match': 'W/"7"',
    });
    expect(stale.status).toBe(412);
  });
});

describe('validation', () => {
  it('names each bad field by its path in the request', async () => {
    const r = await k.api(
      'reception',
      'POST',
      '/api/v1/patients',
      fullRegistration({
        name: { given: ['Amelia'] },
        birthDate: '1988-02-30',
        phones: [
          { use: 'mobile', value: '+1 217 555 0142' },
          { use: 'home', value: 'call me maybe' },
        ],
        coverages: [{ payerName: 'Acme', memberId: 'X1', start: '2024-05-01', end: '2024-01-31' }],
        communication: { preferredChannels: ['email'] },
      }),
    );
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('invalid-resource');
    expect(r.body.error.details).toEqual(
      expect.arrayContaining([
        { field: 'name.family', message: 'is required' },
        { field: 'birthDate', message: 'must be a date written YYYY-MM-DD' },
        { field: 'phones[1].value', message: expect.stringMatching(/phone number/) },
        { field: 'coverages[0].end', message: 'must not be before the start (2024-05-01)' },
      ]),
    );
  });

  it('refuses a birth date in the future, and unknown fields', async () => {
    const r = await k.api('reception', 'POST', '/api/v1/patients', minimalRegistration('Future', 'Fay', '2999-01-01', { nickname: 'x' }));
    expect(r.status).toBe(422);
    expect(r.body.error.details).toEqual([
      { field: 'nickname', message: 'is not a known field' },
      { field: 'birthDate', message: 'cannot be in the future' },
    ]);
  });

  it('names a reference that does not exist, and writes nothing', async () => {
    const before = await Promise.all(['Patient', 'Coverage', 'Consent', 'RelatedPerson'].map((t) => k.count(t)));
    const r = await k.api(
      'reception',
      'POST',
      '/api/v1/patients',
      fullRegistration({ coverages: [{ payerOrganizationId: 'no-such-org', memberId: 'M1' }], generalPractitionerId: 'nobody' }),
    );
    expect(r.status).toBe(422);
    expect(fieldsOf(r.body)).toEqual(['generalPractitionerId', 'coverages[0].payerOrganizationId']);
    expect(await Promise.all(['Patient', 'Coverage', 'Consent', 'RelatedPerson'].map((t) => k.count(t)))).toEqual(before);
  });

  it('writes nothing when the store refuses part of the registration (a nurse may not write Consent)', async () => {
    const before = await Promise.all(['Patient', 'Coverage', 'Consent', 'RelatedPerson'].map((t) => k.count(t)));
    const r = await k.api('nurse', 'POST', '/api/v1/patients', fullRegistration({ coverages: [] }));
    expect(r.status).toBe(403);
    expect(r.body.error.message).toMatch(/Consent/);
    expect(await Promise.all(['Patient', 'Coverage', 'Consent', 'RelatedPerson'].map((t) => k.count(t)))).toEqual(before);
  });

  it('refuses a photo that is not what it says', async () => {
    const gif = Buffer.from('R0lGODlhAQABAAAAACw=', 'base64').toString('base64');
    const r = await k.api(
      'reception',
      'POST',
      '/api/v1/patients',
      minimalRegistration('Photo', 'Pat', '1990-01-01', { photo: `data:image/png;base64,${gif}` }),
    );
    expect(r.status).toBe(422);
    expect(r.body.error.details).toEqual([{ field: 'photo', message: 'is not a JPEG or PNG image' }]);
  });
});

describe('MRNs', () => {
  it('are 9 digits with a valid Luhn check digit, unique across 50 registrations', async () => {
    const mrns: string[] = [];
    for (let i = 0; i < 50; i += 5) {
      const batch = await Promise.all(
        Array.from({ length: 5 }, (_, j) => k.register(minimalRegistration(`Mrntest${i + j}`, 'Max', '2001-02-03'))),
      );
      mrns.push(...batch.map((b) => b.mrn));
    }
    expect(mrns.every(isValidMrn)).toBe(true);
    expect(new Set(mrns).size).toBe(50);
  });
});
