/**
 * Admin API for the elements marked sensitive:
 *   GET    /api/v1/admin/sensitive-elements          built-in rules and admin rules
 *   POST   /api/v1/admin/sensitive-elements          { "path": "Patient.telecom.value" } -> 201
 *   DELETE /api/v1/admin/sensitive-elements/:rule    by id or path -> 204
 * Admins only. A new rule covers values written from then on.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Queryable } from '../db/types.ts';
import { HaleError, notFound } from '../errors.ts';
import type { ActingContext } from '../fhir/acting-context.ts';
import { BUILTIN_RULES } from './builtin-rules.ts';
import { addEncryptionRule, listEncryptionRules, removeEncryptionRule } from './encryption-rules.ts';
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
      const rule = await addEncryptionRule(db, request.body.path, ctx.userId);
      if (fields) await fields.refresh(db);
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
      requireAdmin(request);
      if (!(await removeEncryptionRule(db, request.params.rule))) throw notFound(`No sensitive-element rule '${request.params.rule}'`);
      if (fields) await fields.refresh(db);
      return reply.code(204).send();
    },
  );
}
