/**
 * Answers to requests that never became requests: a client too slow to send its request in
 * full (HALE_REQUEST_TIMEOUT_MS), headers too large, or bytes that are not HTTP. Node hands
 * these over before any route or hook runs, so they are written on the socket directly, in
 * the same `{ error: {...} }` shape as every other error, then the connection is closed.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

interface ClientError extends Error {
  code?: string;
}

function answer(socket: Socket, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message, details: [] } });
  socket.write(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function clientErrorHandler(requestTimeoutMs: number): (err: ClientError, socket: Socket) => void {
  return (err, socket) => {
    // A reset connection has nobody left to answer.
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    if (socket.writable) {
      if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
        const seconds = Math.round(requestTimeoutMs / 100) / 10;
        answer(
          socket,
          408,
          'request-timeout',
          `The request did not arrive in full within ${seconds} s (HALE_REQUEST_TIMEOUT_MS); send it again, or in smaller parts.`,
        );
      } else if (err.code === 'HPE_HEADER_OVERFLOW') {
        answer(
          socket,
          431,
          'headers-too-large',
          'The request headers are larger than this server accepts (16 KB); send fewer or shorter headers.',
        );
      } else {
        answer(socket, 400, 'bad-request', 'The request is not valid HTTP/1.1.');
      }
    }
    socket.destroy(err);
  };
}

/**
 * How often Node looks for requests past their time (by default every 30 s, so a short
 * timeout would fire up to 30 s late): a quarter of the timeout, between 1 and 30 s.
 */
export function timeoutCheckIntervalMs(requestTimeoutMs: number): number {
  return Math.min(30_000, Math.max(1_000, Math.floor(requestTimeoutMs / 4)));
}
