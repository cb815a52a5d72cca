/** /api/v1/patients: the reception desk's patient lookup. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/types.ts';
import { requireContext } from '../../http/authenticate.ts';
import { FhirRepository } from '../../fhir/store/repository.ts';
import type { StoreGuard } from '../../fhir/store/store-guard.ts';
import { lookupPatients } from './service.ts';

export function registerPatientRoutes(app: FastifyInstance, deps: { db: Database; guard: StoreGuard }): void {
  // q, limit, birthDate, gender, active: checked by lookup-query.ts, whose 400s name the parameter as sent.
  app.get('/api/v1/patients/search', async (request) => {
    const repo = new FhirRepository(deps.db, requireContext(request), deps.guard);
    return lookupPatients(repo, request.query as Record<string, unknown>);
  });
}
