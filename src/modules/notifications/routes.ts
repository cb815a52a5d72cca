/**
 * /api/v1/notifications (administrators: the outbox and the message templates) and
 * /api/v1/patients/:id/notification-preferences (docs/notifications.md). Outbox rows name
 * patients and appointment times, so every read of them is audited before the answer
 * leaves; template changes are audited too.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { auditRecordBy, type SecurityAuditRecord } from '../../access/security-audit.ts';
import type { Database } from '../../db/types.ts';
import { HaleError } from '../../errors.ts';
import type { ActingContext } from '../../fhir/acting-context.ts';
import { FhirRepository } from '../../fhir/store/repository.ts';
import type { StoreGuard } from '../../fhir/store/store-guard.ts';
import { requireContext, requireRole } from '../../http/authenticate.ts';
import { FieldErrors } from '../scheduling/field-errors.ts';
import { CHANNELS, isChannel } from './notification-terms.ts';
import { OUTBOX_STATUSES, listOutbox, readOutboxMessage, type OutboxMessage, type OutboxStatus } from './outbox-store.ts';
import { getPreferences, putPreferences } from './preferences-service.ts';
import { listTemplates, previewTemplate, putTemplate, resetTemplate, templateKey } from './template-service.ts';

const PAGE_SIZE = 50;

export function registerNotificationRoutes(app: FastifyInstance, deps: { db: Database; guard: StoreGuard }): void {
  const { db, guard } = deps;
  const repoFor = (request: FastifyRequest) => new FhirRepository(db, requireContext(request), guard);
  const audit = (ctx: ActingContext, action: string, extra: Partial<SecurityAuditRecord>) =>
    guard.audit?.record([auditRecordBy(ctx, action, 'success', extra)]);
  const seen = (messages: OutboxMessage[]) => ({
    patientIds: [...new Set(messages.flatMap((m) => (m.patientId ? [m.patientId] : [])))],
    resultIds: messages.map((m) => (m.communicationId ? `Communication/${m.communicationId}` : `outbox/${m.id}`)),
  });

  app.get('/api/v1/notifications/outbox', async (request) => {
    const ctx = requireRole(request, 'admin');
    const q = request.query as Record<string, string | undefined>;
    const errors = new FieldErrors();
    const channel = q.channel || undefined;
    const status = q.status || undefined;
    if (channel !== undefined && !isChannel(channel)) errors.add('channel', `must be one of ${CHANNELS.join(', ')}`);
    if (status !== undefined && !OUTBOX_STATUSES.includes(status as OutboxStatus))
      errors.add('status', `must be one of ${OUTBOX_STATUSES.join(', ')}`);
    const page = q.page === undefined || q.page === '' ? 1 : Number(q.page);
    if (!Number.isInteger(page) || page < 1 || page > 100_000) errors.add('page', 'must be a page number from 1');
    const appointmentId = q.appointment || undefined;
    if (appointmentId !== undefined && !/^[A-Za-z0-9\-.]{1,64}$/.test(appointmentId))
      errors.add('appointment', 'must be an Appointment id');
    if (errors.count) throw new HaleError('bad-request', 'The outbox query has problems', errors.details);
    const { messages, total } = await listOutbox(
      db,
      {
        ...(channel ? { channel: channel as (typeof CHANNELS)[number] } : {}),
        ...(status ? { status: status as OutboxStatus } : {}),
        ...(appointmentId ? { appointmentId } : {}),
      },
      { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE },
    );
    await audit(ctx, 'search', {
      resourceType: 'NotificationOutbox',
      query: new URLSearchParams(q as Record<string, string>).toString(),
      ...seen(messages),
    });
    return { messages, page, pageSize: PAGE_SIZE, total };
  });

  app.get('/api/v1/notifications/outbox/:id', async (request) => {
    const ctx = requireRole(request, 'admin');
    const id = (request.params as { id: string }).id;
    const message = /^[0-9a-f-]{36}$/.test(id) ? await readOutboxMessage(db, id) : undefined;
    if (!message) throw new HaleError('not-found', `There is no outbox message ${id}`);
    await audit(ctx, 'read', { resourceType: 'NotificationOutbox', resourceId: id, ...seen([message]) });
    return message;
  });

  app.get('/api/v1/notifications/templates', async (request) => {
    requireRole(request, 'admin');
    return listTemplates(db);
  });

  app.post('/api/v1/notifications/templates/preview', async (request) => {
    requireRole(request, 'admin');
    return previewTemplate(request.body);
  });

  type KeyParams = { kind?: string; channel?: string; language?: string };
  app.put('/api/v1/notifications/templates/:kind/:channel/:language', async (request) => {
    const ctx = requireRole(request, 'admin');
    const params = request.params as KeyParams;
    const saved = await putTemplate(db, params, request.body, ctx.userId);
    await audit(ctx, 'notification-template', { detail: { what: 'save', ...templateKey(params) } });
    return saved;
  });

  app.delete('/api/v1/notifications/templates/:kind/:channel/:language', async (request, reply) => {
    const ctx = requireRole(request, 'admin');
    const params = request.params as KeyParams;
    await resetTemplate(db, params);
    await audit(ctx, 'notification-template', { detail: { what: 'reset', ...templateKey(params) } });
    return reply.status(204).send();
  });

  app.get('/api/v1/patients/:id/notification-preferences', async (request) =>
    getPreferences(repoFor(request), (request.params as { id: string }).id),
  );
  app.put('/api/v1/patients/:id/notification-preferences', async (request) =>
    putPreferences(repoFor(request), (request.params as { id: string }).id, request.body),
  );
}
