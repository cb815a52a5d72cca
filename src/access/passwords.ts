/**
 * Passwords: argon2id hashes and the policy. The policy follows NIST SP 800-63B: length
 * over composition rules, and a check against a list of common passwords (the 49k-entry
 * list of @zxcvbn-ts/language-common), plus the username and the product name.
 */
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

// OWASP's argon2id minimum (19 MiB, 2 passes) takes ~30 ms here: slow for guessing, fine for sign-in.
const OPTIONS = {
  algorithm: 2 /* Argon2id (a const enum the package cannot export at runtime) */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  return common;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the user does not exist, so both paths take the same time. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('decoy password that matches nothing');
  return decoy;
}

/** Why a new password is refused, or [] when it is acceptable. */
export function passwordProblems(password: unknown, username?: string): string[] {
  if (typeof password !== 'string') return ['must be a string'];
  const problems: string[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) problems.push(`must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) problems.push(`must be at most ${MAX_PASSWORD_LENGTH} characters`);
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower) || commonPasswords().has(lower.replace(/[\d!@#$%^&*.]+$/, ''))) {
    problems.push('is a commonly used password');
  }
  if (username && lower.includes(username.toLowerCase())) problems.push('must not contain the username');
  if (lower.includes('hale')) problems.push('must not contain the product name');
  if (/^(.)\1+$/.test(password)) problems.push('must not be one repeated character');
  return problems;
}
