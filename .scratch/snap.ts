import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
const dir = mkdtempSync('/tmp/snap-');
const env = { ...process.env, PORT: '8097', HOST: '127.0.0.1', HALE_DATA_DIR: mkdtempSync('/tmp/idle-'), HALE_DEMO: '0', LOG_LEVEL: 'warn',
  HALE_ADMIN_PASSWORD: 'benchmark operator passphrase 2026', HALE_MFA_REQUIRED_ROLES: '',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', HALE_DB_SCHEMA: 'snap' + Date.now() };
const p = spawn(process.execPath, ['--heapsnapshot-signal=SIGUSR2', '--import', 'tsx', 'src/main.ts'], { env, cwd: process.cwd(), stdio: ['ignore', 'inherit', 'inherit'] });
const url = 'http://127.0.0.1:8097';
for (;;) { try { if ((await fetch(url + '/ready')).ok) break; } catch {} await new Promise((r) => setTimeout(r, 300)); }
await new Promise((r) => setTimeout(r, 3000));
p.kill('SIGUSR2');
await new Promise((r) => setTimeout(r, 15000));
p.kill('SIGTERM');
await new Promise((r) => p.on('exit', r));
console.log(readdirSync(process.cwd()).filter((f) => f.endsWith('.heapsnapshot')));
