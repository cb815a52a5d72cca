/** /api/v1/admin: user accounts and the break-glass review queue; /api/v1/break-glass for clinicians. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/types.ts';
import { requireRole, requireContext } from '../http/authenticate.ts';
import {
  accountNames,
  createUser,
  getUser,
  listUsers,
  resetMfa,
  resetPassword,
  unlockUser,
  updateUser,
  type NewUser,
  type UserChanges,
} from './accounts.ts';
import { breakGlass, listBreakGlass, reviewBreakGlass, type AccessNoticeStates, type QueueAccessNotices } from './break-glass.ts';
import type { StoreGuard } from '../fhir/store/store-guard.ts';
import { ROLES } from './roles.ts';
import { auditRecordBy, type AuditActor, type SecurityAudit } from './security-audit.ts';

const link = { type: ['string', 'null'], maxLength: 64 };
const userBody = {
  type: 'object',
  properties: {
    username: { type: 'string', maxLength: 64 },
    displayName: { type: 'string', maxLength: 200 },
    roles: { type: 'array', items: { type: 'string', enum: [...ROLES] }, minItems: 1 },
    password: { type: 'string', maxLength: 1024 },
    patientId: link,
    relatedPersonId: link,
    practitionerId: link,
    organizationId: link,
    disabled: { type: 'boolean' },
  },
  additionalProperties: false,
};

export function registerAdminRoutes(
  app: FastifyInstance,
  deps: {
    db: Database;
    audit: SecurityAudit;
    guard: StoreGuard;
    queueAccessNotices: QueueAccessNotices;
    accessNoticeStates: AccessNoticeStates;
  },
): void {
  const { db } = deps;
  const accountAudit = async (actor: AuditActor, what: string, target: string) =>
    deps.audit([auditRecordBy(actor, 'account', 'success', { detail: { what, target } })]);

  app.get('/api/v1/admin/users', async (request) => {
    requireRole(request, 'admin');
    return { users: await listUsers(db) };
  });

  app.post('/api/v1/admin/users', { schema: { body: { ...userBody, required: ['username', 'roles'] } } }, async (request, reply) => {
    const ctx = requireRole(request, 'admin');
    const created = await createUser(db, request.body as NewUser);
    await accountAudit(ctx, 'create', created.user.id);
    return reply.status(201).send(created);
  });

  app.get('/api/v1/admin/users/:id', async (request) => {
    requireRole(request, 'admin');
    return getUser(db, (request.params as { id: string }).id);
  });

  app.patch('/api/v1/admin/users/:id', { schema: { body: userBody } }, async (request) => {
    const ctx = requireRole(request, 'admin');
    const id = (request.params as { id: string }).id;
    const user = await updateUser(db, id, request.body as UserChanges);
    await accountAudit(ctx, 'update', id);
    return user;
  });

  app.post('/api/v1/admin/users/:id/reset-password', async (request) => {
    const ctx = requireRole(request, 'admin');
    const id = (request.params as { id: string }).id;
    const temporaryPassword = await resetPassword(db, id);
    await accountAudit(ctx, 'reset-password', id);
    return { temporaryPassword };
  });

  app.post('/api/v1/admin/users/:id/unlock', async (request) => {
    const ctx = requireRole(request, 'admin');
    const id = (request.params as { id: string }).id;
    await accountAudit(ctx, 'unlock', id);
    return unlockUser(db, id);
  });

  app.post('/api/v1/admin/users/:id/reset-mfa', async (request) => {
    const ctx = requireRole(request, 'admin');
    const id = (request.params as { id: string }).id;
    await accountAudit(ctx, 'reset-mfa', id);
    return resetMfa(db, id);
  });

  app.post('/api/v1/break-glass', async (request, reply) => {
    const ctx = requireContext(request);
    const body = (request.body ?? {}) as { patientId?: unknown; reason?: unknown };
    const grant = await breakGlass(db, ctx, body, { audit: deps.audit, guard: deps.guard, queueNotices: deps.queueAccessNotices });
    return reply.status(201).send(grant);
  });

  app.get('/api/v1/admin/break-glass', async (request) => {
    const ctx = requireRole(request, 'admin', 'auditor');
    const status = (request.query as { status?: string }).status;
    const grants = await listBreakGlass(db, status !== 'all');
    // Auditors may not list accounts, yet must see who broke the glass: the names come with the grants.
    const names = await accountNames(
      db,
      grants.flatMap((g) => [g.userId, ...(g.reviewedBy ? [g.reviewedBy] : [])]),
    );
    // Whether the patient was told, and how: what the privacy officer checks before closing a grant.
    const notices = await deps.accessNoticeStates(
      db,
      deps.guard,
      grants.flatMap((g) => (g.patientNoticeId ? [g.patientNoticeId] : [])),
    );
    // The list names patients and why their records were opened: its reading is audited like a search.
    await deps.audit([
      auditRecordBy(ctx, 'search', 'success', {
        resourceType: 'BreakGlassGrant',
        query: status === 'all' ? 'status=all' : 'status=pending',
        patientIds: [...new Set(grants.map((g) => g.patientId))],
        resultIds: grants.flatMap((g) => [`BreakGlassGrant/${g.id}`, ...(g.patientNoticeId ? [`Communication/${g.patientNoticeId}`] : [])]),
      }),
    ]);
    return {
      grants: grants.map((g) => ({
        ...g,
        ...(g.patientNoticeId && notices.has(g.patientNoticeId) ? { patientNotice: notices.get(g.patientNoticeId) } : {}),
        ...(names.has(g.userId) ? { user: names.get(g.userId) } : {}),
        ...(g.reviewedBy && names.has(g.reviewedBy) ? { reviewer: names.get(g.reviewedBy) } : {}),
      })),
    };
  });

  app.post('/api/v1/admin/break-glass/:id/review', async (request) => {
    const ctx = requireRole(request, 'admin', 'auditor');
    return reviewBreakGlass(db, (request.params as { id: string }).id, ctx.userId, (request.body as { note?: unknown } | undefined)?.note);
  });
}
