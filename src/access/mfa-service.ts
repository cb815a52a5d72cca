/** Setting up two-factor sign-in for one's own account: start (secret + QR), then confirm with a code. */
import type { Queryable } from '../db/types.ts';
import { HaleError, badRequest } from '../errors.ts';
import { findUser } from './accounts.ts';
import { newBackupCodes, newTotpSecret, openSecret, otpauthUri, qrCodeDataUrl, sealSecret, verifyTotp } from './mfa.ts';

export async function startMfaSetup(
  db: Queryable,
  userId: string,
  signingKey: string,
): Promise<{ secret: string; otpauthUri: string; qrCode: string }> {
  const u = await findUser(db, userId);
  if (!u) throw new HaleError('unauthorized', 'Unknown user');
  if (u.mfa_enabled) throw new HaleError('conflict', 'Two-factor sign-in is already on; an administrator can reset it');
  const secret = newTotpSecret();
  await db.query('UPDATE hale_user SET mfa_secret = $2, updated_at = now() WHERE id = $1', [userId, sealSecret(secret, signingKey)]);
  const uri = otpauthUri(secret, u.username);
  return { secret, otpauthUri: uri, qrCode: await qrCodeDataUrl(uri) };
}

/** Turns MFA on when the code matches the pending secret; returns the backup codes, shown once. */
export async function confirmMfaSetup(db: Queryable, userId: string, code: unknown, signingKey: string): Promise<string[]> {
  if (typeof code !== 'string' || !/^\d{6}$/.test(code.trim()))
    throw badRequest('code must be the 6-digit code from the authenticator app', [{ field: 'code', message: 'must be 6 digits' }]);
  const u = await findUser(db, userId);
  if (!u?.mfa_secret) throw new HaleError('conflict', 'Start the set-up first (POST /api/v1/auth/mfa/setup)');
  if (u.mfa_enabled) throw new HaleError('conflict', 'Two-factor sign-in is already on');
  if (!(await verifyTotp(openSecret(u.mfa_secret, signingKey), code.trim()))) {
    throw new HaleError('invalid-resource', 'The code does not match; check the device clock and try the current code', [
      { field: 'code', message: 'does not match' },
    ]);
  }
  const { codes, hashes } = newBackupCodes();
  await db.query('UPDATE hale_user SET mfa_enabled = true, mfa_backup_codes = $2, updated_at = now() WHERE id = $1', [userId, hashes]);
  return codes;
}
