/**
 * First start: with no account at all, one administrator is created. Its one-time password
 * is printed once on the console and must be changed at first sign-in. HALE_ADMIN_PASSWORD
 * sets the password instead (automation); that one the operator chose, so no forced change.
 */
import type { Queryable } from '../db/types.ts';
import { lockForTransaction } from '../db/advisory-lock.ts';
import { countUsers, createUser } from './accounts.ts';

export async function bootstrapAdmin(db: Queryable, print: (text: string) => void, chosenPassword?: string): Promise<boolean> {
  // Two instances starting at once on an empty database: one creates the admin.
  return db.transaction(async (tx) => {
    await lockForTransaction(tx, 'bootstrap-admin');
    if ((await countUsers(tx)) > 0) return false;
    const { temporaryPassword } = await createUser(
      tx,
      { username: 'admin', displayName: 'Administrator', roles: ['admin'], ...(chosenPassword ? { password: chosenPassword } : {}) },
      !chosenPassword,
    );
    if (temporaryPassword) {
      print(
        [
          '',
          '==================================================================',
          '  First start: an administrator account was created.',
          `    username: admin`,
          `    one-time password: ${temporaryPassword}`,
          '  It is shown only now. Sign in and choose a new password;',
          '  you will then set up two-factor sign-in.',
          '==================================================================',
          '',
        ].join('\n'),
      );
    }
    return true;
  });
}
