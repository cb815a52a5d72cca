import { defineConfig } from 'vitest/config';

/**
 * Test files that touch no database (pure functions, the validator, the web app's components):
 * the PostgreSQL pass (DATABASE_URL set) leaves them out, since they would test the same thing
 * twice. A file that starts a server or opens a store must not be listed here.
 */
const DATABASE_FREE = [
  'web/src/**/*.test.{ts,tsx}',
  'src/access/access-scope.test.ts',
  'src/access/care-link-rows.test.ts',
  'src/access/permissions-doc.test.ts',
  'src/access/tokens.test.ts',
  'src/audit/audit-csv.test.ts',
  'src/audit/audit-event-resource.test.ts',
  'src/crypto/key-ring.test.ts',
  'src/crypto/sensitive-fields.test.ts',
  'src/demo/generate-patients.test.ts',
  'src/fhir/search/{composite-rows,extract,member-path,param-expression,parse-key,parse,ranges,single-valued,supported,text-rows}.test.ts',
  'src/fhir/store/{appointment-busy,read-coalescer}.test.ts',
  'src/fhir/validation/validate-resource.test.ts',
  'src/modules/patients/{document-type,duplicate-score,json-diff,lookup-query,mrn,patient-references,validate-registration}.test.ts',
  'src/modules/scheduling/{open-windows,recurrence,zoned-time}.test.ts',
  'src/modules/notifications/{ics,quiet-hours,notification-config}.test.ts',
  'test/conformance-examples-validator.test.ts',
];

/**
 * Tests that measure the heap of the process they run in: in a worker that ran other files
 * before them, that heap is whatever those files left (the quiet-server collection test then
 * saw no growth worth a collection after its burst).
 */
const OWN_HEAP = ['src/ops/idle-heap-compaction.test.ts'];

const excluded = ['test/e2e/**', 'node_modules/**', ...(process.env.DATABASE_URL ? DATABASE_FREE : [])];

export default defineConfig({
  test: {
    // One migrated embedded database that in-memory test servers start from (PGlite pass only).
    // And the server's and CLI's entry points built once for the tests that start them as processes.
    globalSetup: ['test/support/pglite-seed.global.ts', 'test/support/hale-build.global.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...excluded, ...OWN_HEAP],
          // Files share their worker process one after another instead of getting a fresh one
          // each (the forks pool below is not isolated): loading the server's modules and the
          // FHIR definitions, about 5 s of CPU, is paid once per worker, not once per file.
          // Nothing else is shared: each file starts its own servers on a database of its own
          // (in-memory PGlite, or a schema of its own on PostgreSQL), and a file that changes
          // process state (environment, timers, spies) puts it back when it ends.
          pool: 'forks',
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'own heap',
          include: OWN_HEAP,
          exclude: excluded,
          // A fresh worker thread, whose V8 heap holds nothing from other files.
          pool: 'threads',
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'web',
          include: ['web/src/**/*.test.{ts,tsx}'],
          exclude: excluded,
          // Component tests choose jsdom in their first line; this file only prepares it.
          setupFiles: ['web/src/test/setup.ts'],
          // Each file in a fresh worker (threads, isolated): Testing Library binds its screen
          // queries to the first document it sees, so files cannot share a module cache.
          // After the server files, so no more than maxWorkers files run at once.
          pool: 'threads',
          sequence: { groupOrder: 1 },
        },
      },
    ],
    // Each test file runs its own servers on its own database (in-memory PGlite, or a schema
    // of its own on PostgreSQL), so files run in parallel without seeing each other. The forks
    // pool (the server files) keeps its workers from file to file; see the server project.
    poolOptions: { forks: { isolate: false } },
    // Two files at a time: much of a file's time is spent waiting (child servers starting,
    // PostgreSQL working), so two share the 2-core machines of CI without slowing each other much.
    // A third file once left a worker without an answer from the runner for a minute (vitest's
    // fixed RPC timeout) and was no faster.
    maxWorkers: 2,
    minWorkers: 1,
    // Guards against a hung test, not performance limits: some tests start a server six times,
    // which takes a while on a busy machine.
    testTimeout: 240_000,
    hookTimeout: 240_000,
    reporters: ['default'],
  },
});
