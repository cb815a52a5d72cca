import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isHaleError } from '../errors.ts';
import { protectedWrite } from '../fhir/store/write-version.ts';
import { KeyRing } from './key-ring.ts';
import { SensitiveFields } from './sensitive-fields.ts';
import { resolveElementPath } from './element-path.ts';
import type { EncryptionRule } from './encryption-rules.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'hale-fields-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ring = KeyRing.open({ dataDir: dir, seedKey: randomBytes(32).toString('base64'), env: {} });

const rule = (p: string, id = 1): EncryptionRule => ({
  id,
  resourceType: p.split('.')[0]!,
  path: p,
  createdBy: 'admin-1',
  createdAt: new Date().toISOString(),
});
const fields = new SensitiveFields(ring, [rule('Patient.telecom.value')]);

const SSN = 'http://hl7.org/fhir/sid/us-ssn';
const patient = () => ({
  resourceType: 'Patient',
  id: 'p1',
  meta: { versionId: '1', lastUpdated: '2024-01-01T00:00:00.000Z' },
  identifier: [
    { system: 'http://hospital.example/mrn', value: 'MRN-0042' },
    { system: SSN, value: '123-45-6789' },
    {
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'NNGBR' }], text: 'NHS number' },
      system: 'https://fhir.nhs.uk/Id/nhs-number',
      value: '943 476 5919',
    },
  ],
  name: [{ family: 'Rivera', given: ['Ana'] }],
  telecom: [
    { system: 'phone', value: '(555) 010-2000' },
    { system: 'email', value: 'ana@example.org' },
  ],
  birthDate: '1980-02-03',
});

const coverage = () => ({
  resourceType: 'Coverage',
  id: 'c1',
  status: 'active',
  subscriberId: 'SUB-998877',
  identifier: [
    {
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MB' }] },
      system: 'http://payer.example/member',
      value: 'M-1234',
    },
    { system: 'http://payer.example/policy', value: 'POL-1' },
  ],
  beneficiary: { reference: 'Patient/p1' },
  payor: [{ reference: 'Organization/o1' }],
});

describe('SensitiveFields.protect / reveal', () => {
  it('encrypts a Patient SSN, a national id and (by admin rule) telecom values; leaves the MRN and the rest clear', () => {
    const input = patient();
    const snapshot = JSON.stringify(input);
    const { resource, blindIndexes } = fields.protect(input);
    const stored = JSON.stringify(resource);
    expect(JSON.stringify(input)).toBe(snapshot); // input untouched
    for (const secret of ['123-45-6789', '943 476 5919', '(555) 010-2000', 'ana@example.org']) expect(stored).not.toContain(secret);
    const ids = resource.identifier as { system: string; value: string }[];
    expect(ids[0]!.value).toBe('MRN-0042');
    expect(ids[1]!.system).toBe(SSN); // the system stays clear
    expect(ids[1]!.value).toMatch(/^hale-enc:v1:k1:/);
    expect(ids[2]!.value).toMatch(/^hale-enc:v1:k1:/);
    expect((resource.telecom as { system: string; value: string }[]).map((t) => t.system)).toEqual(['phone', 'email']);
    expect(resource.name).toBe(input.name); // untouched branches are shared, not copied
    expect(resource.birthDate).toBe('1980-02-03');

    expect(fields.reveal(resource)).toEqual(input);
    expect(JSON.parse(fields.revealJson(stored))).toEqual(input);

    const params = blindIndexes.map((b) => `${b.param}|${b.system ?? ''}`).sort();
    expect(params).toEqual(
      [
        'identifier|' + SSN,
        'identifier|https://fhir.nhs.uk/Id/nhs-number',
        'telecom|',
        'telecom|',
        'phone|',
        'phone|',
        'email|',
        'email|',
      ].sort(),
    );
  });

  it('encrypts Coverage.subscriberId and member numbers, not the policy number', () => {
    const input = coverage();
    const { resource } = fields.protect(input);
    expect(resource.subscriberId).toMatch(/^hale-enc:v1:/);
    const ids = resource.identifier as { value: string }[];
    expect(ids[0]!.value).toMatch(/^hale-enc:v1:/);
    expect(ids[1]!.value).toBe('POL-1');
    expect(fields.reveal(resource)).toEqual(input);
  });

  it('returns a resource without sensitive values as it is, without copying', () => {
    const obs = { resourceType: 'Observation', id: 'o1', status: 'final', code: { text: 'x' }, note: [{ text: 'fine' }] };
    expect(fields.protect(obs).resource).toBe(obs);
    expect(fields.protect(obs).blindIndexes).toEqual([]);
    expect(fields.reveal(obs)).toBe(obs);
    const mrnOnly = { resourceType: 'Patient', identifier: [{ system: 'http://hospital.example/mrn', value: 'MRN-1' }] };
    expect(fields.protect(mrnOnly).resource).toBe(mrnOnly);
    const json = JSON.stringify(obs);
    expect(fields.revealJson(json)).toBe(json);
  });

  it('binds each value to its element: a ciphertext moved elsewhere does not decrypt', () => {
    const { resource } = fields.protect(patient());
    const moved = structuredClone(resource) as { resourceType: string; [k: string]: any };
    moved.telecom[0].value = moved.identifier[1].value;
    expect(() => fields.reveal(moved)).toThrow(/Patient\.telecom\.value does not decrypt/);
  });

  it('reveals values of a rule that was removed since (they were encrypted under it)', () => {
    const stored = fields.protect(patient()).resource;
    const withoutRules = new SensitiveFields(ring, []);
    expect(withoutRules.reveal(stored)).toEqual(patient());
  });

  it('protects resources inside others by their own rules (contained, Bundle entries)', () => {
    const obs = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'x' },
      contained: [{ resourceType: 'Patient', id: 'inner', identifier: [{ system: SSN, value: '999-00-1111' }] }],
    };
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: coverage() }] };
    const protectedObs = fields.protect(obs);
    const protectedBundle = fields.protect(bundle);
    expect(JSON.stringify(protectedObs.resource)).not.toContain('999-00-1111');
    expect(protectedObs.blindIndexes).toEqual([]); // Observation's own parameters do not index them
    expect(JSON.stringify(protectedBundle.resource)).not.toContain('SUB-998877');
    expect(fields.reveal(protectedObs.resource)).toEqual(obs);
    expect(JSON.parse(fields.revealJson(JSON.stringify(protectedBundle.resource)))).toEqual(bundle);
  });

  it('refuses a client value that looks like a ciphertext (422 naming the element)', () => {
    const p = { resourceType: 'Patient', name: [{ text: 'hale-enc:v1:k1:AAAA' }] };
    try {
      fields.protect(p);
      expect.unreachable();
    } catch (err) {
      expect(isHaleError(err) && err.code).toBe('invalid-resource');
      expect(isHaleError(err) && err.details[0]?.field).toBe('Patient.name.text');
    }
  });

  it('revealJson changes only the ciphertexts, leaving the other bytes of the stored text', () => {
    const stored = JSON.stringify(fields.protect(patient()).resource, null, 1); // unusual layout on purpose
    const revealed = fields.revealJson(stored);
    expect(revealed).toBe(JSON.stringify(patient(), null, 1));
  });
});

