/**
 * The `hale` command. Each command loads only its own code (lazy imports), so a
 * command starts fast.
 */
import { Command } from 'commander';

const program = new Command();
program.name('hale').description('Hale hospital platform: server and administration commands');

program
  .command('start')
  .description('start the server (same as npm start)')
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
