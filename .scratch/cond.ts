import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
const env = { ...process.env, PORT: '8095', HOST: '127.0.0.1', HALE_DATA_DIR: mkdtempSync('/tmp/cond-'), HALE_DEMO: '0', LOG_LEVEL: 'warn',
  HALE_ADMIN_PASSWORD: 'benchmark operator passphrase 2026', HALE_MFA_REQUIRED_ROLES: '', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', HALE_DB_SCHEMA: 'hale_bench_search_20000' };
const p = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
const url = 'http://127.0.0.1:8095';
for (;;) { try { if ((await fetch(url + '/ready')).ok) break; } catch {} await new Promise((r) => setTimeout(r, 300)); }
const login = (await (await fetch(url + '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: env.HALE_ADMIN_PASSWORD }) })).json()) as any;
for (const code of (process.argv[2] ?? 'J06.9,A09,N39.0,J20.9').split(',')) {
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = await fetch(`${url}/fhir/R4/Condition?code=${encodeURIComponent('http://hl7.org/fhir/sid/icd-10-cm|' + code)}`, { headers: { authorization: `Bearer ${login.accessToken}` } });
    const b = (await r.json()) as any;
    console.log(code, r.status, b.entry?.length, b.total, Math.round(performance.now() - t), 'ms');
  }
}
p.kill('SIGTERM');
await new Promise((r) => p.on('exit', r));
