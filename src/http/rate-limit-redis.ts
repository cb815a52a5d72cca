/**
 * The Redis connection that lets several instances share one set of rate-limit counters.
 *
 * Everything here favours staying up over limiting: the connection attempt at start is
 * bounded, a Redis that is down does not stop the server from starting, commands are not
 * queued while disconnected (they fail at once, and the limiter lets the request through),
 * and a Redis that hangs costs a request at most the command timeout.
 */
import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';

export const REDIS_CONNECT_TIMEOUT_MS = 2000;
export const REDIS_COMMAND_TIMEOUT_MS = 1000;

/** Logs at most one line per interval, so an outage does not flood the log with one line per request. */
export function throttledErrorLog(log: FastifyBaseLogger, message: string, intervalMs = 10_000): (err: unknown) => void {
  let last = 0;
  let suppressed = 0;
  return (err) => {
    const now = Date.now();
    if (now - last < intervalMs) {
      suppressed++;
      return;
    }
    log.error({ err, suppressed }, message);
    last = now;
    suppressed = 0;
  };
}

/** Connects to REDIS_URL (redis://, or rediss:// for TLS; user, password and database number in the URL). */
export async function connectRateLimitRedis(url: string, log: FastifyBaseLogger): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
  });
  redis.on('error', throttledErrorLog(log, 'Redis for rate limits unreachable; limits are not enforced until it is back'));
  redis.on('ready', () => log.info('Redis for rate limits connected'));
  try {
    await redis.connect();
  } catch (err) {
    // The client keeps reconnecting in the background; until then requests are let through.
    log.error({ err }, 'Redis for rate limits unreachable at start; starting anyway, limits are not enforced until it is back');
  }
  return redis;
}
