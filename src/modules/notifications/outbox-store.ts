/**
 * The notification_outbox table (migration 0012): one row per delivery attempt, written in
 * the transaction that records the attempt's Communication; listed newest first for the
 * administrators' Outbox screen. Callers audit the reads (the rows name patients).
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../db/types.ts';
import type { Channel, OutboxKind } from './notification-terms.ts';
import type { ChannelAdapter } from './channels/channel.ts';

export type OutboxStatus = 'held' | 'sent' | 'failed';
export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['held', 'sent', 'failed'];

export interface OutboxEntry {
  channel: Channel;
  transport: 'outbox' | 'smtp' | 'http';
  status: OutboxStatus;
  recipient: string;
  sender?: string;
  subject?: string;
  body: string;
  attachment?: { filename: string; contentType: string; content: string };
  providerId?: string;
  error?: string;
  kind: OutboxKind;
  language?: string;
  appointmentId?: string;
  patientId?: string;
  communicationId?: string;
}

export interface OutboxMessage {
  id: string;
  createdAt: string;
  channel: Channel;
  transport: string;
  status: OutboxStatus;
  to: string;
  from: string | null;
  subject: string | null;
  text: string;
  kind: OutboxKind;
  language: string | null;
  providerId: string | null;
  error: string | null;
  appointmentId: string | null;
  patientId: string | null;
  communicationId: string | null;
  attachment: { filename: string; contentType: string; content?: string } | null;
}

interface Row {
  id: string;
  created_at: string | Date;
  channel: Channel;
  transport: string;
  status: OutboxStatus;
  recipient: string;
  sender: string | null;
  subject: string | null;
  body: string;
  attachment_name: string | null;
  attachment_type: string | null;
  attachment?: string | null;
  provider_id: string | null;
  error: string | null;
  kind: OutboxKind;
  language: string | null;
  appointment_id: string | null;
  patient_id: string | null;
  communication_id: string | null;
  total?: string | number;
}

/** The outbox fields of a message handed to a channel's adapter: how, to whom, what. */
export function outboxMessage(
  adapter: Pick<ChannelAdapter, 'transport' | 'from'>,
  channel: Channel,
  recipient: string,
  message: { subject?: string; text: string },
): Pick<OutboxEntry, 'channel' | 'transport' | 'recipient' | 'sender' | 'subject' | 'body'> {
  return {
    channel,
    transport: adapter.transport,
    recipient,
    ...(adapter.from ? { sender: adapter.from } : {}),
    ...(message.subject !== undefined ? { subject: message.subject } : {}),
    body: message.text,
  };
}

export async function addToOutbox(db: Queryable, e: OutboxEntry): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO notification_outbox (id, channel, transport, status, recipient, sender, subject, body, attachment_name, attachment_type,
       attachment, provider_id, error, kind, language, appointment_id, patient_id, communication_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
    [
      id,
      e.channel,
      e.transport,
      e.status,
      e.recipient,
      e.sender ?? null,
      e.subject ?? null,
      e.body,
      e.attachment?.filename ?? null,
      e.attachment?.contentType ?? null,
      e.attachment?.content ?? null,
      e.providerId ?? null,
      e.error?.slice(0, 2000) ?? null,
      e.kind,
      e.language ?? null,
      e.appointmentId ?? null,
      e.patientId ?? null,
      e.communicationId ?? null,
    ],
  );
  return id;
}

function toMessage(r: Row, withAttachment: boolean): OutboxMessage {
  return {
    id: r.id,
    createdAt: new Date(r.created_at).toISOString(),
    channel: r.channel,
    transport: r.transport,
    status: r.status,
    to: r.recipient,
    from: r.sender,
    subject: r.subject,
    text: r.body,
    kind: r.kind,
    language: r.language,
    providerId: r.provider_id,
    error: r.error,
    appointmentId: r.appointment_id,
    patientId: r.patient_id,
    communicationId: r.communication_id,
    attachment: r.attachment_name
      ? {
          filename: r.attachment_name,
          contentType: r.attachment_type ?? 'application/octet-stream',
          ...(withAttachment && r.attachment ? { content: r.attachment } : {}),
        }
      : null,
  };
}

const LIST_COLUMNS = `id, created_at, channel, transport, status, recipient, sender, subject, body, attachment_name, attachment_type,
  provider_id, error, kind, language, appointment_id, patient_id, communication_id`;

export interface OutboxFilter {
  channel?: Channel;
  status?: OutboxStatus;
  appointmentId?: string;
  patientId?: string;
}

/** A page of messages, newest first, with the number of all that match. */
export async function listOutbox(
  db: Queryable,
  filter: OutboxFilter,
  page: { offset: number; limit: number },
): Promise<{ messages: OutboxMessage[]; total: number }> {
  const r = await db.query<Row>(
    `SELECT ${LIST_COLUMNS}, count(*) OVER () AS total FROM notification_outbox
      WHERE ($1::text IS NULL OR channel = $1) AND ($2::text IS NULL OR status = $2)
        AND ($3::text IS NULL OR appointment_id = $3) AND ($4::text IS NULL OR patient_id = $4)
      ORDER BY created_at DESC, id DESC LIMIT $5 OFFSET $6`,
    [filter.channel ?? null, filter.status ?? null, filter.appointmentId ?? null, filter.patientId ?? null, page.limit, page.offset],
  );
  let total = Number(r.rows[0]?.total ?? 0);
  if (!r.rows.length && page.offset > 0) {
    const c = await db.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM notification_outbox WHERE ($1::text IS NULL OR channel = $1) AND ($2::text IS NULL OR status = $2)
         AND ($3::text IS NULL OR appointment_id = $3) AND ($4::text IS NULL OR patient_id = $4)`,
      [filter.channel ?? null, filter.status ?? null, filter.appointmentId ?? null, filter.patientId ?? null],
    );
    total = Number(c.rows[0]?.n ?? 0);
  }
  return { messages: r.rows.map((row) => toMessage(row, false)), total };
}

export async function readOutboxMessage(db: Queryable, id: string): Promise<OutboxMessage | undefined> {
  const r = await db.query<Row>(`SELECT ${LIST_COLUMNS}, attachment FROM notification_outbox WHERE id = $1`, [id]);
  return r.rows[0] ? toMessage(r.rows[0], true) : undefined;
}
