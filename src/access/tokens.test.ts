/** Access tokens: signature, expiry, and the memory of tokens already checked. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TokenSigner } from './tokens.ts';

const KEY = 'a signing key of enough length for HS256 0123456789';
const claims = { sub: 'user-1', sid: 'session-1', scope: 'full' };

afterEach(() => {
  vi.useRealTimers();
});

describe('TokenSigner', () => {
  it('verifies its own tokens, again and again, with the same claims', async () => {
    const signer = new TokenSigner(KEY, 900);
    const token = await signer.sign(claims);
    expect(await signer.verify(token)).toEqual(claims);
    expect(await signer.verify(token)).toEqual(claims);
  });

  it('refuses a token signed with another key, and one changed after a good one was seen', async () => {
    const signer = new TokenSigner(KEY, 900);
    const other = new TokenSigner('another key entirely, also long enough 9876543210', 900);
    expect(await signer.verify(await other.sign(claims))).toBeUndefined();

    const token = await signer.sign(claims);
    expect(await signer.verify(token)).toEqual(claims);
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'admin', iss: 'hale', aud: 'hale-api', exp: 9_999_999_999 })).toString(
      'base64url',
    );
    expect(await signer.verify(`${header}.${forged}.${signature}`)).toBeUndefined();
  });

  it('stops accepting a token at its expiry, also one it had checked before', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-04T10:00:00Z'), toFake: ['Date'] });
    const signer = new TokenSigner(KEY, 60);
    const token = await signer.sign(claims);
    expect(await signer.verify(token)).toEqual(claims);
    vi.setSystemTime(new Date('2026-12-04T10:00:59Z'));
    expect(await signer.verify(token)).toEqual(claims);
    vi.setSystemTime(new Date('2026-12-04T10:01:01Z'));
    expect(await signer.verify(token)).toBeUndefined();
    // A signer that never saw it refuses it too (the expiry check of the token itself).
    expect(await new TokenSigner(KEY, 60).verify(token)).toBeUndefined();
  });
});
