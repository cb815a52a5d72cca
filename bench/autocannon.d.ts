/** The part of autocannon 9's programmatic API the benchmarks use (it ships no types). */
declare module 'autocannon' {
  namespace autocannon {
    interface Histogram {
      average: number;
      min: number;
      max: number;
      /** requests histogram: completed requests */
      total: number;
      p50: number;
      p90: number;
      p99: number;
    }
    interface RawRequest {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
    }
    interface RequestSpec extends RawRequest {
      setupRequest?: (req: RawRequest, context: Record<string, unknown>) => RawRequest;
    }
    interface Options extends RawRequest {
      url: string;
      connections?: number;
      /** seconds */
      duration?: number;
      /** seconds */
      timeout?: number;
      requests?: RequestSpec[];
    }
    interface Result {
      requests: Histogram;
      latency: Histogram;
      /** seconds */
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      statusCodeStats: Record<string, { count: number }>;
    }
    interface Instance extends Promise<Result> {
      stop(): void;
      /** Every answer, with its latency in milliseconds (fractional). */
      on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): this;
    }
  }
  function autocannon(opts: autocannon.Options): autocannon.Instance;
  export default autocannon;
}
