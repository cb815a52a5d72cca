/**
 * The patient search screen in Chromium, as a receptionist uses it: type a query at a
 * typist's pace and time from the last key to the results painted (the list says which
 * text its results answer, data-results-for, and a frame is awaited). The baseline is a
 * round trip from the same page to the same server for the signed-in account (GET
 * /api/v1/auth/me: cookie, session check, JSON), measured between the queries.
 */
import { chromium, type Page } from '@playwright/test';

export interface LatencyRun {
  screenMs: number[];
  /** Server time of the lookup request itself (Resource Timing: request start to response end). */
  requestMs: number[];
  baselineMs: number[];
}

const KEY_DELAY_MS = 70;

export async function measureSearchScreen(url: string, username: string, password: string, queries: string[]): Promise<LatencyRun> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel(/^Password/).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: /Account menu/ }).waitFor();
    await page.goto(`${url}/patients`);
    const box = page.getByRole('combobox', { name: /Name, birth date/ });
    await box.waitFor();
    const run: LatencyRun = { screenMs: [], requestMs: [], baselineMs: [] };
    // Warm-up: one pass over every query first (code loading, connections, and the
    // database's cache, as on a desk that has been searching all morning); then the measured pass.
    for (const [i, q] of [...queries, ...queries].entries()) {
      const screen = await timeQuery(page, q);
      const request = await page.evaluate((text) => {
        const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        const hit = entries
          .filter((e) => e.name.includes('/api/v1/patients/search') && new URL(e.name).searchParams.get('q') === text)
          .at(-1);
        performance.clearResourceTimings();
        return hit ? hit.responseEnd - hit.requestStart : NaN;
      }, q.trim());
      const baseline = await page.evaluate(async () => {
        const t0 = performance.now();
        await (await fetch('/api/v1/auth/me')).json();
        return performance.now() - t0;
      });
      if (i < queries.length) continue;
      run.screenMs.push(screen);
      run.requestMs.push(request);
      run.baselineMs.push(baseline);
    }
    return run;
  } finally {
    await browser.close();
  }
}

/** Clears the box, types the query key by key, and times the last key to the painted results. */
async function timeQuery(page: Page, query: string): Promise<number> {
  const box = page.getByRole('combobox', { name: /Name, birth date/ });
  await box.fill('');
  await page.waitForFunction(() => document.querySelector('[role=listbox]')?.getAttribute('data-results-for') === '');
  await page.evaluate((expected) => {
    const w = window as unknown as { __lastKey: number; __painted: Promise<number> };
    document.addEventListener('keydown', () => (w.__lastKey = performance.now()), { capture: true });
    w.__painted = new Promise<number>((resolve) => {
      const list = document.querySelector('[role=listbox]')!;
      const observer = new MutationObserver(() => {
        if (list.getAttribute('data-results-for') !== expected) return;
        observer.disconnect();
        requestAnimationFrame(() => resolve(performance.now()));
      });
      observer.observe(list, { attributes: true, attributeFilter: ['data-results-for'] });
    });
  }, query.trim());
  await box.pressSequentially(query, { delay: KEY_DELAY_MS });
  return page.evaluate(async () => {
    const w = window as unknown as { __lastKey: number; __painted: Promise<number> };
    return (await w.__painted) - w.__lastKey;
  });
}
