/**
 * Scheduling settings, read from the environment with the rest of the configuration
 * (config.ts, at boot) and validated: a bad value fails the start, naming the variable.
 * - HALE_NO_SHOW_GRACE_MIN: minutes after an appointment's start before the no-show job marks it (default 15).
 * - HALE_NO_SHOW_INTERVAL_S: how often the job runs, seconds (default 60; 0 turns it off).
 */
import { envInt as int } from '../../env-int.ts';

export interface SchedulingConfig {
  readonly noShowGraceMinutes: number;
  readonly noShowIntervalSeconds: number;
}

export function loadSchedulingConfig(env: Record<string, string | undefined>): SchedulingConfig {
  return Object.freeze({
    noShowGraceMinutes: int(env, 'HALE_NO_SHOW_GRACE_MIN', 15, 0, 1440),
    noShowIntervalSeconds: int(env, 'HALE_NO_SHOW_INTERVAL_S', 60, 0, 86_400),
  });
}
