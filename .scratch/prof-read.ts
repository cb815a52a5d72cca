// Spawns a Hale server on PostgreSQL with --cpu-prof, seeds patients, drives reads (and creates), stops it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { PATIENT_JSON } from '../bench/core/load.ts';
const mode = process.argv[2] ?? 'read';
const conc = Number(process.argv[3] ?? 16);
const prof = process.argv.includes('--prof');
const schema = 'prof' + Date.now();
const env = { ...process.env, PORT: '8099', HOST: '127.0.0.1', HALE_DATA_DIR: mkdtempSync('/tmp/prof-'), HALE_DEMO: '0', LOG_LEVEL: 'warn',
  HALE_ADMIN_PASSWORD: 'benchmark operator passphrase 2026', HALE_MFA_REQUIRED_ROLES: '', HALE_RATE_LIMIT_MAX: '10000000',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', HALE_DB_SCHEMA: schema };
const args = [...(prof ? ['--cpu-prof', '--cpu-prof-dir=/tmp/readprof'] : []), '--import', 'tsx', 'src/main.ts'];
const p = spawn(process.execPath, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
const url = 'http://127.0.0.1:8099';
for (;;) { try { if ((await fetch(url + '/ready')).ok) break; } catch {} await new Promise((r) => setTimeout(r, 300)); }
const login = (await (await fetch(url + '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: env.HALE_ADMIN_PASSWORD }) })).json()) as any;
const auth = { authorization: `Bearer ${login.accessToken}` };
const ids: string[] = [];
for (let i = 0; i < 300; i++) {
  const r = await fetch(url + '/fhir/R4/Patient', { method: 'POST', headers: { ...auth, 'content-type': 'application/fhir+json', prefer: 'return=minimal' }, body: PATIENT_JSON });
  ids.push(/Patient\/([^/]+)/.exec(r.headers.get('location')!)![1]!);
}
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'))![1]) / 1024;
console.log('rss after seed MB', rss().toFixed(0));
const run = (duration: number) => new Promise<any>((resolve) => {
  let i = 0;
  autocannon({ url, connections: conc, duration,
    requests: mode === 'read' ? [{ method: 'GET', setupRequest: (r: any) => ({ ...r, path: `/fhir/R4/Patient/${ids[i++ % ids.length]}`, headers: auth }) }]
      : [{ method: 'POST', path: '/fhir/R4/Patient', headers: { ...auth, 'content-type': 'application/fhir+json', prefer: 'return=minimal' }, body: PATIENT_JSON }] }, (_e: unknown, r: any) => resolve(r));
});
await run(3);
const r = await run(Number(process.env.DUR ?? 10));
console.log(mode, 'c=' + conc, 'req/s', Math.round(r.requests.average), 'p50', r.latency.p50, 'p99', r.latency.p99, 'non2xx', r.non2xx);
console.log('rss after load MB', rss().toFixed(0));
const met = await (await fetch(url + '/metrics', { headers: auth })).text();
console.log(met.split('\n').filter((l) => /^(nodejs_heap_size|nodejs_external|process_resident|nodejs_heap_space_size_used|nodejs_heap_space_size_total)/.test(l)).join('\n'));
p.kill('SIGTERM');
await new Promise((r) => p.on('exit', r));
