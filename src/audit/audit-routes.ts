/**
 * Reading the audit trail. Admins and auditors: GET /fhir/R4/AuditEvent (search) and
 * /fhir/R4/AuditEvent/:id as FHIR, and /api/v1/audit/events(.csv) for the screens and
 * exports. A patient: /api/v1/audit/my-record, who opened their record
 * (my-record-accesses.ts). Reading the trail is itself audited (an export for CSV).
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../db/types.ts';
import { HaleError } from '../errors.ts';
import { requireContext, requireRole } from '../http/authenticate.ts';
import { baseUrlFor } from '../http/fhir-routes.ts';
import { auditRecordBy } from '../access/security-audit.ts';
import type { AuditLog } from './audit-log.ts';
import { auditEventResource } from './audit-event-resource.ts';
import { csvChunks } from './audit-csv.ts';
import { allAuditEvents, parseAuditQuery, readAuditEvent, searchAuditEvents } from './audit-search.ts';
import { recordAccesses } from './my-record-accesses.ts';

function queryOf(request: FastifyRequest): URLSearchParams {
  const i = request.url.indexOf('?');
  return new URLSearchParams(i >= 0 ? request.url.slice(i + 1) : '');
}

export function registerAuditRoutes(app: FastifyInstance, deps: { db: Database; auditLog: AuditLog; baseUrl?: string }): void {
  const { db, auditLog } = deps;
  const note = (request: FastifyRequest, action: string, detail: Record<string, unknown>) => {
    const ctx = requireContext(request);
    return auditLog.record([auditRecordBy(ctx, action, 'success', { resourceType: 'AuditEvent', detail })]);
  };

  app.get('/fhir/R4/AuditEvent', async (request, reply) => {
    requireRole(request, 'admin', 'auditor');
    const q = queryOf(request);
    const r = await searchAuditEvents(db, q);
    await note(request, 'search', { query: q.toString() });
    const base = baseUrlFor(request, deps.baseUrl);
    const page = (offset: number) => {
      const p = new URLSearchParams(q);
      p.set('_count', String(r.count));
      p.set('_offset', String(offset));
      return `${base}/AuditEvent?${p.toString()}`;
    };
    reply.type('application/fhir+json; charset=utf-8');
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      total: r.total,
      link: [
        { relation: 'self', url: page(r.offset) },
        ...(r.count > 0 && r.offset + r.count < r.total ? [{ relation: 'next', url: page(r.offset + r.count) }] : []),
      ],
      entry: r.rows.map((row) => ({
        fullUrl: `${base}/AuditEvent/${row.seq}`,
        resource: auditEventResource(row),
        search: { mode: 'match' },
      })),
    };
  });

  app.get('/fhir/R4/AuditEvent/:id', async (request, reply) => {
    requireRole(request, 'admin', 'auditor');
    const row = await readAuditEvent(db, (request.params as { id: string }).id);
    if (!row) throw new HaleError('not-found', `AuditEvent/${(request.params as { id: string }).id} is not known`);
    await note(request, 'read', { auditEvent: row.seq });
    reply.type('application/fhir+json; charset=utf-8');
    return auditEventResource(row);
  });

  app.get('/api/v1/audit/events', async (request) => {
    requireRole(request, 'admin', 'auditor');
    const q = queryOf(request);
    const r = await searchAuditEvents(db, q);
    await note(request, 'search', { query: q.toString() });
    return {
      total: r.total,
      offset: r.offset,
      events: r.rows.map((row) => ({ ...row, recorded_at: new Date(row.recorded_at).toISOString() })),
    };
  });

  app.get('/api/v1/audit/events.csv', async (request, reply) => {
    requireRole(request, 'admin', 'auditor');
    const q = queryOf(request);
    // Parsed before anything is sent: a bad parameter is still a 400, not a broken download.
    const aq = parseAuditQuery(q);
    await note(request, 'export', { query: q.toString(), format: 'csv' });
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`);
    // Every matching row, newest first, streamed page by page (_count, _offset and _sort do not apply).
    return reply.send(Readable.from(csvChunks(allAuditEvents(db, aq))));
  });

  app.get('/api/v1/audit/my-record', async (request) => {
    const ctx = requireContext(request);
    if (!ctx.patientId) throw new HaleError('forbidden', 'Only a patient account has a record to ask about');
    const q = queryOf(request);
    const page = await recordAccesses(db, ctx.patientId, ctx.userId, q);
    // Recorded without the patient's id: looking at the list is not itself an access to the record.
    await note(request, 'search', { query: q.toString(), myRecord: true });
    return page;
  });
}
