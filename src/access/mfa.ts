/**
 * TOTP (RFC 6238) multi-factor sign-in: secret, otpauth URI and QR code for the
 * authenticator app, verification with one step of clock drift, and one-time backup codes.
 * The secret is stored encrypted (AES-256-GCM) under a key derived from the signing key.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { sha256 } from './tokens.ts';

export const BACKUP_CODE_COUNT = 10;

export function newTotpSecret(): string {
  return generateSecret();
}

export function otpauthUri(secret: string, username: string): string {
  return generateURI({ issuer: 'Hale', label: username, secret });
}

export function qrCodeDataUrl(uri: string): Promise<string> {
  return QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
}

export async function verifyTotp(secret: string, code: string): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  try {
    const result = await verify({ secret, token: code, epochTolerance: 30 });
    return result.valid;
  } catch {
    return false;
  }
}

/** Ten codes like `4f7k-9q2m`; the caller shows them once and stores only their hashes. */
export function newBackupCodes(): { codes: string[]; hashes: string[] } {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const codes: string[] = [];
  for (let i = 0; i < BACKUP_CODE_COUNT; i++) {
    const bytes = randomBytes(8);
    const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
    codes.push(`${chars.slice(0, 4)}-${chars.slice(4)}`);
  }
  return { codes, hashes: codes.map(hashBackupCode) };
}

export function hashBackupCode(code: string): string {
  return sha256(code.trim().toLowerCase());
}

function secretKey(signingKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', signingKey, 'hale-mfa', 'totp-secret', 32));
}

export function sealSecret(secret: string, signingKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secretKey(signingKey), iv);
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

export function openSecret(sealed: string, signingKey: string): string {
  const raw = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', secretKey(signingKey), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
}