describe('SensitiveFields.encryptClearValues (stored content under a rule added later)', () => {
  it('encrypts the values still in clear, keeps the ciphertexts already there byte for byte, and returns the same object when none is clear', () => {
    const older = new SensitiveFields(ring, []); // before the telecom rule: only the SSN encrypted
    const stored = older.protect(patient()).resource;
    const ssnCipher = (stored.identifier as { value: string }[]).find((i) => i.value.startsWith('hale-enc:'))!.value;
    expect(JSON.stringify(stored)).toContain('ana@example.org');

    const upgraded = fields.encryptClearValues(stored);
    expect(JSON.stringify(upgraded)).not.toMatch(/ana@example\.org|010-2000/);
    expect((upgraded.identifier as { value: string }[]).map((i) => i.value)).toContain(ssnCipher);
    expect(fields.reveal(upgraded)).toEqual(patient());
    expect(fields.encryptClearValues(upgraded)).toBe(upgraded);
  });
});

describe('blind indexes and search', () => {
  it('gives the write side and the query side the same hash, whatever the separators', () => {
    const { blindIndexes } = fields.protect(patient());
    const ssn = blindIndexes.find((b) => b.system === SSN)!;
    expect(fields.hashForSearch('Patient', 'identifier', SSN, '123-45-6789')).toBe(ssn.hash);
    expect(fields.hashForSearch('Patient', 'identifier', SSN, '123456789')).toBe(ssn.hash);
    expect(fields.hashForSearch('Patient', 'identifier', undefined, '123 45 6789')).toBe(ssn.hash);
    // Other contexts (parameter, resource type) and other values do not collide.
    expect(fields.hashForSearch('Patient', 'telecom', null, '123-45-6789')).not.toBe(ssn.hash);
    expect(fields.hashForSearch('RelatedPerson', 'identifier', SSN, '123-45-6789')).not.toBe(ssn.hash);
    expect(fields.hashForSearch('Patient', 'identifier', SSN, '123-45-6780')).not.toBe(ssn.hash);
    const phone = blindIndexes.find((b) => b.param === 'phone')!;
    expect([
      fields.hashForSearch('Patient', 'phone', null, '555-010-2000'),
      fields.hashForSearch('Patient', 'phone', null, 'ana@example.org'),
    ]).toContain(phone.hash);
  });

  it('tells the search layer which parameters hold hashes', () => {
    expect(fields.searchSensitivity('Patient', 'identifier', SSN)).toBe('always');
    expect(fields.searchSensitivity('Patient', 'identifier', 'http://hospital.example/mrn')).toBe('some');
    expect(fields.searchSensitivity('Patient', 'identifier', undefined)).toBe('some');
    expect(fields.searchSensitivity('Patient', 'telecom', null)).toBe('some');
    expect(fields.searchSensitivity('Patient', 'family', null)).toBe('none');
    expect(fields.searchSensitivity('Observation', 'code', null)).toBe('none');
    expect(fields.isSensitiveTokenValue('Coverage', 'identifier', 'http://payer.example/member')).toBe(true);
    expect(fields.isSensitiveTokenValue('Patient', 'gender', null)).toBe(false);
  });

  it('redacts the extracted index rows: hashes instead of sensitive values, the MRN clear', () => {
    const input = patient();
    // The rows exactly as the store writes them: token and string rows, composites and full text.
    const written = protectedWrite(
      { resource: input, resourceType: 'Patient', id: 'p1', versionId: 1, method: 'POST', exists: false },
      JSON.stringify(input),
      fields,
    );
    const rows = written.indexRows!;
    expect(rows.text.length).toBeGreaterThan(0);
    const text = JSON.stringify(rows);
    for (const secret of ['123-45-6789', '943 476 5919', '(555) 010-2000', 'ana@example.org']) expect(text).not.toContain(secret);
    const identifiers = rows.token.filter((r) => r.param === 'identifier');
    expect(identifiers.find((r) => r.system === 'http://hospital.example/mrn')?.code).toBe('MRN-0042');
    const ssnRow = identifiers.find((r) => r.system === SSN)!;
    expect(ssnRow.code).toBe('hmac:' + fields.hashForSearch('Patient', 'identifier', SSN, '123456789'));
    expect(rows.token.find((r) => r.param === 'email')?.code).toBe(
      'hmac:' + fields.hashForSearch('Patient', 'email', null, 'ana@example.org'),
    );
    expect(rows.string.some((r) => r.raw === 'Rivera')).toBe(true);
  });

  it("hashes a sensitive name under the parameters that hold its rows, not under phonetic (which searches name's)", () => {
    const names = new SensitiveFields(ring, [rule('Patient.name.family')]);
    const { blindIndexes } = names.protect(patient());
    const nameIndexes = blindIndexes.filter((b) => b.param !== 'identifier'); // the built-in national-id rules apply too
    expect(nameIndexes.map((b) => b.param).sort()).toEqual(['family', 'name']);
    const input = patient();
    const rows = protectedWrite(
      { resource: input, resourceType: 'Patient', id: 'p1', versionId: 1, method: 'POST', exists: false },
      JSON.stringify(input),
      names,
    ).indexRows!;
    const hashed = (param: string) => 'hmac:' + names.hashForSearch('Patient', param, null, 'Rivera');
    expect(rows.string.filter((r) => r.value.startsWith('hmac:'))).toEqual([
      { param: 'family', value: hashed('family'), raw: hashed('family') },
      { param: 'name', value: hashed('name'), raw: hashed('name') },
    ]);
  });
});

