import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
const schema = 'idle' + Date.now();
const env = { ...process.env, PORT: '8098', HOST: '127.0.0.1', HALE_DATA_DIR: mkdtempSync('/tmp/idle-'), HALE_DEMO: '0', LOG_LEVEL: 'warn',
  HALE_ADMIN_PASSWORD: 'benchmark operator passphrase 2026', HALE_MFA_REQUIRED_ROLES: '',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', HALE_DB_SCHEMA: schema };
const cmd = process.argv.slice(2);
const p = spawn(process.execPath, cmd.length ? cmd : ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
const url = 'http://127.0.0.1:8098';
for (;;) { try { if ((await fetch(url + '/ready')).ok) break; } catch {} await new Promise((r) => setTimeout(r, 300)); }
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'))![1]) / 1024;
const login = (await (await fetch(url + '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: env.HALE_ADMIN_PASSWORD }) })).json()) as any;
const met = async () => (await (await fetch(url + '/metrics', { headers: { authorization: `Bearer ${login.accessToken}` } })).text()).split('\n').filter((l) => /^(nodejs_heap_size_used|nodejs_heap_size_total|nodejs_external)/.test(l)).join(' | ');
console.log('ready rss', rss().toFixed(0), await met());
await new Promise((r) => setTimeout(r, 15000));
console.log('15 s idle rss', rss().toFixed(0), await met());
p.kill('SIGTERM');
await new Promise((r) => p.on('exit', r));
