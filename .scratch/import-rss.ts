import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { haleImport, importSet } from '../bench/core/import.ts';
const schema = 'irss' + Date.now();
const env = { ...process.env, PORT: '8096', HOST: '127.0.0.1', HALE_DATA_DIR: mkdtempSync('/tmp/irss-'), HALE_DEMO: '0', LOG_LEVEL: 'warn',
  HALE_ADMIN_PASSWORD: 'benchmark operator passphrase 2026', HALE_MFA_REQUIRED_ROLES: '', HALE_RATE_LIMIT_MAX: '10000000',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', HALE_DB_SCHEMA: schema };
const p = spawn(process.execPath, [...(process.env.FLAGS ? process.env.FLAGS.split(' ') : []), '--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
const url = 'http://127.0.0.1:8096';
for (;;) { try { if ((await fetch(url + '/ready')).ok) break; } catch {} await new Promise((r) => setTimeout(r, 300)); }
const mem = () => { const s = readFileSync(`/proc/${p.pid}/status`, 'utf8'); return `rss ${(Number(/VmRSS:\s+(\d+)/.exec(s)![1]) / 1024).toFixed(0)} peak ${(Number(/VmHWM:\s+(\d+)/.exec(s)![1]) / 1024).toFixed(0)}`; };
console.log('ready', mem());
const set = importSet('../shared/data/synthea/bundles');
const r = await haleImport(set.dir, { HALE_USER: 'admin', HALE_PASSWORD: env.HALE_ADMIN_PASSWORD }, url);
console.log('import', Math.round(r.perS), 'res/s', mem());
await new Promise((r) => setTimeout(r, 10000));
console.log('10 s later', mem());
p.kill('SIGTERM');
await new Promise((r) => p.on('exit', r));
