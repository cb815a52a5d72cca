/**
 * Builds the web app when it is missing: `npm install` builds it (postinstall), but a copy
 * installed some other way still gets it on first start, with no second command. Without
 * the build tools (a production install without dev packages) the server runs API-only
 * and says so.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WEB_DIST_DIR } from '../http/web-app.ts';

const WEB_CONFIG = fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url));

export async function ensureWebAppBuilt(log: { info(message: string): void; warn(message: string): void }): Promise<void> {
  if (existsSync(path.join(WEB_DIST_DIR, 'index.html'))) return;
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    log.warn(
      'The web app is not built and the build tools are not installed (npm install without --omit=dev builds it); serving the API only',
    );
    return;
  }
  log.info('Building the web app (first start; takes a few seconds)');
  await vite.build({ configFile: WEB_CONFIG, logLevel: 'warn' });
}
