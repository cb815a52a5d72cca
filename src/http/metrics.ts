/** Prometheus metrics: requests by route and status, latency, DB pool, event-loop lag. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/types.ts';
import type { WriteCoalescer } from '../fhir/store/write-coalescer.ts';
import type { ReadCoalescer } from '../fhir/store/read-coalescer.ts';
import { isResourceType } from '../fhir/definitions.ts';

export function registerMetrics(app: FastifyInstance, db: Database, creates?: WriteCoalescer, reads?: ReadCoalescer): Registry {
  // A registry per app, so several servers in one process (tests) do not collide.
  const registry = new Registry();
  for (const metric of app.securityMetrics ?? []) registry.registerMetric(metric);
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const requests = new Counter({
    name: 'hale_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'hale_http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const pool = new Gauge({
    name: 'hale_db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const s = db.poolStats();
      this.set({ state: 'total' }, s.total);
      this.set({ state: 'idle' }, s.idle);
      this.set({ state: 'waiting' }, s.waiting);
    },
  });
  void pool;
  const counter = (name: string, help: string, value: () => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(value());
      },
    });
  if (creates) {
    counter('hale_create_statements_total', 'Statements that wrote plain creates (group commit)', () => creates.counts.statements);
    counter('hale_create_versions_total', 'Plain creates those statements wrote', () => creates.counts.creates);
    counter(
      'hale_create_retried_alone_total',
      'Creates written again on their own after the statement holding them failed',
      () => creates.counts.retriedAlone,
    );
  }
  if (reads) {
    counter('hale_read_statements_total', 'Statements that read resources by id (grouped reads)', () => reads.counts.statements);
    counter('hale_read_grouped_total', 'Reads by id those statements answered', () => reads.counts.reads);
    counter(
      'hale_read_retried_alone_total',
      'Reads run again on their own after the statement holding them failed',
      () => reads.counts.retriedAlone,
    );
  }

  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL: ids would explode the label set (and are PHI-adjacent).
    const route = fhirRouteLabel(request.url, request.routeOptions.url ?? 'unmatched');
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  return registry;
}

/** FHIR requests share one wildcard route; label them by interaction shape instead. */
function fhirRouteLabel(url: string, routePattern: string): string {
  if (!url.startsWith('/fhir/R4')) return routePattern;
  const parts = url.split('?')[0]!.split('/').slice(3).filter(Boolean);
  if (parts.length === 0) return '/fhir/R4';
  const known = (p: string) => isResourceType(p) || p === 'metadata' || p === '_history';
  const shape = parts.map((p, i) =>
    i === 0 ? (known(p) ? p : ':unknown') : p.startsWith('_') || p.startsWith('$') ? p : i === 3 ? ':vid' : ':id',
  );
  return `/fhir/R4/${shape.join('/')}`;
}
