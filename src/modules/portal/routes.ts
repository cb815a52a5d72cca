/**
 * /api/v1/portal: patients book, move and cancel their own appointments, within the rules
 * each service sets for online booking (docs/scheduling.md, "Patient portal booking").
 * Thin: each route takes the caller as a portal patient (403 for everyone else), builds the
 * patient's repository and the portal's system repository acting for them
 * (portal-context.ts), and calls one use case.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../db/types.ts';
import { requireContext } from '../../http/authenticate.ts';
import { FhirRepository } from '../../fhir/store/repository.ts';
import type { StoreGuard } from '../../fhir/store/store-guard.ts';
import type { Json } from '../scheduling/field-errors.ts';
import { onBehalfOf, portalCaller, type PortalCaller } from './portal-context.ts';
import { listPortalServices } from './portal-services.ts';
import { findPortalSlots } from './portal-slots.ts';
import { listPortalAppointments } from './portal-appointments.ts';
import { portalBook } from './portal-book.ts';
import { portalReschedule } from './portal-reschedule.ts';
import { portalCancel } from './portal-cancel.ts';

export interface PortalRouteDeps {
  db: Database;
  guard: StoreGuard;
}

interface Portal {
  caller: PortalCaller;
  /** The patient's own repository: reads, under the compartment rule. */
  repo: FhirRepository;
  /** The portal's system repository acting for the patient: availability reads and the writes. */
  sys: FhirRepository;
}

export function registerPortalRoutes(app: FastifyInstance, deps: PortalRouteDeps): void {
  const portal = (request: FastifyRequest): Portal => {
    const caller = portalCaller(requireContext(request));
    return {
      caller,
      repo: new FhirRepository(deps.db, caller.ctx, deps.guard),
      sys: new FhirRepository(deps.db, onBehalfOf(caller), deps.guard),
    };
  };
  const id = (request: FastifyRequest) => (request.params as { id: string }).id;

  app.get('/api/v1/portal/services', async (request) => {
    const p = portal(request);
    return listPortalServices(p.repo, p.sys);
  });
  app.get('/api/v1/portal/slots', async (request) => {
    const p = portal(request);
    return findPortalSlots(p.repo, p.sys, p.caller.patientId, request.query as Json);
  });
  app.get('/api/v1/portal/appointments', async (request) => {
    const p = portal(request);
    return listPortalAppointments(p.repo, p.sys, p.caller.patientId);
  });
  app.post('/api/v1/portal/appointments', async (request, reply) => {
    const p = portal(request);
    return reply.status(201).send({ appointment: await portalBook(p.repo, p.sys, p.caller, request.body) });
  });
  app.post('/api/v1/portal/appointments/:id/reschedule', async (request) => {
    const p = portal(request);
    return { appointment: await portalReschedule(p.repo, p.sys, p.caller, id(request), request.body) };
  });
  app.post('/api/v1/portal/appointments/:id/cancel', async (request) => {
    const p = portal(request);
    return { appointment: await portalCancel(p.repo, p.sys, p.caller, id(request), request.body) };
  });
}
