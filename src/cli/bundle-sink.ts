/**
 * Where `hale import` and `hale generate` write their Bundles: the store itself (migrated,
 * with field encryption, as the system), or a running server's FHIR API, either when asked
 * (`--server URL`) or when that server holds the embedded data folder (opening it a second
 * time would corrupt it).
 */
import type { Config } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { statisticsDuringLoad } from '../db/table-statistics.ts';
import { systemContext } from '../fhir/acting-context.ts';
import { definitions } from '../fhir/definitions.ts';
import { openFieldEncryption } from '../crypto/field-encryption.ts';
import { loadOrCreateSecrets } from '../ops/secrets.ts';
import { FhirRepository } from '../fhir/store/repository.ts';
import { repositorySink, throwOnFailedEntry, type BundleSink } from '../import/import-files.ts';
import { DataDirLockedError } from '../ops/data-dir-lock.ts';
import { openStoreForCli } from './open-store.ts';

/**
 * Runs `write` with a sink for `command`; `doing` completes "...; <doing> through it" when
 * the data folder turns out to be held by a running server. Returns write's exit code, or 2
 * when the folder is held and no server answers.
 */
export async function withBundleSink(
  config: Config,
  command: string,
  doing: string,
  server: string | undefined,
  write: (sink: BundleSink) => Promise<number>,
): Promise<number> {
  // The bundles are validated against the R4 definitions: indexed before the first one goes
  // to a server, or while the store opens.
  const throughServer = (url: string) => {
    definitions();
    return write(httpSink(url));
  };
  if (server) return throughServer(server);
  let store;
  try {
    store = await openStoreForCli(config, command, definitions);
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    const url = process.env.HALE_URL ?? `http://127.0.0.1:${config.port}`;
    if (!(await serverReady(url))) {
      console.error(err.message);
      return 2;
    }
    console.error(`The data folder is in use by the running server; ${doing} through it at ${url}.`);
    return throughServer(url);
  }
  try {
    await migrate(store.db);
    // Records written here get the same field encryption as any other write.
    const { fields } = await openFieldEncryption({
      db: store.db,
      dataDir: config.dataDir,
      fieldKey: loadOrCreateSecrets(config.dataDir).fieldKey,
    });
    const repo = new FhirRepository(store.db, systemContext(command), { careLinks: config.careRelationship, fields });
    const statistics = statisticsDuringLoad(store.db, (err) =>
      console.error(
        `Refreshing the planner's table statistics failed (the load goes on): ${err instanceof Error ? err.message : String(err)}`,
      ),
    );
    const sink = repositorySink(repo);
    const code = await write(async (bundle) => {
      await sink(bundle);
      await statistics.after();
    });
    await statistics.finish();
    return code;
  } finally {
    await store.close();
  }
}

/**
 * Credentials for a running server: HALE_TOKEN (an access token), or HALE_USER and
 * HALE_PASSWORD to sign in (environment only, so the password is not in the shell history
 * or the process list).
 */
async function bearerToken(root: string): Promise<string> {
  if (process.env.HALE_TOKEN) return process.env.HALE_TOKEN;
  const username = process.env.HALE_USER;
  const password = process.env.HALE_PASSWORD;
  if (!username || !password)
    throw new Error('Importing through a server needs HALE_TOKEN, or HALE_USER and HALE_PASSWORD, in the environment');
  const res = await fetch(`${root}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, ...(process.env.HALE_TOTP ? { totp: process.env.HALE_TOTP } : {}) }),
  });
  const body = (await res.json().catch(() => ({}))) as { accessToken?: string; scope?: string; error?: { message?: string } };
  if (!res.ok || !body.accessToken) throw new Error(`Sign-in as ${username} failed: ${body.error?.message ?? res.status}`);
  if (body.scope !== 'full') throw new Error(`The account ${username} must first finish its set-up (${body.scope}) in the web app`);
  return body.accessToken;
}

export function httpSink(baseUrl: string): BundleSink {
  const root = baseUrl.replace(/\/+$/, '');
  const url = `${root}/fhir/R4`;
  let token: Promise<string> | undefined;
  return async (bundle) => {
    token ??= bearerToken(root);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', prefer: 'return=minimal', authorization: `Bearer ${await token}` },
      body: JSON.stringify(bundle),
    });
    const body = (await res.json().catch(() => undefined)) as { issue?: { diagnostics?: string }[] } | undefined;
    if (!res.ok) throw new Error(`server answered ${res.status}: ${body?.issue?.map((i) => i.diagnostics).join('; ') ?? ''}`);
    throwOnFailedEntry(body as Parameters<typeof throwOnFailedEntry>[0]);
  };
}

export async function serverReady(url: string): Promise<boolean> {
  try {
    const r = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2000) });
    return r.ok;
  } catch {
    return false;
  }
}
