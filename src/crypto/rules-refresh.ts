/**
 * Several server instances share one database: a sensitive-element rule an admin adds on
 * one must reach the others before they write another value in clear. Each instance reads
 * the rules again every RULES_REFRESH_MS (one small query; unchanged rules cost nothing
 * more). The pass that encrypts what is already stored starts RULE_PASS_DELAY_MS after the
 * change, by which time every instance writes under the new rule, so nothing it passes can
 * be written in clear behind it.
 */
import type { Queryable } from '../db/types.ts';
import type { SensitiveFields } from './sensitive-fields.ts';

export const RULES_REFRESH_MS = 1000;
/** Two refresh periods: the slowest instance has read the rule by then. */
export const RULE_PASS_DELAY_MS = 2 * RULES_REFRESH_MS;

export function startRulesRefresh(db: Queryable, fields: SensitiveFields, onError: (err: unknown) => void): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    fields
      .refresh(db)
      .catch(onError)
      .finally(() => (running = false));
  }, RULES_REFRESH_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
