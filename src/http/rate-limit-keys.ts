/**
 * Who a request counts against, for the rate limits.
 *
 * The client limit runs before authentication (so that floods of unauthenticated or
 * badly authenticated requests are limited too), when the caller is not yet known. A
 * presented token is attacker-chosen until the session check has accepted it: keying by
 * its hash alone would give anyone a fresh bucket per made-up token. So a token counts
 * against its user only once a request carrying it has been authenticated (remembered
 * here, per instance); until then it counts against the client's IP.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { normalizeIP } from '@fastify/rate-limit';
import type { ActingContext } from '../fhir/acting-context.ts';
import { ACCESS_COOKIE } from './authenticate.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actingContext?: ActingContext;
  }
}

const ACCESS_COOKIE_VALUE = new RegExp(`(?:^|;\\s*)${ACCESS_COOKIE}=([^;]+)`);

/** Short, stable and one-way: usernames never reach the limit store in clear. */
export function hashOf(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 27);
}

/**
 * The session token a request carries (bearer header, or the browser's access cookie); not
 * verified. Kept as it is, not hashed: it stays in this process, whose verified-token cache
 * (src/access/tokens.ts) holds the same strings, and it never goes to the limit store (keys
 * there name the user or the IP). Hashing it was a SHA-256 on every request.
 */
export function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || undefined;
  return request.headers.cookie?.match(ACCESS_COOKIE_VALUE)?.[1];
}

/** Tokens that have passed the session check, and whose they are; bounded, oldest out first. */
export class AuthenticatedTokens {
  readonly #users = new Map<string, string>();

  constructor(private readonly capacity = 20_000) {}

  userOf(token: string): string | undefined {
    return this.#users.get(token);
  }

  remember(token: string, userId: string): void {
    if (this.#users.get(token) === userId) return;
    if (this.#users.size >= this.capacity) this.#users.delete(this.#users.keys().next().value!);
    this.#users.set(token, userId);
  }
}

function signedInUser(request: FastifyRequest): string | undefined {
  const ctx = request.actingContext;
  return ctx && !ctx.system ? ctx.userId : undefined;
}

function ipOf(request: FastifyRequest): string {
  // IPv6 clients are grouped by /64, as one household or site usually owns the whole prefix.
  return normalizeIP(request.ip);
}

/** The client limit's key: the signed-in user, else the user behind an already accepted token, else the IP. */
export function clientKey(request: FastifyRequest, token: string | undefined, tokens: AuthenticatedTokens): string {
  const user = signedInUser(request) ?? (token ? tokens.userOf(token) : undefined);
  return user ? `user:${user}` : `ip:${ipOf(request)}`;
}

/** The account a sign-in attempt is for: the submitted field (case-folded), or the signed-in user for in-session checks. */
export function accountOf(request: FastifyRequest, field: string): string | undefined {
  const body = request.body;
  const raw = body instanceof URLSearchParams ? body.get(field) : (body as Record<string, unknown> | null | undefined)?.[field];
  if (typeof raw === 'string' && raw.trim() !== '') return raw.trim().toLowerCase();
  return signedInUser(request);
}

/** One client guessing one account: IP and account together, so a shared NAT address does not lock out everyone behind it. */
export function signInKey(request: FastifyRequest, field: string): string {
  return `sign-in:${ipOf(request)}:${hashOf(accountOf(request, field) ?? '')}`;
}

/** One account guessed from anywhere: the account alone, across IPs. */
export function accountKey(account: string): string {
  return `account:${hashOf(account)}`;
}