describe('admin rule paths', () => {
  it('accepts string and markdown elements, through data types, backbone elements and choices', () => {
    expect(resolveElementPath('Patient.telecom.value')).toMatchObject({
      resourceType: 'Patient',
      segments: ['telecom', 'value'],
      ownerType: 'ContactPoint',
    });
    expect(resolveElementPath('Observation.note.text').leafType).toBe('markdown');
    expect(resolveElementPath('Patient.contact.name.family').ownerType).toBe('HumanName');
    expect(resolveElementPath('Observation.valueString')).toMatchObject({ segments: ['valueString'], elementSegments: ['value'] });
    expect(resolveElementPath('Questionnaire.item.item.text').leafType).toBe('string');
  });

  it.each([
    ['Patient.telecom', /ContactPoint, not a string element/],
    ['Patient.birthDate', /date, not a string element/],
    ['Patient.nickname', /not an element of Patient/],
    ['Nothing.value', /not an R4 resource type/],
    ['Patient', /ResourceType\.element/],
    ['Patient.name.family.value', /no elements to name/],
    ['Observation.value', /several types/],
    ['Observation.subject.reference', /links resources/],
    ['Patient.contained.id', /whole resources/],
  ])('rejects %s with a 422 naming the field', (p, message) => {
    try {
      resolveElementPath(p);
      expect.unreachable();
    } catch (err) {
      expect(isHaleError(err) && err.code).toBe('invalid-resource');
      expect(isHaleError(err) && err.details[0]?.field).toBe('path');
      expect((err as Error).message).toMatch(message);
    }
  });
});
