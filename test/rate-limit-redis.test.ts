/**
 * Rate limits shared through Redis: two server instances with one REDIS_URL count one
 * client against one limit; and with Redis unreachable a server still starts and serves
 * (fail open), counting the failed checks. Needs Redis on 127.0.0.1:6379 (REDIS_TEST_URL to change).
 * Each run uses its own key prefix and deletes its keys afterwards.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { Metric } from 'prom-client';
import { startTestServer, type TestServer } from './support/test-server.ts';

const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
/** Nothing listens on port 1. */
const DEAD_REDIS_URL = 'redis://127.0.0.1:1';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/** GET from a chosen loopback address, so this test's client is not the one the test servers signed in from. */
function get(baseUrl: string, path: string, from: string): Promise<Answer> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, localAddress: from }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function metricTotal(metrics: readonly Metric[], name: string): Promise<number> {
  for (const metric of metrics) {
    const data = await metric.get();
    if (data.name === name) return data.values.reduce((sum, v) => sum + v.value, 0);
  }
  throw new Error(`no metric ${name}`);
}

async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

describe('rate limits shared by two instances through Redis', () => {
  const prefix = `hale-test-${randomUUID()}:`;
  const redis = new Redis(REDIS_URL, { lazyConnect: true });
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    await redis.connect();
    const env = { REDIS_URL, HALE_REDIS_PREFIX: prefix, HALE_RATE_LIMIT_MAX: '5', HALE_RATE_LIMIT_WINDOW_MS: '60000' };
    [a, b] = await Promise.all([startTestServer(env), startTestServer(env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    const keys = await keysUnder(redis, prefix);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('counts requests to either instance against one limit', async () => {
    const from = '127.0.0.2';
    const answers = [
      await get(a.url, '/fhir/R4/metadata', from),
      await get(a.url, '/fhir/R4/metadata', from),
      await get(a.url, '/fhir/R4/metadata', from),
      await get(b.url, '/fhir/R4/metadata', from),
      await get(b.url, '/fhir/R4/metadata', from),
    ];
    expect(answers.map((x) => x.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.map((x) => x.headers['x-ratelimit-remaining'])).toEqual(['4', '3', '2', '1', '0']);

    const sixth = await get(b.url, '/fhir/R4/metadata', from);
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(sixth.body.issue[0].code).toBe('throttled');
    expect((await get(a.url, '/fhir/R4/metadata', from)).status).toBe(429);
  });

  it('keeps its counters under the configured prefix, with an expiry', async () => {
    const keys = await keysUnder(redis, prefix);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.startsWith(`${prefix}rate-limit:`))).toBe(true);
    // Neither tokens nor usernames are stored in clear; the client key names the address.
    expect(keys.some((k) => k.endsWith('ip:127.0.0.2'))).toBe(true);
    const ttl = await redis.pttl(keys.find((k) => k.endsWith('ip:127.0.0.2'))!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });
});

describe('rate limits with Redis unreachable', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ REDIS_URL: DEAD_REDIS_URL, HALE_RATE_LIMIT_MAX: '2' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('starts, serves past the limit (fail open) and counts the failed checks', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await get(server.url, '/fhir/R4/metadata', '127.0.0.3')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(await metricTotal(server.hale.app.securityMetrics, 'hale_rate_limit_store_errors_total')).toBeGreaterThanOrEqual(5);
  });
});
