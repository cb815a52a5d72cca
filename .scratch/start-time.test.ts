import { test } from 'vitest';
import { startTestServer } from '../test/support/test-server.ts';
test('start', async () => {
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const s = await startTestServer();
    const t1 = performance.now();
    await s.stop();
    console.log('start', Math.round(t1 - t0), 'stop', Math.round(performance.now() - t1));
  }
});
