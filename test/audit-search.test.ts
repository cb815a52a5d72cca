/**
 * Searching the audit trail as an auditor does: by user, patient, action (our names or the
 * FHIR subtype codes), outcome and date range, paged; and the CSV export, which streams
 * every matching row exactly once even while new records keep arriving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HaleError } from '../src/errors.ts';
import type { AuditRecord } from '../src/audit/audit-record.ts';
import { allAuditEvents, parseAuditQuery, searchAuditEvents } from '../src/audit/audit-search.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  const rec = (userId: string, action: string, patientIds: string[], requestId: string, extra: Partial<AuditRecord> = {}): AuditRecord => ({
    userId,
    roles: ['doctor'],
    action,
    outcome: 'success',
    resourceType: 'Observation',
    patientIds,
    requestId,
    ...extra,
  });
  await s.hale.db.transaction((tx) =>
    s.hale.auditLog.appendInTx(tx, [
      rec('s-alice', 'read', ['sp-1'], 'day1-late', { resourceId: 'o-1' }),
      rec('s-alice', 'search', ['sp-1', 'sp-2'], 'day2-early', { query: 'code=x' }),
      rec('s-bob', 'read', ['sp-2'], 'day2-mid', { resourceId: 'o-2' }),
      rec('s-bob', 'update', ['sp-2'], 'day3', { resourceId: 'o-2', outcome: 'denied' }),
      rec('s-carol', 'history', ['sp-3'], 'day4', { resourceId: 'o-3' }),
    ]),
  );
  // Known times around a UTC day boundary (rows are not sealed yet, so this is no tampering).
  const at = {
    'day1-late': '2026-03-01T23:59:59.999Z',
    'day2-early': '2026-03-02T00:00:00Z',
    'day2-mid': '2026-03-02T12:00:00Z',
    day3: '2026-03-03T08:00:00Z',
    day4: '2026-03-04T08:00:00Z',
  };
  for (const [req, t] of Object.entries(at))
    await s.hale.db.query('UPDATE audit_event SET recorded_at = $2 WHERE request_id = $1', [req, t]);
});
afterAll(() => s?.stop());

/** request ids of the matches, in answer order, among this file's rows */
async function find(query: Record<string, string>): Promise<string[]> {
  const r = await searchAuditEvents(s.hale.db, new URLSearchParams({ user: 's-alice,s-bob,s-carol', ...query }));
  return r.rows.map((row) => row.request_id!);
}

describe('audit search', () => {
  it('finds by user, patient, action, subtype and outcome', async () => {
    expect(await find({ user: 's-bob' })).toEqual(['day3', 'day2-mid']);
    expect(await find({ 'user:not': 's-bob' })).toEqual(['day4', 'day2-early', 'day1-late']);
    expect(await find({ patient: 'sp-1' })).toEqual(['day2-early', 'day1-late']);
    expect(await find({ patient: 'Patient/sp-3' })).toEqual(['day4']);
    expect(await find({ action: 'read' })).toEqual(['day2-mid', 'day1-late']);
    expect(await find({ action: 'update,history' })).toEqual(['day4', 'day3']);
    expect(await find({ subtype: 'search-type' })).toEqual(['day2-early']);
    expect(await find({ subtype: 'history-instance' })).toEqual(['day4']);
    expect(await find({ outcome: '4' })).toEqual(['day3']);
    expect(await find({ entity: 'Observation/o-2' })).toEqual(['day3', 'day2-mid']);
  });

  it('finds by date range, a day meaning the UTC day', async () => {
    expect(await find({ date: '2026-03-02' })).toEqual(['day2-mid', 'day2-early']);
    expect(await find({ date: 'le2026-03-01' })).toEqual(['day1-late']);
    expect(await find({ date: 'lt2026-03-02' })).toEqual(['day1-late']);
    expect(await find({ date: 'gt2026-03-02' })).toEqual(['day4', 'day3']);
    const both = new URLSearchParams({ user: 's-alice,s-bob,s-carol', date: 'ge2026-03-02T06:00:00Z' });
    both.append('date', 'lt2026-03-04');
    expect((await searchAuditEvents(s.hale.db, both)).rows.map((r) => r.request_id)).toEqual(['day3', 'day2-mid']);
  });

  it('sorts, pages and counts', async () => {
    expect(await find({ _sort: 'date', _count: '2' })).toEqual(['day1-late', 'day2-early']);
    expect(await find({ _sort: 'date', _count: '2', _offset: '2' })).toEqual(['day2-mid', 'day3']);
    const countOnly = await searchAuditEvents(s.hale.db, new URLSearchParams({ user: 's-alice', _count: '0' }));
    expect(countOnly).toMatchObject({ total: 2, rows: [] });
  });

  it.each<Record<string, string>>([
    { _offset: 'Infinity' },
    { _count: '-1' },
    { _sort: 'user' },
    { date: 'yesterday' },
    { patinet: 'sp-1' },
  ])('refuses %o as a bad request', (query) => {
    expect(() => parseAuditQuery(new URLSearchParams(query))).toThrow(HaleError);
    try {
      parseAuditQuery(new URLSearchParams(query));
    } catch (err) {
      expect((err as HaleError).code).toBe('bad-request');
    }
  });

  it('exports every matching row once while new records keep arriving', async () => {
    const extra = Array.from({ length: 40 }, (_, i): AuditRecord => ({
      userId: 'exporter-subject',
      roles: ['nurse'],
      action: 'read',
      outcome: 'success',
      requestId: `x-${i}`,
    }));
    await s.hale.db.transaction((tx) => s.hale.auditLog.appendInTx(tx, extra));
    const seen: string[] = [];
    let arrivals = 0;
    for await (const page of allAuditEvents(s.hale.db, parseAuditQuery(new URLSearchParams({ user: 'exporter-subject' })), 7)) {
      seen.push(...page.map((r) => r.request_id!));
      // traffic during the export: newer rows must neither shift the pages nor join them
      await s.hale.auditLog.record([{ ...extra[0]!, requestId: `late-${arrivals++}` }]);
    }
    expect(arrivals).toBe(6);
    expect(new Set(seen).size).toBe(40);
    expect(seen).toHaveLength(40);
    expect(seen.every((r) => r.startsWith('x-'))).toBe(true);
  });

  it('streams the CSV export over HTTP to admins, and a bad parameter is a 400 before any CSV', async () => {
    const get = (q: string) => fetch(`${s.url}/api/v1/audit/events.csv?${q}`, { headers: { authorization: `Bearer ${s.adminToken}` } });
    const ok = await get('user=s-alice,s-bob');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(ok.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-.*\.csv"$/);
    const lines = (await ok.text()).split('\r\n');
    expect(lines[0]).toMatch(/^seq,recorded_at,user_id,/);
    expect(lines.filter((l) => l.includes(',s-alice,') || l.includes(',s-bob,'))).toHaveLength(4);
    expect(lines.at(-1)).toBe('');

    const bad = await get('date=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/json/);
    const anonymous = await fetch(`${s.url}/api/v1/audit/events.csv`);
    expect(anonymous.status).toBe(401);
  });
});
