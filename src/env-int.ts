/**
 * An integer setting from the environment: unset or blank gives the default (as for the
 * boolean settings; an env file often carries `NAME=`), anything else must be an integer in
 * range or the start fails naming the variable.
 */
export function envInt(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`Invalid ${name}=${JSON.stringify(env[name])}: expected an integer from ${min} to ${max}`);
  }
  return n;
}
