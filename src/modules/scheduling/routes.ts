/**
 * /api/v1/scheduling and /api/v1/appointments (docs/scheduling.md). Thin: each route builds
 * the caller's repository (access policy and audit live in the store), calls one use case
 * and shapes the answer. The double-booking guard is the store's, so it holds for FHIR
 * writes too. The no-show job's timer starts with the server.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../db/types.ts';
import { requireContext } from '../../http/authenticate.ts';
import { FhirRepository } from '../../fhir/store/repository.ts';
import type { StoreGuard } from '../../fhir/store/store-guard.ts';
import type { Json } from './field-errors.ts';
import { badRequest } from '../../errors.ts';
import { putAvailability } from './put-availability.ts';
import { getAvailability } from './get-availability.ts';
import { findSlots } from './find-slots.ts';
import { slotBundle } from './slot-resources.ts';
import { bookAppointment } from './book-appointment.ts';
import { rescheduleAppointment } from './reschedule-appointment.ts';
import { cancelAppointment } from './cancel-appointment.ts';
import { checkIn } from './check-in.ts';
import { startConsultation } from './start-consultation.ts';
import { completeVisit } from './complete-visit.ts';
import { appointmentHistory } from './get-history.ts';
import { listAppointments } from './list-appointments.ts';
import { addToWaitlist } from './add-to-waitlist.ts';
import { listWaitlist } from './list-waitlist.ts';
import type { SchedulingConfig } from './scheduling-config.ts';
import { startNoShowTimer } from './no-show-timer.ts';

export interface SchedulingRouteDeps {
  db: Database;
  guard: StoreGuard;
  config: SchedulingConfig;
}

export function registerSchedulingRoutes(app: FastifyInstance, deps: SchedulingRouteDeps): void {
  const { config } = deps;
  const repoFor = (request: FastifyRequest) => new FhirRepository(deps.db, requireContext(request), deps.guard);
  const id = (request: FastifyRequest) => (request.params as { id: string }).id;
  const query = (request: FastifyRequest) => request.query as Json;

  app.get('/api/v1/scheduling/availability/:id', async (request) => getAvailability(repoFor(request), id(request)));
  app.put('/api/v1/scheduling/availability/:id', async (request) => putAvailability(repoFor(request), id(request), request.body));
  app.get('/api/v1/scheduling/slots', async (request) => {
    const { format, ...rest } = query(request);
    if (format !== undefined && format !== 'fhir')
      throw badRequest('format: expected fhir (FHIR Slot resources) or nothing', [{ field: 'format', message: 'must be fhir when given' }]);
    const answer = await findSlots(repoFor(request), rest);
    return format === 'fhir' ? slotBundle(answer.slots) : answer;
  });

  app.get('/api/v1/scheduling/waitlist', async (request) => listWaitlist(repoFor(request), query(request)));
  app.post('/api/v1/scheduling/waitlist', async (request, reply) =>
    reply.status(201).send(await addToWaitlist(repoFor(request), request.body)),
  );

  app.get('/api/v1/appointments', async (request) => listAppointments(repoFor(request), query(request)));
  app.post('/api/v1/appointments', async (request, reply) => reply.status(201).send(await bookAppointment(repoFor(request), request.body)));
  app.post('/api/v1/appointments/:id/reschedule', async (request) => rescheduleAppointment(repoFor(request), id(request), request.body));
  app.post('/api/v1/appointments/:id/cancel', async (request) => cancelAppointment(repoFor(request), id(request), request.body));
  app.post('/api/v1/appointments/:id/check-in', async (request) => checkIn(repoFor(request), id(request)));
  app.post('/api/v1/appointments/:id/start', async (request) => startConsultation(repoFor(request), id(request)));
  app.post('/api/v1/appointments/:id/complete', async (request) => completeVisit(repoFor(request), id(request)));
  app.get('/api/v1/appointments/:id/history', async (request) => appointmentHistory(repoFor(request), id(request)));

  startNoShowTimer(app, deps.db, deps.guard, config);
}
