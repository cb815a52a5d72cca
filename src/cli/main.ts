/**
 * The `hale` command. Each command loads only its own code (lazy imports), so a
 * command starts fast.
 */
import { Command } from 'commander';

const program = new Command();
program.name('hale').description('Hale hospital platform: server and administration commands');

program
  .command('start')
  .description('start the server from its TypeScript sources (npm start runs it built to JavaScript, in less memory)')
  .action(async () => {
    await import('../main.ts');
  });

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(async () => {
    const { migrateCommand } = await import('./migrate-command.ts');
    process.exitCode = await migrateCommand();
  });

program
  .command('import')
  .description('import FHIR Bundles (e.g. Synthea output) or NDJSON from a file or folder (.json, .ndjson, optionally .gz)')
  .argument('<path>', 'file or folder')
  .option('--server <url>', 'import through a running Hale server instead of opening the database')
  .option('--concurrency <n>', 'bundles imported at once (default 4 on PostgreSQL or through a server, 1 embedded)')
  .option('--quiet', 'no progress bar')
  .action(async (target: string, opts: { server?: string; quiet?: boolean; concurrency?: string }) => {
    const { importCommand } = await import('./import-command.ts');
    process.exitCode = await importCommand(target, opts);
  });

program
  .command('generate')
  .description('generate realistic patients (encounters, observations, conditions, medications) and load them like an import')
  .requiredOption('--patients <n>', 'how many patients')
  .option('--seed <s>', 'the same seed makes the same patients (default 1)')
  .option(
    '--size <size>',
    'resources per patient: demographics (the Patient alone), light (~15), typical (~100) or heavy (~600); default typical',
  )
  .option('--offset <k>', 'start at patient k+1, to add patients to an earlier run (default 0)')
  .option('--as-of <date>', 'the date the histories end (YYYY-MM-DD; default the first day of this month)')
  .option('--concurrency <n>', 'patients loaded at once (default 4 on PostgreSQL or through a server, 1 embedded)')
  .option('--server <url>', 'load through a running Hale server instead of opening the database')
  .option('--quiet', 'no progress bar')
  .action(async (opts: import('./generate-command.ts').GenerateFlags) => {
    const { generateCommand } = await import('./generate-command.ts');
    process.exitCode = await generateCommand(opts);
  });

program
  .command('reindex')
  .description('rebuild the search index of stored resources from their content (after an upgrade that changes search), with progress')
  .option('--type <types...>', 'only these resource types (several, or repeated; default all)')
  .option('--batch <n>', 'resources per batch, one transaction each (default 500)')
  .option('--quiet', 'no progress bar')
  .action(async (opts: import('./reindex-command.ts').ReindexFlags) => {
    const { reindexCommand } = await import('./reindex-command.ts');
    process.exitCode = await reindexCommand(opts);
  });

const audit = program.command('audit').description('the audit trail');
audit
  .command('verify')
  .description('recompute the audit chain and report the first tampered, missing, inserted or reordered record and any truncation')
  .action(async () => {
    const { auditVerifyCommand } = await import('./audit-command.ts');
    process.exitCode = await auditVerifyCommand();
  });

const keys = program.command('keys').description('field-encryption keys');
keys
  .command('rotate')
  .description('add a new field-encryption key and re-encrypt stored sensitive fields with it, with progress')
  .action(async () => {
    const { keysRotateCommand } = await import('./keys-command.ts');
    process.exitCode = await keysRotateCommand();
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
