/**
 * `hale import <file-or-folder> [--server URL]`. On an embedded folder that a running
 * server holds, the import goes through that server's FHIR API instead of opening the
 * folder a second time (which would corrupt it).
 */
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { systemContext } from '../fhir/acting-context.ts';
import { definitions } from '../fhir/definitions.ts';
import { openFieldEncryption } from '../crypto/field-encryption.ts';
import { loadOrCreateSecrets } from '../ops/secrets.ts';
import { FhirRepository } from '../fhir/store/repository.ts';
import { importPath, repositorySink, throwOnFailedEntry, type BundleSink, type ImportSummary } from '../import/import-files.ts';
import { DataDirLockedError } from '../ops/data-dir-lock.ts';
import { openStoreForCli } from './open-store.ts';

export async function importCommand(target: string, opts: { server?: string; quiet?: boolean; concurrency?: string }): Promise<number> {
  const config = loadConfig();
  definitions();
  // Several bundles at once pay off on a PostgreSQL pool; the embedded engine has one connection.
  const concurrency = opts.concurrency ? Number(opts.concurrency) : config.databaseUrl || opts.server ? 4 : 1;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    console.error('--concurrency must be a whole number from 1 to 64');
    return 2;
  }
  if (opts.server) return runImport(target, httpSink(opts.server), concurrency, opts.quiet);
  let store;
  try {
    store = await openStoreForCli(config, 'import');
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    const url = process.env.HALE_URL ?? `http://127.0.0.1:${config.port}`;
    if (!(await serverReady(url))) {
      console.error(err.message);
      return 2;
    }
    console.error(`The data folder is in use by the running server; importing through it at ${url}.`);
    return runImport(target, httpSink(url), concurrency, opts.quiet);
  }
  try {
    await migrate(store.db);
    // Imported records get the same field encryption as any other write.
    const { fields } = await openFieldEncryption({
      db: store.db,
      dataDir: config.dataDir,
      fieldKey: loadOrCreateSecrets(config.dataDir).fieldKey,
    });
    const repo = new FhirRepository(store.db, systemContext('import'), { careLinks: config.careRelationship, fields });
    return await runImport(target, repositorySink(repo), concurrency, opts.quiet);
  } finally {
    await store.close();
  }
}

async function runImport(target: string, sink: BundleSink, concurrency: number, quiet = false): Promise<number> {
  const bar = new SingleBar(
    {
      format: 'Importing [{bar}] {value}/{total} files | {resources} resources | {rate} resources/s',
      hideCursor: true,
      noTTYOutput: !quiet,
      notTTYSchedule: 2000,
    },
    Presets.shades_classic,
  );
  if (!quiet) bar.start(1, 0, { resources: 0, rate: 0 });
  const summary = await importPath(
    target,
    sink,
    (p) => {
      if (quiet) return;
      bar.setTotal(p.filesTotal);
      bar.update(p.filesDone, { resources: p.resources, rate: Math.round(p.resources / Math.max(p.elapsedMs / 1000, 0.001)) });
    },
    concurrency,
  );
  if (!quiet) bar.stop();
  printSummary(summary);
  return summary.failed.length ? 1 : 0;
}

function printSummary(s: ImportSummary): void {
  const secs = s.elapsedMs / 1000;
  console.log(
    `\nImported ${s.resources} resources from ${s.files - s.failed.length} of ${s.files} files in ${secs.toFixed(1)} s (${Math.round(s.resources / Math.max(secs, 0.001))} resources/s)`,
  );
  const rows = Object.entries(s.byType).sort((a, b) => b[1] - a[1]);
  const width = Math.max(12, ...rows.map(([t]) => t.length));
  for (const [type, n] of rows) console.log(`  ${type.padEnd(width)} ${String(n).padStart(8)}`);
  for (const f of s.failed) console.error(`FAILED ${f.file}: ${f.reason}`);
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
