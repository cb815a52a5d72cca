/**
 * Stopping the queue with a job running: the job finishes, its completion is written before
 * stop returns, and the database then closes under nothing (no statement of the queue's is
 * left to fail on a closed database, which surfaced as an unhandled rejection).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { openDatabase } from '../db/open-database.ts';
import type { Database } from '../db/types.ts';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '../../test/support/test-server.ts';
import { JobQueue, defineJob } from './queue.ts';

const schema = uniqueSchema();
let db: Database;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  db = await openDatabase({ databaseUrl: testDatabaseUrl(), dbSchema: schema, pgliteDir: 'memory' });
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await dropSchema(schema);
});

describe('job queue stop', () => {
  it('lets a running job finish and records it completed before the database closes', async () => {
    const queue = await JobQueue.start(db, { schema: `${schema}_jobs`, work: true, pollSeconds: 0.5 }, pino({ level: 'silent' }));
    const job = defineJob<{ n: number }>('slow-job', { retryLimit: 2, retryDelaySeconds: 1 });
    await queue.define(job);
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    await queue.work(job, async ({ data }) => {
      started();
      await new Promise((r) => setTimeout(r, 300));
      return { doubled: data.n * 2 };
    });
    await queue.enqueue(job, { n: 21 });
    await running;

    await queue.stop(5000);
    const [done] = await queue.jobs(job);
    expect(done).toMatchObject({ state: 'completed', output: { doubled: 42 } });

    expect(unhandled).toEqual([]);
  });

  it('a job fetched as the queue stops either finishes before stop returns or is left to run again; nothing touches the closed database', async () => {
    const queue = await JobQueue.start(db, { schema: `${schema}_jobs`, work: true, pollSeconds: 0.5 }, pino({ level: 'silent' }));
    const job = defineJob<{ n: number }>('late-job', { retryLimit: 2, retryDelaySeconds: 60 });
    await queue.define(job);
    const events: string[] = [];
    await queue.work(job, async () => {
      events.push('job started');
      await db.query('SELECT pg_sleep(0.05)');
      events.push('job ended');
    });
    // Enqueuing wakes the worker: its fetch is in flight, or just returned, as the stop begins.
    await queue.enqueue(job, { n: 1 });
    await new Promise((r) => setTimeout(r, 1));
    await queue.stop(1000);
    events.push('stopped');
    const [left] = await queue.jobs(job);
    await db.close();
    await new Promise((r) => setTimeout(r, 500));
    if (events[0] === 'job started') {
      expect(events).toEqual(['job started', 'job ended', 'stopped']);
      expect(left!.state).toBe('completed');
    } else {
      expect(events).toEqual(['stopped']);
      expect(['created', 'retry']).toContain(left!.state);
    }
    expect(unhandled).toEqual([]);
  });
});
