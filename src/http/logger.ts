/**
 * JSON logs (pino) with a request id on every line. Logs carry references and routes,
 * never resource bodies, names, identifiers, query strings or credentials.
 */
import { pino, type Logger, type LoggerOptions } from 'pino';

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], remove: true },
    serializers: {
      req(req: { method: string; url: string; id: string; ip?: string }) {
        // The query string can hold search values such as names and birth dates: drop it.
        return { method: req.method, path: req.url.split('?')[0], id: req.id, ip: req.ip };
      },
      res(res: { statusCode: number }) {
        return { statusCode: res.statusCode };
      },
    },
  };
}

/** One logger for the process: Fastify's request logs and the database engine share it. */
export function createLogger(level: string, enabled = true): Logger {
  return pino({ ...loggerOptions(level), enabled });
}
