/**
 * Latency of one query under load: autocannon drives it for a fixed time with a new path
 * per request (so no single cached answer is measured), and every answer's latency is kept
 * (fractional milliseconds) so p95 is exact; autocannon's own histogram has no p95 and
 * rounds to whole milliseconds.
 */
import autocannon from 'autocannon';

export interface Measured {
  reqPerS: number;
  p50: number;
  p95: number;
  p99: number;
  count: number;
  /** non-2xx answers, connection errors and timeouts */
  failures: number;
  statusCodes: string;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export async function measure(
  url: string,
  headers: Record<string, string>,
  nextPath: () => string,
  connections: number,
  durationS: number,
): Promise<Measured> {
  const latencies: number[] = [];
  const instance = autocannon({
    url,
    connections,
    duration: durationS,
    timeout: 60,
    headers,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: nextPath() }) }],
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const r = await instance;
  latencies.sort((a, b) => a - b);
  return {
    reqPerS: r.requests.total / r.duration,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    count: latencies.length,
    failures: r.non2xx + r.errors + r.timeouts,
    statusCodes: Object.entries(r.statusCodeStats ?? {})
      .map(([code, s]) => `${code}×${s.count}`)
      .join(' '),
  };
}
