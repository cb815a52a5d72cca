/**
 * Access tokens: short-lived JWTs (HS256 with the generated signing key) naming the user
 * and the session. Refresh tokens are opaque random strings; only their SHA-256 is stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

export interface AccessClaims {
  sub: string;
  sid: string;
  /** 'full' or a restricted step ('mfa-setup', 'password-change'). */
  scope: string;
}

const ISSUER = 'hale';
const AUDIENCE = 'hale-api';
/** Tokens whose signature was checked, remembered until they expire (a client sends the same token for minutes). */
const VERIFIED_CACHE_SIZE = 10_000;

export class TokenSigner {
  private readonly key: Uint8Array<ArrayBuffer>;
  /**
   * The HMAC key as a CryptoKey, imported once: given raw bytes, jose imports the key again
   * for every token, and that import (WebCrypto) cost more than the rest of a read by id.
   */
  private cryptoKey: Promise<CryptoKey> | undefined;
  private readonly verified = new Map<string, { claims: AccessClaims; expiresAtMs: number }>();

  constructor(
    signingKey: string,
    private readonly ttlS: number,
  ) {
    this.key = new TextEncoder().encode(signingKey);
  }

  private hmacKey(): Promise<CryptoKey> {
    this.cryptoKey ??= crypto.subtle.importKey('raw', this.key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    return this.cryptoKey;
  }

  async sign(claims: AccessClaims): Promise<string> {
    return new SignJWT({ sid: claims.sid, scope: claims.scope })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlS}s`)
      .sign(await this.hmacKey());
  }

  /**
   * The claims of a valid, unexpired token; undefined for anything else. A token checked
   * before is answered from memory until its `exp` (the exact string, so nothing unsigned
   * gets in); whether its session still holds is the caller's check, made on every request.
   */
  async verify(token: string): Promise<AccessClaims | undefined> {
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() < known.expiresAtMs) return known.claims;
      this.verified.delete(token);
      return undefined;
    }
    try {
      const { payload } = await jwtVerify(token, await this.hmacKey(), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.scope !== 'string') return undefined;
      const claims = { sub: payload.sub, sid: payload.sid, scope: payload.scope };
      if (typeof payload.exp === 'number') {
        if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
        this.verified.set(token, { claims, expiresAtMs: payload.exp * 1000 });
      }
      return claims;
    } catch {
      return undefined;
    }
  }
}

export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}
