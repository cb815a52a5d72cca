/**
 * SMS and WhatsApp through a Twilio-style HTTP API: POST a form (To, From, Body) to
 * HALE_SMS_URL with HTTP basic auth (HALE_SMS_ACCOUNT / HALE_SMS_TOKEN); the answer's `sid`
 * is the provider's id. WhatsApp is the same call with both numbers prefixed `whatsapp:`,
 * as Twilio's WhatsApp API takes them. Any provider with this shape works (several offer a
 * Twilio-compatible endpoint); one without it needs an adapter of its own beside this one.
 */
import type { SmsProviderConfig } from '../../../config.ts';
import type { ChannelAdapter, OutgoingMessage, SendResult } from './channel.ts';

const TIMEOUT_MS = 15_000;

export class HttpSmsChannel implements ChannelAdapter {
  readonly transport = 'http' as const;

  constructor(
    private readonly provider: SmsProviderConfig,
    readonly from: string,
    private readonly whatsapp: boolean,
  ) {}

  async send(m: OutgoingMessage): Promise<SendResult> {
    const to = this.whatsapp ? `whatsapp:${m.to.replace(/^whatsapp:/i, '')}` : m.to;
    const form = new URLSearchParams({ To: to, From: this.from, Body: m.text });
    const auth = Buffer.from(`${this.provider.account}:${this.provider.token}`).toString('base64');
    let res: Response;
    try {
      res = await fetch(this.provider.url, {
        method: 'POST',
        headers: { authorization: `Basic ${auth}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new Error(`the SMS provider could not be reached: ${(err as Error).message}`);
    }
    const text = await res.text();
    let body: { sid?: unknown; message?: unknown; code?: unknown } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // not JSON: the status says enough
    }
    if (!res.ok) {
      const why = typeof body.message === 'string' ? body.message : text.slice(0, 200) || res.statusText;
      throw new Error(`the SMS provider refused the message (HTTP ${res.status}${body.code ? `, code ${String(body.code)}` : ''}): ${why}`);
    }
    return { providerId: typeof body.sid === 'string' ? body.sid : '', status: 'sent' };
  }
}
