/**
 * /api/v1/patients: the reception desk's patient lookup and patient administration
 * (docs/patient-lookup.md, docs/patient-administration.md). Thin: each route builds the
 * caller's repository (access policy and audit live in the store), calls one use case and
 * shapes the answer. Who may do what is the store's role table, except where a route says
 * otherwise (undoing a merge, granting portal access).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../db/types.ts';
import type { ActingContext } from '../../fhir/acting-context.ts';
import { auditRecordBy, type SecurityAuditRecord } from '../../access/security-audit.ts';
import { requireContext, requireRole } from '../../http/authenticate.ts';
import { FhirRepository } from '../../fhir/store/repository.ts';
import type { StoreGuard } from '../../fhir/store/store-guard.ts';
import { parseEtagVersion } from '../../fhir/store/stored-resource.ts';
import { lookupPatients } from './service.ts';
import { DEFAULT_MRN_SYSTEM } from './mrn.ts';
import { registerPatient } from './register-patient.ts';
import { updateRegistration } from './update-registration.ts';
import { getRegistration } from './get-registration.ts';
import { findDuplicates } from './find-duplicates.ts';
import { mergePatients } from './merge-patients.ts';
import { undoMerge } from './undo-merge.ts';
import { chartSummary } from './chart-summary.ts';
import { patientChanges } from './patient-changes.ts';
import { deactivatePatient, markDeceased, reactivatePatient } from './patient-status.ts';
import { summarize } from '../scheduling/appointment-summary.ts';
import { addRelatedPerson, listRelatedPersons } from './related-persons.ts';
import { grantPortalAccess } from './portal-access.ts';
import { listDocuments } from './document-content.ts';
import { registerDocumentRoutes } from './document-routes.ts';

export interface PatientRouteDeps {
  db: Database;
  guard: StoreGuard;
  /** Largest document upload (HALE_DOCUMENT_MAX_BYTES); 20 MiB when not given. */
  documentMaxBytes?: number;
  /** The identifier system of the MRNs this server hands out. */
  mrnSystem?: string;
}

type Params = { id: string; rpId: string; mergeId: string };

/** The audit record of a change to a portal account on a patient's record, by the signed-in user. */
function accountRecord(ctx: ActingContext, patientId: string, detail: Record<string, unknown>): SecurityAuditRecord {
  return auditRecordBy(ctx, 'account', 'success', { patientIds: [patientId], detail });
}

export function registerPatientRoutes(app: FastifyInstance, deps: PatientRouteDeps): void {
  const mrnSystem = deps.mrnSystem ?? DEFAULT_MRN_SYSTEM;
  const repoFor = (request: FastifyRequest) => new FhirRepository(deps.db, requireContext(request), deps.guard);
  const params = (request: FastifyRequest) => request.params as Params;

  // q, limit, birthDate, gender, active: checked by lookup-query.ts, whose 400s name the parameter as sent.
  app.get('/api/v1/patients/search', async (request) => lookupPatients(repoFor(request), request.query as Record<string, unknown>));

  app.post('/api/v1/patients', async (request, reply) =>
    reply.status(201).send(await registerPatient(repoFor(request), request.body, { mrnSystem })),
  );

  app.post('/api/v1/patients/duplicates', async (request) => {
    const excludeId = (request.query as { excludeId?: unknown }).excludeId;
    return findDuplicates(repoFor(request), request.body, { mrnSystem, ...(typeof excludeId === 'string' ? { excludeId } : {}) });
  });

  app.post('/api/v1/patients/merge', async (request) => mergePatients(repoFor(request), request.body));

  app.post('/api/v1/patients/merge/:mergeId/undo', async (request) => {
    requireRole(request, 'admin');
    return undoMerge(repoFor(request), params(request).mergeId);
  });

  app.put('/api/v1/patients/:id', async (request) => {
    const ifMatch = parseEtagVersion(request.headers['if-match']);
    return updateRegistration(repoFor(request), params(request).id, request.body, {
      mrnSystem,
      ...(ifMatch !== undefined ? { ifMatch } : {}),
    });
  });

  app.get('/api/v1/patients/:id/registration', async (request) => getRegistration(repoFor(request), params(request).id, mrnSystem));

  app.get('/api/v1/patients/:id/chart-summary', async (request) => chartSummary(repoFor(request), params(request).id, mrnSystem));

  app.get('/api/v1/patients/:id/changes', async (request) =>
    patientChanges(repoFor(request), deps.db, params(request).id, request.query as Record<string, unknown>),
  );

  app.post('/api/v1/patients/:id/deactivate', async (request) => ({
    patient: await deactivatePatient(repoFor(request), params(request).id, request.body),
  }));
  app.post('/api/v1/patients/:id/reactivate', async (request) => ({
    patient: await reactivatePatient(repoFor(request), params(request).id, request.body),
  }));
  app.post('/api/v1/patients/:id/deceased', async (request) => {
    const { patient, cancelledAppointments, closedPortalAccounts } = await markDeceased(repoFor(request), params(request).id, request.body);
    const ctx = requireContext(request);
    if (closedPortalAccounts.length)
      await deps.guard.audit?.record(
        closedPortalAccounts.map((u) =>
          accountRecord(ctx, patient.id!, { what: 'disable (patient deceased)', target: u.id, patient: `Patient/${patient.id}` }),
        ),
      );
    return {
      patient,
      cancelledAppointments: cancelledAppointments.map((a) => summarize(a, undefined)),
      closedPortalAccounts: closedPortalAccounts.map((u) => u.username),
    };
  });

  app.get('/api/v1/patients/:id/related-persons', async (request) => listRelatedPersons(repoFor(request), params(request).id));
  app.post('/api/v1/patients/:id/related-persons', async (request, reply) =>
    reply.status(201).send(await addRelatedPerson(repoFor(request), params(request).id, request.body)),
  );

  app.post('/api/v1/patients/:id/related-persons/:rpId/portal-access', async (request, reply) => {
    // Opening a record to someone other than the patient is a front-desk or administrator decision, beyond what the role table says.
    const ctx = requireRole(request, 'admin', 'receptionist');
    const { id, rpId } = params(request);
    const granted = await grantPortalAccess(repoFor(request), id, rpId, request.body);
    await deps.guard.audit?.record([
      accountRecord(ctx, id, {
        what: 'create',
        target: granted.user.id,
        proxyFor: `Patient/${id}`,
        relatedPerson: `RelatedPerson/${rpId}`,
      }),
    ]);
    return reply.status(201).send(granted);
  });

  app.get('/api/v1/patients/:id/documents', async (request) => listDocuments(repoFor(request), params(request).id));
  registerDocumentRoutes(app, { db: deps.db, guard: deps.guard, documentMaxBytes: deps.documentMaxBytes ?? 20 * 1024 * 1024 });
}
