/** The benchmark's Hale servers start with a known administrator password and sign in with it. */
export const BENCH_ADMIN_ENV: Record<string, string> = {
  HALE_ADMIN_PASSWORD: 'benchmark operator passphrase 2026',
  HALE_MFA_REQUIRED_ROLES: '',
  HALE_RATE_LIMIT_MAX: '10000000',
};

export async function benchSignIn(url: string, username = 'admin', password = BENCH_ADMIN_ENV.HALE_ADMIN_PASSWORD!): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as { accessToken?: string };
  if (!res.ok || !body.accessToken) throw new Error(`bench: sign-in as ${username} failed: ${res.status} ${JSON.stringify(body)}`);
  return body.accessToken;
}
