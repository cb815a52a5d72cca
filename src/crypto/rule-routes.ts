/**
 * Admin API for the elements marked sensitive:
 *   GET    /api/v1/admin/sensitive-elements          built-in rules, admin rules, and the progress of applying a change
 *   POST   /api/v1/admin/sensitive-elements          { "path": "Patient.telecom.value" } -> 201
 *   DELETE /api/v1/admin/sensitive-elements/:rule    by id or path -> 204
 * Admins only. A change applies to the next write at once; in the same transaction as the
 * rule it requests a reindex of that resource type, which the server works off in the
 * background: values stored before are encrypted in place and the type's search index is
 * rebuilt (hashed values for a new rule, clear ones again for a removed rule).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Queryable } from '../db/types.ts';
import { HaleError, notFound } from '../errors.ts';
import type { ActingContext } from '../fhir/acting-context.ts';
import { BUILTIN_RULES } from './builtin-rules.ts';
import { addEncryptionRule, listEncryptionRules, removeEncryptionRule } from './encryption-rules.ts';
import { reindexProgressReport, requestReindex } from '../fhir/store/reindex-requests.ts';
import { auditRecordBy, type SecurityAudit } from '../access/security-audit.ts';
import type { SensitiveFields } from './sensitive-fields.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actingContext?: ActingContext;
  }
}

export interface EncryptionRuleRouteDeps {
  db: Queryable;
  /** Refreshed after every change, so this instance applies a new rule at once. */
  fields?: SensitiveFields;
  /** Told after a change is committed with its reindex request: the server starts working it off. */
  onRulesChanged?: () => void;
  /** Where each change is recorded (action `sensitive-element`): what is encrypted is a security setting. */
  audit?: SecurityAudit;
}

const BASE = '/api/v1/admin/sensitive-elements';

function requireAdmin(request: FastifyRequest): ActingContext {
  const ctx = request.actingContext;
  if (!ctx || ctx.userId === 'anonymous') throw new HaleError('unauthorized', 'Sign in to manage sensitive elements');
  if (!ctx.roles.includes('admin')) throw new HaleError('forbidden', 'Only an admin can manage sensitive elements');
  return ctx;
}

const ruleSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    resourceType: { type: 'string' },
    path: { type: 'string' },
    createdBy: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;

export function registerEncryptionRuleRoutes(app: FastifyInstance, deps: EncryptionRuleRouteDeps): void {
  const { db, fields } = deps;
  const changed = async (ctx: ActingContext, change: 'marked' | 'unmarked', path: string) => {
    await deps.audit?.([auditRecordBy(ctx, 'sensitive-element', 'success', { detail: { change, path } })]);
    if (fields) await fields.refresh(db);
    deps.onRulesChanged?.();
  };

  app.get(
    BASE,
    {
      schema: {
        response: {
          200: {
            type: 'object',
            properties: {
              builtIn: {
                type: 'array',
                items: { type: 'object', properties: { resourceType: { type: 'string' }, description: { type: 'string' } } },
              },
              rules: { type: 'array', items: ruleSchema },
              applying: {
                type: ['object', 'null'],
                properties: {
                  reasons: { type: 'array', items: { type: 'string' } },
                  types: { type: 'array', items: { type: 'string' } },
                  resourcesDone: { type: 'integer' },
                  resourcesTotal: { type: 'integer' },
                },
              },
            },
          },
        },
      },
    },
    async (request) => {
      requireAdmin(request);
      return {
        builtIn: BUILTIN_RULES.map((r) => ({ resourceType: r.resourceType, description: r.description })),
        rules: await listEncryptionRules(db),
        applying: (await reindexProgressReport(db)) ?? null,
      };
    },
  );

  app.post<{ Body: { path: string } }>(
    BASE,
    {
      schema: {
        body: {
          type: 'object',
          required: ['path'],
          additionalProperties: false,
          properties: { path: { type: 'string', minLength: 3, maxLength: 300 } },
        },
        response: { 201: ruleSchema },
      },
    },
    async (request, reply) => {
      const ctx = requireAdmin(request);
      const rule = await db.transaction(async (tx) => {
        const added = await addEncryptionRule(tx, request.body.path, ctx.userId);
        await requestReindex(tx, `${added.path} marked sensitive: encrypt the values stored before`, [added.resourceType]);
        return added;
      });
      await changed(ctx, 'marked', rule.path);
      return reply.code(201).send(rule);
    },
  );

  app.delete<{ Params: { rule: string } }>(
    `${BASE}/:rule`,
    {
      schema: {
        params: { type: 'object', required: ['rule'], properties: { rule: { type: 'string', maxLength: 300 } } },
      },
    },
    async (request, reply) => {
      const ctx = requireAdmin(request);
      const removed = await db.transaction(async (tx) => {
        const rule = await removeEncryptionRule(tx, request.params.rule);
        if (!rule) throw notFound(`No sensitive-element rule '${request.params.rule}'`);
        // Stored ciphertexts stay (still readable); the index holds clear values again, so searches match them.
        await requestReindex(tx, `${rule.path} no longer sensitive: index its values in clear`, [rule.resourceType]);
        return rule;
      });
      await changed(ctx, 'unmarked', removed.path);
      return reply.code(204).send();
    },
  );
}
