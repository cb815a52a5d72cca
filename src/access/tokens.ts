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

export class TokenSigner {
  private readonly key: Uint8Array;
  constructor(
    signingKey: string,
    private readonly ttlS: number,
  ) {
    this.key = new TextEncoder().encode(signingKey);
  }

  sign(claims: AccessClaims): Promise<string> {
    return new SignJWT({ sid: claims.sid, scope: claims.scope })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlS}s`)
      .sign(this.key);
  }

  /** The claims of a valid, unexpired token; undefined for anything else. */
  async verify(token: string): Promise<AccessClaims | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.scope !== 'string') return undefined;
      return { sub: payload.sub, sid: payload.sid, scope: payload.scope };
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
