/**
 * Email through an SMTP server (HALE_SMTP_URL, HALE_MAIL_FROM) with nodemailer: plain-text
 * body, and the appointment's calendar entry attached as appointment.ics (text/calendar,
 * with its METHOD in the content type as RFC 6047 asks, so mail clients offer to add,
 * update or remove the entry).
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { ChannelAdapter, OutgoingMessage, SendResult } from './channel.ts';

export class SmtpChannel implements ChannelAdapter {
  readonly transport = 'smtp' as const;
  private readonly mailer: Transporter;

  constructor(
    url: string,
    readonly from: string,
  ) {
    // Short timeouts: a job waiting on a dead server holds up the next messages; the retry comes later anyway.
    const u = new URL(url);
    this.mailer = nodemailer.createTransport({
      host: u.hostname,
      port: u.port ? Number(u.port) : u.protocol === 'smtps:' ? 465 : 587,
      secure: u.protocol === 'smtps:',
      ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    });
  }

  async send(m: OutgoingMessage): Promise<SendResult> {
    const method = /METHOD:(\w+)/.exec(m.attachment?.content ?? '')?.[1];
    const info = await this.mailer.sendMail({
      from: this.from,
      to: m.to,
      subject: m.subject ?? '',
      text: m.text,
      ...(m.attachment
        ? {
            attachments: [
              {
                filename: m.attachment.filename,
                content: m.attachment.content,
                contentType: `${m.attachment.contentType}; charset=utf-8${method ? `; method=${method}` : ''}`,
              },
            ],
          }
        : {}),
    });
    return { providerId: String(info.messageId ?? ''), status: 'sent' };
  }

  close(): void {
    this.mailer.close();
  }
}
