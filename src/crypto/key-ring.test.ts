import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyRing } from './key-ring.ts';
import { parseCiphertext } from './ciphertext.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'hale-keyring-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const key = () => randomBytes(32).toString('base64');
const noEnv = {};

describe('KeyRing', () => {
  it('creates field-keys.json (0600) in the data folder, seeded from the secret as k1', () => {
    const dir = tempDir();
    const seed = randomBytes(32).toString('base64url');
    const ring = KeyRing.open({ dataDir: dir, seedKey: seed, env: noEnv });
    const file = path.join(dir, 'field-keys.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json.active).toBe('k1');
    expect(json.indexKid).toBe('k1');
    expect(Buffer.from(json.keys.k1, 'base64').equals(Buffer.from(seed, 'base64url'))).toBe(true);
    expect(ring.activeKid).toBe('k1');
    expect(ring.source.kind).toBe('data-dir');
  });

  it('round-trips a value and binds it to its element path', () => {
    const ring = KeyRing.open({ dataDir: tempDir(), seedKey: key(), env: noEnv });
    const token = ring.encrypt('123-45-6789', 'Patient.identifier.value');
    expect(token).toMatch(/^hale-enc:v1:k1:[A-Za-z0-9_-]+$/);
    expect(token).not.toContain('6789');
    const parsed = parseCiphertext(token)!;
    expect(parsed.iv.length).toBe(12);
    expect(parsed.tag.length).toBe(16);
    expect(ring.decrypt(token, 'Patient.identifier.value')).toBe('123-45-6789');
    // Same value, fresh IV: equal plaintexts do not give equal ciphertexts.
    expect(ring.encrypt('123-45-6789', 'Patient.identifier.value')).not.toBe(token);
    // Moved to another element or resource type: refused.
    expect(() => ring.decrypt(token, 'Patient.telecom.value')).toThrow(/does not decrypt/);
    expect(() => ring.decrypt(token, 'RelatedPerson.identifier.value')).toThrow(/does not decrypt/);
  });

  it('refuses a tampered ciphertext', () => {
    const ring = KeyRing.open({ dataDir: tempDir(), seedKey: key(), env: noEnv });
    const token = ring.encrypt('secret', 'Coverage.subscriberId');
    // Not the last character: its low bits may be padding that decodes to the same bytes.
    const at = token.length - 10;
    const tampered = token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
    expect(() => ring.decrypt(tampered, 'Coverage.subscriberId')).toThrow(/does not decrypt/);
  });

  it('reloads once on an unknown kid: a key rotated in by another process becomes readable', () => {
    const dir = tempDir();
    const seed = key();
    const reader = KeyRing.open({ dataDir: dir, seedKey: seed, env: noEnv, autoReloadMs: 0 });
    const writer = KeyRing.open({ dataDir: dir, seedKey: seed, env: noEnv, autoReloadMs: 0 });
    expect(writer.addKey()).toBe('k2');
    const token = writer.encrypt('555-0100', 'Patient.telecom.value');
    expect(token.startsWith('hale-enc:v1:k2:')).toBe(true);
    expect(reader.has('k2')).toBe(false);
    expect(reader.decrypt(token, 'Patient.telecom.value')).toBe('555-0100');
    expect(reader.has('k2')).toBe(true);
    expect(reader.activeKid).toBe('k2');
    // A kid that no source holds fails after the reload, naming the kid.
    const alien = token.replace('hale-enc:v1:k2:', 'hale-enc:v1:k9:');
    expect(() => reader.decrypt(alien, 'Patient.telecom.value')).toThrow(/field key 'k9'/);
  });

  it('keeps the blind-index key across rotation; contexts separate hashes', () => {
    const ring = KeyRing.open({ dataDir: tempDir(), seedKey: key(), env: noEnv });
    const before = ring.blindIndex('123456789', 'Patient.identifier');
    expect(ring.blindIndex('123456789', 'Patient.identifier')).toBe(before);
    expect(ring.blindIndex('123456789', 'RelatedPerson.identifier')).not.toBe(before);
    expect(ring.blindIndex('123456788', 'Patient.identifier')).not.toBe(before);
    ring.addKey();
    ring.retire(['k1']);
    expect(ring.activeKid).toBe('k2');
    expect(ring.retiredKids).toEqual(['k1']);
    expect(ring.blindIndex('123456789', 'Patient.identifier')).toBe(before);
    // Another installation (another index key) gives another hash.
    const other = KeyRing.open({ dataDir: tempDir(), seedKey: key(), env: noEnv });
    expect(other.blindIndex('123456789', 'Patient.identifier')).not.toBe(before);
  });

  it('reads HALE_FIELD_KEYS and refuses to change it', () => {
    const env = { HALE_FIELD_KEYS: JSON.stringify({ active: 'k2', indexKid: 'k1', keys: { k1: key(), k2: key() } }) };
    const ring = KeyRing.open({ dataDir: tempDir(), env });
    expect(ring.source.kind).toBe('env');
    expect(ring.activeKid).toBe('k2');
    expect(ring.kids).toEqual(['k1', 'k2']);
    expect(ring.encrypt('x', 'Patient.identifier.value').startsWith('hale-enc:v1:k2:')).toBe(true);
    expect(() => ring.addKey()).toThrow(/HALE_FIELD_KEYS/);
  });

  it('reads HALE_FIELD_KEY_FILE and names the problem in a bad key file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'keys.json');
    writeFileSync(file, JSON.stringify({ active: 'a', keys: { a: key() } }), { mode: 0o600 });
    const ring = KeyRing.open({ dataDir: dir, env: { HALE_FIELD_KEY_FILE: file } });
    expect(ring.source).toEqual({ kind: 'file', path: file });
    expect(ring.indexKid).toBe('a');
    writeFileSync(file, JSON.stringify({ active: 'a', keys: { a: 'c2hvcnQ=' } }));
    expect(() => ring.reload()).toThrow(/Field key a in .*keys\.json is not 32 bytes/);
    writeFileSync(file, JSON.stringify({ active: 'b', keys: { a: key() } }));
    expect(() => KeyRing.open({ dataDir: dir, env: { HALE_FIELD_KEY_FILE: file } })).toThrow(/"active" must name one of the keys/);
    expect(() => KeyRing.open({ dataDir: dir, env: { HALE_FIELD_KEY_FILE: path.join(dir, 'missing.json') } })).toThrow(/does not exist/);
  });

  it('refuses a reload that would change the index key', () => {
    const dir = tempDir();
    const file = path.join(dir, 'keys.json');
    writeFileSync(file, JSON.stringify({ active: 'k1', keys: { k1: key() } }));
    const ring = KeyRing.open({ dataDir: dir, env: { HALE_FIELD_KEY_FILE: file } });
    writeFileSync(file, JSON.stringify({ active: 'k1', keys: { k1: key() } }));
    expect(() => ring.reload()).toThrow(/index key/);
  });
});
