/**
 * Requests that never arrive in full are answered with a clear error before the connection
 * closes: a client that stops sending its body gets a 408 that names the setting, and
 * oversized headers get a 431.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ HALE_REQUEST_TIMEOUT_MS: '1000' });
});
afterAll(async () => {
  await s?.stop();
});

/** Writes raw bytes and reads until the server closes the connection. */
function rawExchange(bytes: string): Promise<{ status: number; body: string; ms: number }> {
  const { hostname, port } = new URL(s.url);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4), ms: Date.now() - started });
    });
  });
}

describe('requests that do not arrive in full', () => {
  it('answers 408, naming the timeout setting, when the body stops halfway', async () => {
    const r = await rawExchange(
      `POST /fhir/R4/Patient HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${s.adminToken}\r\n` +
        `Content-Type: application/fhir+json\r\nContent-Length: 200\r\n\r\n{"resourceType":`,
    );
    expect(r.status).toBe(408);
    const body = JSON.parse(r.body) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('request-timeout');
    expect(body.error.message).toMatch(/within 1 s \(HALE_REQUEST_TIMEOUT_MS\)/);
    // Checked every second for a 1 s timeout: answered well before Node's default 30 s round.
    expect(r.ms).toBeLessThan(10_000);
  });

  it('answers 431 to headers over the size limit', async () => {
    const r = await rawExchange(`GET /health HTTP/1.1\r\nHost: localhost\r\nX-Filler: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(r.status).toBe(431);
    expect((JSON.parse(r.body) as { error: { code: string } }).error.code).toBe('headers-too-large');
  });

  it('still serves a request sent in time', async () => {
    const r = await fetch(`${s.url}/health`);
    expect(r.status).toBe(200);
  });
});
