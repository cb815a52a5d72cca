import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { startHale } from '../src/server.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
async function startTestServer() {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', HALE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'rtp-')), HALE_DEMO: '0', LOG_LEVEL: 'warn',
    HALE_ADMIN_PASSWORD: 'correct horse battery staple 42', HALE_MFA_REQUIRED_ROLES: '', HALE_RATE_LIMIT_MAX: '10000000',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL, HALE_DB_SCHEMA: 'rtprof' + Date.now(), HALE_DB_POOL_MAX: '8' } : {}) });
  const hale = await startHale(config, { memoryDb: true, logger: false, printSecret: () => {} });
  const login = await (await fetch(hale.url + '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'correct horse battery staple 42' }) })).json() as any;
  const token = login.accessToken;
  return {
    async fhir(method: string, p: string, body?: unknown) {
      const res = await fetch(`${hale.url}/fhir/R4/${p}`, { method, headers: { ...(body ? { 'content-type': 'application/fhir+json' } : {}), authorization: `Bearer ${token}` }, body: body ? JSON.stringify(body) : undefined });
      return { status: res.status, body: await res.json() as any };
    },
    stop: () => hale.close(),
  };
}
const require = createRequire(import.meta.url);
const EX = path.dirname(require.resolve('hl7.fhir.r4.examples/package.json'));
const files = readdirSync(EX).filter((f) => f.endsWith('.json') && f !== 'package.json' && !f.startsWith('.')).sort();
const s = await startTestServer();
const t0 = performance.now();
let next = 0, n = 0;
await Promise.all(Array.from({ length: 4 }, async () => {
  while (next < files.length) {
    const r = JSON.parse(readFileSync(path.join(EX, files[next++]!), 'utf8'));
    if (!r?.resourceType || r.resourceType === 'AuditEvent') continue;
    const w = r.id && /^[A-Za-z0-9\-.]{1,64}$/.test(r.id) ? await s.fhir('PUT', `${r.resourceType}/${r.id}`, r) : await s.fhir('POST', r.resourceType, r);
    if (w.status < 300) { await s.fhir('GET', `${r.resourceType}/${w.body.id}`); n++; }
  }
}));
console.log('roundtrips', n, Math.round(performance.now() - t0), 'ms');
await s.stop();
