/**
 * Browser tests: Debian's Chromium driven by Playwright against a real Hale server
 * (test/e2e/serve.ts). Screenshots of each main screen go to test-results/screenshots.
 */
import { defineConfig } from '@playwright/test';
import { E2E_PORT, RESULTS_DIR } from './e2e-env.ts';

export default defineConfig({
  testDir: '.',
  testMatch: '*.e2e.ts',
  outputDir: `${RESULTS_DIR}/playwright`,
  // One server, flows that share it: run files one after another, as users would not race.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  // Hang guards, not speed checks. On a loaded 2-core machine the longest flow took 72 s that
  // takes 22 s alone; the guards leave room for a slower machine.
  timeout: 240_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    viewport: { width: 1280, height: 860 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: 'npx tsx serve.ts',
    cwd: import.meta.dirname,
    url: `http://127.0.0.1:${E2E_PORT}/ready`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
