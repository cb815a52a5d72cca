import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The web app's component tests use no database: the PostgreSQL pass (DATABASE_URL) skips them.
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', ...(process.env.DATABASE_URL ? [] : ['web/src/**/*.test.{ts,tsx}'])],
    // Web component tests choose jsdom in their first line; this file only prepares it.
    setupFiles: ['web/src/test/setup.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    // Each test file gets its own process and its own database (in-memory PGlite, or a
    // schema of its own on PostgreSQL), so files run in parallel without seeing each other.
    pool: 'forks',
    // Two files at a time: much of a file's time is spent waiting (child servers starting,
    // PostgreSQL working), so two share the 2-core machines of CI without slowing each other much.
    maxWorkers: 2,
    minWorkers: 1,
    // Guards against a hung test, not performance limits: some tests start a server six times,
    // which takes a while on a busy machine.
    testTimeout: 240_000,
    hookTimeout: 240_000,
    reporters: ['default'],
  },
});
